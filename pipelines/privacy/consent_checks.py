"""The permission-first gate: nobody who opted out may be in ``marts.marketable_audience``.

The audience is built from the consent that int_consent_signals_resolved_to_persons ranks out of
the signals. Re-running that ranking here would repeat any mistake in it, so this check derives
the rule again, in plain aggregates over ``marts.consent_ledger`` and by signal name
(docs/customer_360.md#consent). Consent belongs to the person: a person is opted out when their
latest unsubscribe, complaint, hard bounce or cleaned status, on any of their addresses, is at
or after their latest subscribe; an address is, by the same rule over its own signals. A signal
without a time is the oldest; a tie is an opt-out. The audience fails the gate when it holds an
opted-out person or address, an address its person has not subscribed since their last opt-out
(never subscribed, subscribed only before it, or someone else's), or a person twice.
"""

from __future__ import annotations

from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, Definitions, asset_check

from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import fetch_row

_OPT_OUT_SQL = """
    with signals as (
        select
            customer_id,
            email,
            consent_signal in ('unsubscribed', 'complained', 'hard_bounced', 'cleaned')
                as withdraws,
            consent_signal = 'subscribed' as subscribes,
            coalesce(signalled_at, timestamp '0001-01-01') as signalled_at
        from marts.consent_ledger
        where channel = 'email'
    ),

    per_person as (
        select
            customer_id,
            max(case when withdraws then signalled_at end) as last_opt_out_at,
            max(case when subscribes then signalled_at end) as last_subscribe_at
        from signals
        where customer_id is not null
        group by customer_id
    ),

    per_address as (
        select
            email,
            max(case when withdraws then signalled_at end) as last_opt_out_at,
            max(case when subscribes then signalled_at end) as last_subscribe_at
        from signals
        where email is not null
        group by email
    ),

    opted_out_persons as (
        select customer_id from per_person
        where last_opt_out_at >= last_subscribe_at
            or (last_opt_out_at is not null and last_subscribe_at is null)
    ),

    opted_out_addresses as (
        select email from per_address
        where last_opt_out_at >= last_subscribe_at
            or (last_opt_out_at is not null and last_subscribe_at is null)
    ),

    -- (person, address) pairs the person subscribed after their own last opt-out
    opted_in_addresses as (
        select distinct signals.customer_id, signals.email
        from signals
        inner join per_person on signals.customer_id = per_person.customer_id
        where signals.subscribes
            and signals.email is not null
            and (per_person.last_opt_out_at is null
                 or signals.signalled_at > per_person.last_opt_out_at)
    )

    select
        (select count(*) from marts.marketable_audience) as audience_rows,
        (select count(*) from opted_out_persons) as opted_out_persons,
        (select count(*) from opted_out_addresses) as opted_out_addresses,
        (select count(*) from marts.marketable_audience as audience
         where exists (
             select 1 from opted_out_persons as persons
             where persons.customer_id = audience.customer_id
         )
         or exists (
             select 1 from opted_out_addresses as addresses
             where addresses.email = audience.email
         )) as opted_out_in_audience,
        (select count(*) from marts.marketable_audience as audience
         where not exists (
             select 1 from opted_in_addresses as opted_in
             where opted_in.customer_id = audience.customer_id
                 and opted_in.email = audience.email
         )) as not_opted_in_in_audience,
        (select count(*) - count(distinct customer_id) from marts.marketable_audience)
            as persons_listed_twice
"""


def evaluate_audience(warehouse: Warehouse) -> AssetCheckResult:
    """Counts only: the metadata lands in the run log and the UI, emails must not."""
    row = fetch_row(warehouse, _OPT_OUT_SQL)
    names = (
        "audience_rows",
        "opted_out_persons",
        "opted_out_addresses",
        "opted_out_in_audience",
        "not_opted_in_in_audience",
        "persons_listed_twice",
    )
    counts = dict(zip(names, row, strict=True))
    return AssetCheckResult(
        passed=counts["opted_out_in_audience"] == 0
        and counts["not_opted_in_in_audience"] == 0
        and counts["persons_listed_twice"] == 0,
        severity=AssetCheckSeverity.ERROR,
        metadata=counts,
    )


@asset_check(
    asset=AssetKey("marketable_audience"),
    additional_deps=[AssetKey("consent_ledger")],
    description="Nobody whose latest opt-out (unsubscribe, complaint, hard bounce, cleaned) on "
    "any of their addresses is at or after their latest subscribe in consent_ledger, no opted-out "
    "address, no address its person has not subscribed since their last opt-out, and nobody "
    "twice, is in marketable_audience. Derived independently of the model; blocks everything "
    "downstream.",
    blocking=True,
    pool=WAREHOUSE_POOL,
)
def no_opt_out_in_marketable_audience(warehouse: Warehouse) -> AssetCheckResult:
    return evaluate_audience(warehouse)


def build_privacy_definitions() -> Definitions:
    return Definitions(asset_checks=[no_opt_out_in_marketable_audience])
