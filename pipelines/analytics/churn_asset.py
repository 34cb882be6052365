"""customer_churn_signals: the spend trend over the last quarters beside P(alive), as a label."""

import polars as pl
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from pipelines.analysis_date import analysis_date
from pipelines.analytics.churn import CHURN_RISKS, ChurnRules, churn_risk, spend_trends
from pipelines.analytics.clv_asset import PURCHASES_SQL
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import read_frame, replace_tables

ALIVE_SQL = "select customer_id, probability_alive from marts.customer_clv"


@asset(
    key="customer_churn_signals",
    group_name="analytics",
    deps=[AssetKey("customer_clv"), AssetKey("int_purchases_aggregated_to_customer_days")],
    kinds={"python", "polars", "duckdb"},
    pool=WAREHOUSE_POOL,
    metadata={"dagster/table_name": "marts.customer_churn_signals"},
    description="Per buyer: spend per quarter over the last year, its trend, P(alive) and a "
    "churn_risk label (high / medium / low). Rules: docs/analytics.md#churn.",
)
def customer_churn_signals(
    context: AssetExecutionContext, warehouse: Warehouse
) -> MaterializeResult:
    as_of = analysis_date(context)
    rules = ChurnRules()
    trends = spend_trends(read_frame(warehouse, PURCHASES_SQL, [as_of]), as_of, rules)
    alive = read_frame(warehouse, ALIVE_SQL)
    table = churn_table(trends, alive, as_of, rules)
    replace_tables(warehouse, {"marts.customer_churn_signals": table})
    counts = dict(table.group_by("churn_risk").len().iter_rows())
    return MaterializeResult(
        metadata={
            "dagster/row_count": table.height,
            "as_of_date": as_of.isoformat(),
            "customers_per_churn_risk": MetadataValue.json(
                {risk: int(counts.get(risk, 0)) for risk in CHURN_RISKS}
            ),
            "rules": MetadataValue.json(vars(rules)),
        }
    )


def churn_table(trends: pl.DataFrame, alive: pl.DataFrame, as_of, rules: ChurnRules):
    """Trends joined to P(alive); without a fitted model (P(alive) null) only the "nothing
    bought in the window" and falling-trend rules apply."""
    joined = trends.join(alive, on="customer_id", how="left", validate="1:1")
    return joined.select(
        "customer_id",
        pl.lit(as_of).alias("as_of_date"),
        pl.col("trend_quarters").cast(pl.Int32),
        pl.col("purchase_days_in_trend_window").cast(pl.Int32),
        pl.col("spend_last_quarter").cast(pl.Float64),
        pl.col("mean_quarterly_spend").cast(pl.Float64),
        pl.col("spend_trend_per_quarter").cast(pl.Float64),
        pl.col("relative_spend_trend").cast(pl.Float64),
        pl.col("probability_alive"),
        churn_risk(
            pl.col("probability_alive").fill_null(1.0),
            pl.col("relative_spend_trend"),
            pl.col("bought_in_trend_window"),
            rules,
        ).alias("churn_risk"),
    ).sort("customer_id")
