"""Checks that span tables: every buyer is scored exactly once, and the models were fitted."""

from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, asset_check

from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import fetch_row

# Buyers in customer_rfm without a CLV row, and CLV rows that are not buyers there (as-of dates
# are the same run's, so the two sets must be equal).
_UNMATCHED_SQL = """
    select
        (select count(*) from marts.customer_rfm
         where customer_id not in (select customer_id from marts.customer_clv)) as unscored,
        (select count(*) from marts.customer_clv
         where customer_id not in (select customer_id from marts.customer_rfm)) as not_buyers,
        (select count(*) from marts.customer_rfm) as buyers,
        (select count(*) from marts.customer_clv) as clv_rows
"""


@asset_check(
    asset=AssetKey("customer_clv"),
    additional_deps=[AssetKey("customer_rfm")],
    description="Every buyer in customer_rfm has exactly one customer_clv row, and no one else.",
    blocking=True,
    pool=WAREHOUSE_POOL,
)
def every_buyer_scored_once(warehouse: Warehouse) -> AssetCheckResult:
    unscored, not_buyers, buyers, clv_rows = fetch_row(warehouse, _UNMATCHED_SQL)
    return AssetCheckResult(
        passed=unscored == 0 and not_buyers == 0 and buyers == clv_rows,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "buyers": buyers,
            "clv_rows": clv_rows,
            "buyers_without_clv": unscored,
            "clv_rows_not_buyers": not_buyers,
        },
    )


@asset_check(
    asset=AssetKey("customer_clv"),
    description="BG/NBD and Gamma-Gamma could be fitted (too little purchase history leaves "
    "the model columns empty: a warning, not an error).",
    pool=WAREHOUSE_POOL,
)
def clv_model_fitted(warehouse: Warehouse) -> AssetCheckResult:
    rows, scored, method = fetch_row(
        warehouse,
        "select count(*), count(probability_alive), coalesce(any_value(fit_method), '') "
        "from marts.customer_clv",
    )
    return AssetCheckResult(
        passed=rows == 0 or scored == rows,
        severity=AssetCheckSeverity.WARN,
        metadata={"buyers": rows, "buyers_scored": scored, "fit_method": method},
    )


# customer_360 rows without a persona row, persona rows for no customer, and customers with
# more than one persona row.
_PERSONA_COVERAGE_SQL = """
    select
        (select count(*) from marts.customer_360
         where customer_id not in (select customer_id from marts.customer_personas)) as missing,
        (select count(*) from marts.customer_personas
         where customer_id not in (select customer_id from marts.customer_360)) as unknown,
        (select count(*) - count(distinct customer_id) from marts.customer_personas) as repeated,
        (select count(*) from marts.customer_personas where persona is null) as unnamed
"""


@asset_check(
    asset=AssetKey("customer_personas"),
    description="Every customer in customer_360 has exactly one named persona, and no one else.",
    blocking=True,
    pool=WAREHOUSE_POOL,
)
def every_customer_one_persona(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connect(read_only=True) as connection:
        missing, unknown, repeated, unnamed = connection.execute(_PERSONA_COVERAGE_SQL).fetchone()
    return AssetCheckResult(
        passed=missing == unknown == repeated == unnamed == 0,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "customers_without_persona": missing,
            "persona_rows_for_no_customer": unknown,
            "customers_with_several_personas": repeated,
            "rows_without_persona_name": unnamed,
        },
    )
