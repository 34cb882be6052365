"""Checks that span tables: every buyer is scored exactly once, and the models were fitted."""

from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, asset_check

from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse

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
    with warehouse.connect(read_only=True) as connection:
        unscored, not_buyers, buyers, clv_rows = connection.execute(_UNMATCHED_SQL).fetchone()
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
    with warehouse.connect(read_only=True) as connection:
        rows, scored = connection.execute(
            "select count(*), count(probability_alive) from marts.customer_clv"
        ).fetchone()
    return AssetCheckResult(
        passed=rows == 0 or scored == rows,
        severity=AssetCheckSeverity.WARN,
        metadata={"buyers": rows, "buyers_scored": scored},
    )
