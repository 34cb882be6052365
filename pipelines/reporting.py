"""The short, personal-data-free summary printed after a run."""

from __future__ import annotations

from pathlib import Path

import click
import duckdb
from dagster import ExecuteInProcessResult

from pipelines.analysis_date import BY_DATA, decided_for_run
from pipelines.currency import money_text
from pipelines.data_end import data_lag_days
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


_CURRENCIES = """
select currency, shop_currency, shop_currency_chosen_by, orders, converted_orders,
    left_out_orders, left_out_reason
from marts.order_currencies
order by is_shop_currency desc, orders desc, currency
"""


def _currency_notes(rows: list[tuple]) -> tuple[str | None, list[str]]:
    """The shop's currency and a line on it and on every other currency orders came in."""
    if not rows:
        return None, []
    shop_currency, chosen_by = rows[0][1], rows[0][2]
    why = "KLANTBEELD_SHOP_CURRENCY" if chosen_by == "setting" else "the currency of most orders"
    notes = [f"Amounts are in {shop_currency} ({why}; marts.order_currencies)."]
    for currency, _, _, orders, converted, left_out, reason in rows:
        if currency == shop_currency:
            continue
        note = f"{orders:,} order(s) in {currency}: {converted:,} converted to {shop_currency}"
        if left_out:
            note += f", {left_out:,} left out of every figure ({reason})"
        notes.append(note + ".")
    return shop_currency, notes


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
            "select source || '.' || table_name, landed, loaded, duplicates, "
            "coalesce(conflicting, 0), quarantined, suppressed "
            "from ops.ingest_log where run_id = ? order by source, table_name",
            [run_id],
        ).fetchall()
        figures = (
            connection.execute(_PERSON_FIGURES).fetchone()
            if table_exists(connection, "marts.customer_360")
            else None
        )
        dating = _dating(connection, run_id)
        # Buyers listed without a CLV: the models were not fitted (the roll-ups then sum to 0).
        clv_missing = (
            table_exists(connection, "marts.customer_clv")
            and (
                connection.execute(
                    "select count(*) > 0 and count(clv) = 0 from marts.customer_clv"
                ).fetchall()[0][0]
            )
        )
        currencies = (
            connection.execute(_CURRENCIES).fetchall()
            if table_exists(connection, "marts.order_currencies")
            else []
        )
        rollups = {
            title: connection.execute(query).fetchall()
            for title, query in _ROLLUPS.items()
            if table_exists(connection, "marts." + query.split("from marts.")[1].split()[0])
        }

    click.echo(
        "\nIngested (landed = loaded + duplicates + conflicting + quarantined + suppressed; "
        "conflicting: a key repeated in its file with other values, ops.conflicting_duplicates):"
    )
    click.echo(
        f"  {'table':<22}{'landed':>11}{'loaded':>11}{'duplicates':>12}{'conflicting':>13}"
        f"{'quarantined':>13}{'suppressed':>12}"
    )
    for table, landed, loaded, duplicates, conflicting, quarantined, suppressed in ingested:
        click.echo(
            f"  {table:<22}{landed:>11,}{loaded:>11,}{duplicates:>12,}{conflicting:>13,}"
            f"{quarantined:>13,}{suppressed:>12,}"
        )
    if figures is None:
        click.echo("marts.customer_360 was not built.")
        return
    persons, buyers, marketable, several, purchases, revenue = figures
    currency, notes = _currency_notes(currencies)
    click.echo(
        f"\nmarts.customer_360: {persons:,} people — {buyers:,} buyers with {purchases or 0:,} "
        f"purchases and {money_text(revenue or 0, currency)} net revenue; {marketable:,} may be "
        f"emailed; {several:,} hold more than one shop account.\nWarehouse: {warehouse_path}"
    )
    if dating:
        click.echo(dating)
    if not _print_clv_fit(warehouse_path) and clv_missing:
        click.echo(
            "CLV: the models could not be fitted on this data (too few repeat buyers, or a "
            "history they cannot explain); the CLV columns below are empty, not 0. The reason is "
            "on customer_clv's clv_model_fitted check (Dagster UI, or the full log)."
        )
    for note in notes:
        click.echo(note)
    for title, rows in rollups.items():
        click.echo(f"\n{title}{f', amounts in {currency}' if currency else ''}:")
        click.echo(f"  {'':<22}{'customers':>10}{'net revenue':>14}{'CLV':>14}{'high risk':>11}")
        for name, customers, revenue, clv, high_risk in rows:
            share = "" if high_risk is None else f"{high_risk:.0%}"
            value = "—" if clv is None or clv_missing else f"{clv:,.0f}"
            click.echo(f"  {name:<22}{customers:>10,}{revenue or 0:>14,.0f}{value:>14}{share:>11}")


def _dating(connection: duckdb.DuckDBPyConnection, run_id: str | None) -> str | None:
    """The date the analyses are computed as of and why (pipelines/analysis_date.py), with one
    plain sentence when that lies long before today."""
    decided = decided_for_run(connection, run_id) if run_id else None
    if decided is None:
        # A date pinned by KLANTBEELD_AS_OF_DATE or the run tag: the marts state it.
        if not table_exists(connection, "marts.customer_rfm"):
            return None
        [(as_of,)] = connection.execute("select max(as_of_date) from marts.customer_rfm").fetchall()
        why = "as set for the run"
    else:
        as_of = decided.as_of
        why = (
            "the day the data ends (its newest order)"
            if decided.basis == BY_DATA
            else (f"the {decided.basis}")
        )
    if as_of is None:
        return None
    line = f"Analyses (RFM, CLV, churn, personas) as of {as_of}"
    lag = data_lag_days(as_of)
    if lag is not None and decided is not None and decided.basis == BY_DATA:
        return (
            f"{line}. Data ends {as_of}, {lag:,} days before today; analyses are dated by the data."
        )
    if lag is not None:
        return f"{line}: {why}, {lag:,} days before today."
    return f"{line}: {why}."


def _print_clv_fit(warehouse_path: Path) -> bool:
    """How customer_clv was fitted, when it was not plain maximum likelihood: the method and
    the reason (docs/analytics.md#clv), so a small shop's rough or missing CLV is never silent.
    True when it printed a line."""
    from pipelines.report.queries import clv_fit

    with duckdb.connect(str(warehouse_path), read_only=True, config=duckdb_config()) as connection:
        if not table_exists(connection, "marts.customer_clv"):
            return False
        fit = clv_fit(connection)
    if fit.height and fit["fit_warning"][0]:
        click.echo(f"CLV fit: {fit['fit_method'][0]}. {fit['fit_warning'][0]}")
        return True
    return False
