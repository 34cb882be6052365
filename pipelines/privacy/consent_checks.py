"""The permission-first gate: nobody who opted out may be in ``marts.marketable_audience``.

The audience is built from the effective consent that int_consent_signals_resolved_to_persons
ranks out of the signals. Re-running that ranking here would repeat any mistake in it, so this
check derives the opt-outs again, in plain aggregates over ``marts.consent_ledger`` and by
signal name: per address, the latest unsubscribe, complaint, hard bounce or cleaned status
against the latest subscribe (a signal without a time is the oldest; a tie is an opt-out).
"""

from __future__ import annotations

from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, Definitions, asset_check

from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import fetch_row

_OPT_OUT_SQL = """
    with per_address as (
        select
            email,
            max(case when consent_signal in ('unsubscribed', 'complained', 'hard_bounced',
                                             'cleaned')
                then coalesce(signalled_at, timestamp '0001-01-01') end) as last_opt_out_at,
            max(case when consent_signal = 'subscribed'
                then coalesce(signalled_at, timestamp '0001-01-01') end) as last_subscribe_at
        from marts.consent_ledger
        where channel = 'email' and email is not null
        group by email
    ),

    opted_out as (
        select email from per_address
        where last_opt_out_at >= last_subscribe_at
            or (last_opt_out_at is not null and last_subscribe_at is null)
    ),

    subscribed_ever as (
        select email from per_address where last_subscribe_at is not null
    )

    select
        (select count(*) from marts.marketable_audience) as audience_rows,
        (select count(*) from opted_out) as opted_out_addresses,
        (select count(*) from marts.marketable_audience as audience
         where exists (select 1 from opted_out where opted_out.email = audience.email))
            as opted_out_in_audience,
        (select count(*) from marts.marketable_audience as audience
         where not exists (
             select 1 from subscribed_ever where subscribed_ever.email = audience.email
         )) as never_subscribed_in_audience
"""


def evaluate_audience(warehouse: Warehouse) -> AssetCheckResult:
    """Counts only: the metadata lands in the run log and the UI, emails must not."""
    audience, opted_out, opted_out_in, never_subscribed_in = fetch_row(warehouse, _OPT_OUT_SQL)
    return AssetCheckResult(
        passed=opted_out_in == 0 and never_subscribed_in == 0,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "audience_rows": audience,
            "opted_out_addresses": opted_out,
            "opted_out_in_audience": opted_out_in,
            "never_subscribed_in_audience": never_subscribed_in,
        },
    )


@asset_check(
    asset=AssetKey("marketable_audience"),
    additional_deps=[AssetKey("consent_ledger")],
    description="Nobody whose latest opt-out (unsubscribe, complaint, hard bounce, cleaned) is "
    "at or after their latest subscribe in consent_ledger, and nobody without a subscribe, is in "
    "marketable_audience. Derived independently of the model; blocks everything downstream.",
    blocking=True,
    pool=WAREHOUSE_POOL,
)
def no_opt_out_in_marketable_audience(warehouse: Warehouse) -> AssetCheckResult:
    return evaluate_audience(warehouse)


def build_privacy_definitions() -> Definitions:
    return Definitions(asset_checks=[no_opt_out_in_marketable_audience])
