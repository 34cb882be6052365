"""The report's sections, in order: what each shows, which marts it needs, how it reads them, its
chart and the one-line finding printed above it.

A section whose marts are not in the published copy is shown as "not built in this warehouse"
instead of failing the report: the report works before and after a mart is added.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import polars as pl
from matplotlib.figure import Figure

from pipelines.currency import money_text
from pipelines.report import charts, queries

Data = tuple[pl.DataFrame, ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    explanation: str
    tables: tuple[str, ...]
    read: Callable[[duckdb.DuckDBPyConnection], Data]
    chart: Callable[..., Figure]
    finding: Callable[..., str]
    # Shown as an image in the asset's metadata in the Dagster UI too.
    is_key_plot: bool = False
    # The figures behind the chart as an HTML table, where words say more than bars.
    table: Callable[..., str] | None = None
    # Its chart, finding and table show amounts: they get the shop's currency as `currency=`.
    shows_money: bool = False


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _rfm_finding(cells: pl.DataFrame, currency: str | None = None) -> str:
    segments = (
        cells.group_by("rfm_segment")
        .agg(pl.col("customers").sum(), pl.col("net_revenue").sum())
        .sort("net_revenue", "rfm_segment", descending=[True, False])
    )
    total = float(segments["net_revenue"].sum() or 0)
    if not segments.height or total <= 0:
        return "No buyers yet."
    top = segments.row(0, named=True)
    return (
        f"{top['rfm_segment']} bring the most revenue: {top['customers']:,} buyers, "
        f"{_share(float(top['net_revenue']) / total)} of net revenue."
    )


def _clv_finding(
    bins: pl.DataFrame, fit: pl.DataFrame | None = None, currency: str | None = None
) -> str:
    buyers = int(bins["customers"].sum() or 0)
    if not buyers:
        return "No buyer has a CLV yet."
    median_bin = bins.filter(bins["customers"].cum_sum() >= buyers / 2).row(0, named=True)
    finding = (
        f"{buyers:,} buyers with a CLV; half of them are expected to bring less than "
        f"{money_text(median_bin['bin_end'], currency, 0)} in the next 12 months."
    )
    # A regularised fit says so (docs/analytics.md#clv): its figures are rough.
    warning = fit["fit_warning"][0] if fit is not None and fit.height else None
    return f"{finding} Fit: {fit['fit_method'][0]}. {warning}" if warning else finding


def _pareto_finding(curve: pl.DataFrame, classes: pl.DataFrame) -> str:
    a_class = classes.filter(pl.col("abc_class") == "A")
    if not a_class.height:
        return "No buyers yet."
    return (
        f"{_share(a_class['share_of_customers'][0])} of buyers (class A) bring "
        f"{_share(a_class['share_of_revenue'][0])} of net revenue."
    )


def _value_matrix_finding(cells: pl.DataFrame, currency: str | None = None) -> str:
    win_back = cells.filter(
        (pl.col("current_value_tertile") == "high") & (pl.col("clv_tertile") == "low")
    )
    count = int(win_back["customers"].sum() or 0)
    return (
        f"{count:,} buyer(s) were worth much so far but are expected to bring little: "
        "the ones to win back."
    )


def _persona_finding(personas: pl.DataFrame, currency: str | None = None) -> str:
    valued = personas.filter(pl.col("average_clv").is_not_null()).sort(
        "average_clv", "persona", descending=[True, False]
    )
    if not valued.height:
        return f"{personas.height} personas."
    top = valued.row(0, named=True)
    return (
        f"{personas.height} personas; the most valuable per customer: {top['persona']} "
        f"(average CLV {money_text(top['average_clv'], currency, 0)}, prefers "
        f"{top['channel_preference']})."
    )


def _persona_table(personas: pl.DataFrame, currency: str | None = None) -> str:
    header = ("persona", "customers", "average CLV", "high churn risk", "prefers", "buys most")
    rows = [
        (
            row["persona"] or "(none)",
            f"{row['customers']:,}",
            "–" if row["average_clv"] is None else money_text(row["average_clv"], currency, 0),
            _share(row["high_churn_risk_share"]),
            row["channel_preference"] or "–",
            row["top_categories"] or "–",
        )
        for row in personas.iter_rows(named=True)
    ]
    return _html_table(header, rows)


def _html_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A plain table; every cell escaped."""
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _channel_finding(weekly: pl.DataFrame) -> str:
    if not weekly.height:
        return "No touches recorded."
    last = weekly.filter(pl.col("week_start") == pl.col("week_start").max())
    top = last.sort("touches", "channel", descending=[True, False]).row(0, named=True)
    return (
        f"In the last week (from {top['week_start']:%d %b %Y}) {top['channel']} had the most "
        f"touches: {top['touches']:,} of {int(last['touches'].sum()):,}."
    )


def _campaign_finding(campaigns: pl.DataFrame) -> str:
    above = campaigns.filter(pl.col("response_rate") > pl.col("untargeted_response_rate"))
    return (
        f"{above.height} of the last {campaigns.height} campaigns drew more responses than the "
        "untargeted baseline."
    )


SECTIONS = (
    Section(
        key="rfm",
        title="RFM segments",
        explanation="Every buyer scored 1–5 on recency and on frequency & spend (ties share a "
        "score); each cell of the grid is one segment of the RFM segment grid. Colour: buyers in "
        "the cell; text: segment, buyers, net revenue.",
        tables=("customer_rfm", "rfm_segment_grid"),
        read=lambda c: (queries.rfm_grid(c),),
        chart=charts.rfm_grid,
        finding=_rfm_finding,
        shows_money=True,
        is_key_plot=True,
    ),
    Section(
        key="clv",
        title="Customer lifetime value",
        explanation="How many buyers are expected to bring how much over the next 12 months "
        "(BG/NBD × Gamma-Gamma, discounted 1 % a month). The last bar holds the top 1 %.",
        tables=("customer_clv",),
        read=lambda c: (queries.clv_histogram(c), queries.clv_fit(c)),
        chart=lambda bins, _fit, currency=None: charts.clv_histogram(bins, currency),
        finding=_clv_finding,
        shows_money=True,
        is_key_plot=True,
    ),
    Section(
        key="pareto",
        title="A/B/C: the Pareto curve",
        explanation="Buyers ranked by net revenue, best first: the curve shows the share of "
        "revenue the top share of buyers brings. Class A brings the first 80 %, B the next 15 %, "
        "C the last 5 %.",
        tables=("customer_rfm", "abc_class_summary"),
        read=lambda c: (queries.pareto_curve(c), queries.abc_classes(c)),
        chart=charts.pareto_curve,
        finding=_pareto_finding,
        is_key_plot=True,
    ),
    Section(
        key="value_matrix",
        title="Value matrix",
        explanation="Current value (net revenue to date) against future value (CLV), each in "
        "thirds: high current and low future value means a customer slipping away.",
        tables=("customer_value_matrix",),
        read=lambda c: (queries.value_matrix(c),),
        chart=charts.value_matrix,
        finding=_value_matrix_finding,
        shows_money=True,
    ),
    Section(
        key="personas",
        title="Personas",
        explanation="Behaviour clusters named from the persona catalogue: how many customers "
        "each holds, what a customer of it is expected to bring, the share at high churn risk, "
        "the channel they buy through most and their top categories.",
        tables=("persona_summary", "persona_profiles"),
        read=lambda c: (queries.personas(c),),
        chart=charts.persona_profiles,
        finding=_persona_finding,
        table=_persona_table,
        shows_money=True,
    ),
    Section(
        key="channels",
        title="Channel usage over the weeks",
        explanation="Touches per ISO week (Monday to Sunday) in every channel: shop visits on "
        "the web, in the app and in the store, email opens and clicks, social interactions.",
        tables=("weekly_channel_usage",),
        read=lambda c: (queries.weekly_channel_usage(c),),
        chart=charts.channel_usage,
        finding=_channel_finding,
        is_key_plot=True,
    ),
    Section(
        key="campaigns",
        title="Campaign performance",
        explanation=f"The last {queries.CAMPAIGNS_SHOWN} email campaigns: the share of "
        "recipients who responded (bar) and clicked (diamond), against the response rate "
        "expected without the campaign (dashed line).",
        tables=("campaign_performance",),
        read=lambda c: (queries.campaign_performance(c),),
        chart=charts.campaign_performance,
        finding=_campaign_finding,
    ),
)
