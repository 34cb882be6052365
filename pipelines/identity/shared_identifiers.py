"""The identity gate on identifiers several persons carry: a linking identifier (not junk, on no
more shop accounts than junk_identifiers.yml allows) joins every record that carries it into one
person, so on two persons it is an identity bug. Junk and over-shared identifiers on several
persons are the rule working (three café staff on info@…), not "duplicate emails"; they are
counted, not failed. This replaces a proportional email-uniqueness expectation on customer_360
that failed every small shop with a handful of role addresses."""

import polars as pl
from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, asset_check

from pipelines.identity.graph import PLACED_FROM_ACCOUNT, RECORD_KEY, linking_identifiers
from pipelines.identity.identifiers import parsed_phones
from pipelines.identity.junk import load_junk_rules
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import read_frame

RELATION = "intermediate.identity_records"

# Only the records of identifiers on several persons: a few rows even at a million customers.
# Each with the names the graph judged it by (identity/assets.py RECORDS_SQL and _linking): an
# account's and a contact's own, and for an order placed from an account its account's name,
# as that account's "placed" record (graph.PLACED_FROM_ACCOUNT), so the gate applies the same
# evidence rules (evidence.py) as the graph: a family address given by people with different
# first names links none of them, and is no identity bug when it sits on several persons.
_ON_SEVERAL_PERSONS_SQL = f"""
    with several as (
        select 'email' as kind, matching_email as value from {RELATION}
        where matching_email is not null group by matching_email
        having count(distinct customer_id) > 1
        union all
        select 'phone', phone_e164 from {RELATION}
        where phone_e164 is not null group by phone_e164
        having count(distinct customer_id) > 1
    ),

    carriers as (
        select record_type, record_id, customer_id, matching_email, phone_e164 from {RELATION}
        where matching_email in (select value from several where kind = 'email')
            or phone_e164 in (select value from several where kind = 'phone')
    )

    select
        case when o.shop_customer_id is not null then '{PLACED_FROM_ACCOUNT}'
            else c.record_type end as record_type,
        coalesce(o.shop_customer_id, c.record_id) as record_id,
        c.customer_id,
        c.matching_email,
        c.phone_e164,
        coalesce(account.first_name, contact.first_name, placer.first_name) as first_name,
        coalesce(account.last_name, contact.last_name, placer.last_name) as last_name
    from carriers as c
    left join staging.stg_shop__customers as account
        on c.record_type = 'shop_customer' and account.shop_customer_id = c.record_id
    left join staging.stg_email__contacts as contact
        on c.record_type = 'email_contact' and contact.email_contact_id = c.record_id
    left join staging.stg_shop__orders as o
        on c.record_type = 'shop_order' and o.order_id = c.record_id
        and o.shop_customer_id in (select shop_customer_id from staging.stg_shop__customers)
    left join staging.stg_shop__customers as placer
        on placer.shop_customer_id = o.shop_customer_id
"""


def identifiers_on_several_persons(records: pl.DataFrame) -> tuple[int, int]:
    """(linking identifiers carried by more than one person, all identifiers carried by more
    than one person) among ``records`` (record_type, record_id, customer_id, matching_email,
    phone_e164, and optionally first_name, last_name), judged as the graph judges them."""
    kinds = parsed_phones(records["phone_e164"])["phone_kind"]
    records = records.with_columns(phone_kind=kinds)
    carried = pl.concat(
        [
            records.select(*RECORD_KEY, "customer_id", identifier=pl.lit(prefix) + pl.col(column))
            for prefix, column in (("email:", "matching_email"), ("phone:", "phone_e164"))
        ]
    ).drop_nulls("identifier")
    several = (
        carried.group_by("identifier")
        .agg(pl.col("customer_id").n_unique().alias("persons"))
        .filter(pl.col("persons") > 1)
    )
    # The records each identifier is allowed to join (a partner's address on an order placed from
    # someone else's account joins nothing): a bug only when those lie on several persons.
    persons = records.select(*RECORD_KEY, "customer_id").unique()
    broken = (
        linking_identifiers(records, load_junk_rules())
        .join(persons, on=list(RECORD_KEY))
        .group_by("identifier")
        .agg(pl.col("customer_id").n_unique().alias("persons"))
        .filter(pl.col("persons") > 1)
    )
    return broken.height, several.height


@asset_check(
    asset=AssetKey("identity_records"),
    description="No identifier that may link records (not junk, not on more shop accounts than "
    "junk_identifiers.yml allows, and evidence of one person by the names on its records) "
    "belongs to more than one person; junk and shared identifiers on several persons are "
    "counted, as the rules intend.",
    blocking=True,
    pool=WAREHOUSE_POOL,
)
def one_person_per_linking_identifier(warehouse: Warehouse) -> AssetCheckResult:
    broken, shared = identifiers_on_several_persons(read_frame(warehouse, _ON_SEVERAL_PERSONS_SQL))
    return AssetCheckResult(
        passed=broken == 0,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "linking_identifiers_on_several_persons": broken,
            "junk_or_shared_identifiers_on_several_persons": shared - broken,
        },
    )
