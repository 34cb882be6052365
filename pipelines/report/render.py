"""The report as one self-contained HTML file: inline SVG charts and inline CSS, no script and
nothing fetched when it is opened (it can be mailed or opened offline)."""

from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import duckdb

from pipelines.data_end import data_lag_days
from pipelines.publish.tables import MARTS_SCHEMA
from pipelines.report import charts
from pipelines.report.sections import SECTIONS, Section
from pipelines.settings import duckdb_config

TITLE = "klantbeeld — customer insight report"
TEMPLATE = Path(__file__).with_name("template.html")


@dataclass
class Report:
    html: str
    as_of_date: dt.date | None
    rendered: list[str] = field(default_factory=list)
    # Section key → the marts it needs that the copy does not hold.
    missing: dict[str, list[str]] = field(default_factory=dict)
    # Section key → the chart as PNG, for the asset's metadata.
    key_plots: dict[str, bytes] = field(default_factory=dict)
    # The shop's currency every amount is shown in (None: a copy without order_currencies).
    currency: str | None = None


def build_report(published_duckdb: Path, release: str | None = None) -> Report:
    """The report from the published copy's DuckDB file (opened read-only)."""
    with duckdb.connect(
        str(published_duckdb), read_only=True, config=duckdb_config()
    ) as connection:
        present = _mart_tables(connection)
        as_of = _as_of_date(connection) if "customer_rfm" in present else None
        report = Report(html="", as_of_date=as_of)
        report.currency = _shop_currency(connection) if "order_currencies" in present else None
        blocks = [_section(connection, section, present, report) for section in SECTIONS]
    report.html = Template(TEMPLATE.read_text()).substitute(
        title=TITLE,
        subtitle=html.escape(_subtitle(as_of, release)),
        navigation=" ".join(f'<a href="#{s.key}">{html.escape(s.title)}</a>' for s in SECTIONS),
        sections="\n".join(blocks),
        footer="Aggregates only: counts, sums and shares over groups of customers, no personal "
        "data. Made by klantbeeld from the pseudonymised copy for BI.",
    )
    return report


def _mart_tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = ?",
        [MARTS_SCHEMA],
    ).fetchall()
    return {name for (name,) in rows}


def _as_of_date(connection: duckdb.DuckDBPyConnection) -> dt.date | None:
    return connection.execute("select max(as_of_date) from marts.customer_rfm").fetchall()[0][0]


def _shop_currency(connection: duckdb.DuckDBPyConnection) -> str | None:
    return connection.execute("select min(shop_currency) from marts.order_currencies").fetchall()[
        0
    ][0]


def _subtitle(as_of: dt.date | None, release: str | None, today: dt.date | None = None) -> str:
    """The as-of date (by default the end of the data, pipelines/analysis_date.py) and, when it
    lies well before the day the report is made, how far: a reader must not take an old export's
    figures for this month's."""
    parts = [f"As of {as_of:%d %B %Y}" if as_of else "As of: no buyers yet"]
    if release:
        parts.append(f"published release {release}")
    lag = data_lag_days(as_of, today)
    if lag is not None:
        parts.append(f"figures dated {lag:,} days before this report was made")
    return " · ".join(parts)


def _section(
    connection: duckdb.DuckDBPyConnection, section: Section, present: set[str], report: Report
) -> str:
    missing = [table for table in section.tables if table not in present]
    if missing:
        report.missing[section.key] = missing
        names = ", ".join(f"{MARTS_SCHEMA}.{table}" for table in missing)
        body = f'<p class="missing">Not built in this warehouse: {html.escape(names)}.</p>'
        return _block(section, body)
    data = section.read(connection)
    if data[0].is_empty():
        names = ", ".join(f"{MARTS_SCHEMA}.{table}" for table in section.tables)
        return _block(section, f'<p class="missing">No data yet in {html.escape(names)}.</p>')
    money = {"currency": report.currency} if section.shows_money else {}
    figure = section.chart(*data, **money)
    report.rendered.append(section.key)
    if section.is_key_plot:
        report.key_plots[section.key] = charts.to_png(figure)
    finding = f'<p class="finding">{html.escape(section.finding(*data, **money))}</p>'
    table = section.table(*data, **money) if section.table else ""
    return _block(section, f'{finding}\n<div class="chart">{charts.to_svg(figure)}</div>{table}')


def _block(section: Section, body: str) -> str:
    return (
        f'<section id="{section.key}">\n<h2>{html.escape(section.title)}</h2>\n'
        f'<p class="explanation">{html.escape(section.explanation)}</p>\n{body}\n</section>'
    )


def key_plots_markdown(report: Report) -> str:
    """The key plots as inline PNG images: what Dagster's UI renders in asset metadata."""
    titles = {s.key: s.title for s in SECTIONS}
    return "\n\n".join(
        f"**{titles[key]}**\n\n![{titles[key]}](data:image/png;base64,"
        f"{base64.b64encode(png).decode()})"
        for key, png in report.key_plots.items()
    )
