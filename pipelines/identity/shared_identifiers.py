"""The identity gate on identifiers several persons carry: a linking identifier (not junk, on no
more shop accounts than junk_identifiers.yml allows) joins every record that carries it into one
person, so on two persons it is an identity bug. Junk and over-shared identifiers on several
persons are the rule working (three café staff on info@…), not "duplicate emails"; they are
counted, not failed. This replaces a proportional email-uniqueness expectation on customer_360
that failed every small shop with a handful of role addresses."""

import polars as pl
from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, asset_check

from pipelines.identity.graph import RECORD_KEY, linking_identifiers
from pipelines.identity.junk import load_junk_rules
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import read_frame

RELATION = "intermediate.identity_records"

# Only the records of identifiers on several persons: a few rows even at a million customers.
_ON_SEVERAL_PERSONS_SQL = f"""
    with several as (
        select 'email' as kind, matching_email as value from {RELATION}
        where matching_email is not null group by matching_email
        having count(distinct customer_id) > 1
        union all
        select 'phone', phone_e164 from {RELATION}
        where phone_e164 is not null group by phone_e164
        having count(distinct customer_id) > 1
    )
    select record_type, record_id, customer_id, matching_email, phone_e164 from {RELATION}
    where matching_email in (select value from several where kind = 'email')
        or phone_e164 in (select value from several where kind = 'phone')
"""


def identifiers_on_several_persons(records: pl.DataFrame) -> tuple[int, int]:
    """(linking identifiers carried by more than one person, all identifiers carried by more
    than one person) among ``records`` (record_type, record_id, customer_id, matching_email,
    phone_e164)."""
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
    linking = linking_identifiers(records, load_junk_rules()).select("identifier").unique()
    return several.join(linking, on="identifier").height, several.height


@asset_check(
    asset=AssetKey("identity_records"),
    description="No identifier that may link records (not junk, not on more shop accounts than "
    "junk_identifiers.yml allows) belongs to more than one person; junk and shared identifiers "
    "on several persons are counted, as the rules intend.",
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
