"""The short, personal-data-free summary printed after a run."""

from __future__ import annotations

from pathlib import Path

import click
import duckdb
from dagster import ExecuteInProcessResult

from pipelines.settings import duckdb_config
from pipelines.warehouse_tables import table_exists

_PERSON_FIGURES = """
select
    count(*) as persons,
    count(*) filter (where is_buyer) as buyers,
    count(*) filter (where is_email_marketable) as marketable,
    count(*) filter (where shop_account_count > 1) as with_several_accounts,
    sum(order_count) as purchases,
    sum(net_revenue) as net_revenue
from marts.customer_360
"""


# The roll-ups, as printed after a run (all personal-data-free aggregates).
_ROLLUPS = {
    "RFM segments (marts.rfm_segment_summary)": "select rfm_segment, customers, net_revenue, "
    "total_clv, high_churn_risk_share from marts.rfm_segment_summary order by segment_order",
    "Personas (marts.persona_summary)": "select persona, customers, net_revenue, total_clv, "
    "high_churn_risk_share from marts.persona_summary order by customers desc",
}


def failed_checks(result: ExecuteInProcessResult) -> list[tuple[str, str]]:
    """(severity, "asset: check") of every check that did not pass, errors first."""
    failed = []
    for event in result.all_events:
        if event.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        evaluation = event.event_specific_data
        if not evaluation.passed:
            name = f"{evaluation.asset_key.to_user_string()}: {evaluation.check_name}"
            failed.append((evaluation.severity.value, name))
    return sorted(failed)


def print_summary(warehouse_path: Path, run_id: str | None) -> None:
    with duckdb.connect(str(warehouse_path), read_only=True, config=duckdb_config()) as connection:
        if run_id is None:
            latest = connection.execute(
                "select run_id from ops.ingest_log order by ingested_at desc limit 1"
            ).fetchone()
            run_id = latest[0] if latest else None
        ingested = connection.execute(
            "select source || '.' || table_name, landed, loaded, duplicates, quarantined, "
            "suppressed "
            "from ops.ingest_log where run_id = ? order by source, table_name",
            [run_id],
        ).fetchall()
        figures = (
            connection.execute(_PERSON_FIGURES).fetchone()
            if table_exists(connection, "marts.customer_360")
            else None
        )
        rollups = {
            title: connection.execute(query).fetchall()
            for title, query in _ROLLUPS.items()
            if table_exists(connection, "marts." + query.split("from marts.")[1].split()[0])
        }

    click.echo("\nIngested (landed = loaded + duplicates + quarantined + suppressed):")
    click.echo(
        f"  {'table':<22}{'landed':>11}{'loaded':>11}{'duplicates':>12}{'quarantined':>13}"
        f"{'suppressed':>12}"
    )
    for table, landed, loaded, duplicates, quarantined, suppressed in ingested:
        click.echo(
            f"  {table:<22}{landed:>11,}{loaded:>11,}{duplicates:>12,}{quarantined:>13,}"
            f"{suppressed:>12,}"
        )
    if figures is None:
        click.echo("marts.customer_360 was not built.")
        return
    persons, buyers, marketable, several, purchases, revenue = figures
    click.echo(
        f"\nmarts.customer_360: {persons:,} people — {buyers:,} buyers with {purchases or 0:,} "
        f"purchases and € {revenue or 0:,.2f} net revenue; {marketable:,} may be emailed; "
        f"{several:,} hold more than one shop account.\nWarehouse: {warehouse_path}"
    )
    _print_clv_fit(warehouse_path)
    for title, rows in rollups.items():
        click.echo(f"\n{title}:")
        click.echo(f"  {'':<22}{'customers':>10}{'net revenue':>14}{'CLV':>14}{'high risk':>11}")
        for name, customers, revenue, clv, high_risk in rows:
            share = "" if high_risk is None else f"{high_risk:.0%}"
            click.echo(
                f"  {name:<22}{customers:>10,}{revenue or 0:>14,.0f}{clv or 0:>14,.0f}{share:>11}"
            )


def _print_clv_fit(warehouse_path: Path) -> None:
    """How customer_clv was fitted, when it was not plain maximum likelihood: the method and
    the reason (docs/analytics.md#clv), so a small shop's rough or missing CLV is never silent."""
    from pipelines.report.queries import clv_fit

    with duckdb.connect(str(warehouse_path), read_only=True, config=duckdb_config()) as connection:
        if not table_exists(connection, "marts.customer_clv"):
            return
        fit = clv_fit(connection)
    if fit.height and fit["fit_warning"][0]:
        click.echo(f"CLV fit: {fit['fit_method'][0]}. {fit['fit_warning'][0]}")
