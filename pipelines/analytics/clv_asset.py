"""customer_clv: BG/NBD + Gamma-Gamma fitted on the shop's own purchase history, every buyer
scored, the fit back-tested on a holdout, and the customer value matrix (current × future)."""

import datetime as dt
from dataclasses import asdict

import polars as pl
from dagster import AssetExecutionContext, AssetKey, Config, MaterializeResult, MetadataValue, asset

from pipelines.analysis_date import analysis_date
from pipelines.analytics.clv import (
    ConvergenceError,
    backtest,
    fit_models,
    score_customers,
    summarise_transactions,
)
from pipelines.analytics.tertiles import tertile, tertile_label
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import read_frame, replace_tables

PURCHASES_SQL = """
    select customer_id, purchase_date, net_amount
    from intermediate.int_purchases_aggregated_to_customer_days
    where purchase_date <= ?
"""
MODEL_STATUS = "model_status"
# fit_method when the models could not be fitted (model_choice.py names the other two).
NOT_FITTED = "not fitted"
CURRENT_VALUE_SQL = "select customer_id, monetary as net_revenue_to_date from marts.customer_rfm"


class ClvConfig(Config):
    """Change per run in the Dagster launchpad; the defaults are the documented ones."""

    horizon_months: int = 12
    monthly_discount_rate: float = 0.01
    # The backtest fits on everything up to (as-of − holdout) and predicts the holdout.
    holdout_weeks: int = 26


@asset(
    key="customer_clv",
    group_name="analytics",
    deps=[
        AssetKey("customer_360"),
        AssetKey("customer_rfm"),
        AssetKey("int_purchases_aggregated_to_customer_days"),
    ],
    kinds={"python", "scipy", "duckdb"},
    pool=WAREHOUSE_POOL,
    metadata={"dagster/table_name": "marts.customer_clv"},
    description="Per buyer: P(alive), expected purchases and spend, discounted CLV over the "
    "horizon (BG/NBD + Gamma-Gamma, maximum likelihood), and the value-matrix cell. "
    "Rules: docs/analytics.md#clv.",
)
def customer_clv(
    context: AssetExecutionContext, config: ClvConfig, warehouse: Warehouse
) -> MaterializeResult:
    as_of = analysis_date(context)
    purchases = read_frame(warehouse, PURCHASES_SQL, [as_of])
    current_value = read_frame(warehouse, CURRENT_VALUE_SQL)
    summary = summarise_transactions(purchases, calibration_end=as_of)
    metadata: dict = {
        "as_of_date": as_of.isoformat(),
        "repeat_customers": int((summary["frequency"] > 0).sum()),
    }
    try:
        fits = fit_models(summary)
    except (ValueError, ConvergenceError) as not_identified:
        # A new or tiny shop, or a history the models cannot explain: the buyers are still
        # listed (with their current value), the model columns stay empty, and the
        # clv_model_fitted check warns with the reason. RFM, churn trends and personas go on.
        context.log.warning(f"CLV models not fitted: {not_identified}")
        scores = unscored(summary)
        metadata[MODEL_STATUS] = f"not fitted: {not_identified}"
        fit_method, fit_warning = NOT_FITTED, str(not_identified)
    else:
        scores = score_customers(
            summary,
            fits.bg_nbd,
            fits.gamma_gamma,
            horizon_months=config.horizon_months,
            monthly_discount_rate=config.monthly_discount_rate,
        )
        fit_method, fit_warning = fits.fit_method, fits.fit_warning
        if fit_warning:
            context.log.warning(f"CLV models: {fit_warning}")
        metadata[MODEL_STATUS] = "fitted"
        metadata["bg_nbd"] = MetadataValue.json(
            {**_rounded(asdict(fits.bg_nbd)), "method": fits.bg_nbd_method}
        )
        metadata["gamma_gamma"] = MetadataValue.json(
            {**_rounded(asdict(fits.gamma_gamma)), "method": fits.gamma_gamma_method}
        )
        metadata.update(_backtest_metadata(purchases, as_of, config.holdout_weeks))
    metadata["fit_method"] = fit_method
    metadata["fit_warning"] = fit_warning or ""
    table = clv_table(summary, scores, current_value, as_of, config.horizon_months).with_columns(
        fit_method=pl.lit(fit_method, dtype=pl.String),
        fit_warning=pl.lit(fit_warning, dtype=pl.String),
    )
    replace_tables(warehouse, {"marts.customer_clv": table})
    metadata["dagster/row_count"] = table.height
    metadata["total_clv"] = round(float(table["clv"].sum()), 2)
    return MaterializeResult(metadata=metadata)


def _backtest_metadata(purchases: pl.DataFrame, as_of: dt.date, holdout_weeks: int) -> dict:
    try:
        holdout = backtest(
            purchases,
            calibration_end=as_of - dt.timedelta(weeks=holdout_weeks),
            holdout_end=as_of,
        )
    except (ValueError, ConvergenceError) as not_identified:
        return {"backtest": f"not run: {not_identified}"}
    return {
        "backtest": MetadataValue.json(_rounded(holdout.as_metadata())),
        "backtest_relative_error_pct": round(holdout.relative_error_pct, 2),
        "backtest_mean_absolute_error": round(holdout.mean_absolute_error, 4),
        "backtest_fit_method": holdout.fit_method,
    }


def unscored(summary: pl.DataFrame) -> pl.DataFrame:
    """The score columns, all null: what customer_clv holds when the models cannot be fitted."""
    nulls = pl.lit(None, dtype=pl.Float64)
    return summary.select(
        "customer_id",
        probability_alive=nulls,
        expected_purchases=nulls,
        expected_spend=nulls,
        clv=nulls,
    )


def clv_table(
    summary: pl.DataFrame,
    scores: pl.DataFrame,
    current_value: pl.DataFrame,
    as_of: dt.date,
    horizon_months: int,
) -> pl.DataFrame:
    """One row per buyer: model inputs in readable units, the scores, and the value matrix
    (tertile of net revenue to date × tertile of CLV, ties sharing a tertile)."""
    joined = (
        summary.join(scores, on="customer_id", how="inner", validate="1:1")
        .join(current_value, on="customer_id", how="left", validate="1:1")
        .with_columns(
            current_value_tertile=tertile(pl.col("net_revenue_to_date").fill_null(0.0)),
            clv_tertile=tertile(pl.col("clv")),
        )
    )
    return joined.select(
        pl.col("customer_id"),
        pl.lit(as_of).alias("as_of_date"),
        pl.col("frequency").cast(pl.Int32).alias("repeat_purchase_days"),
        pl.col("recency").alias("recency_weeks"),
        pl.col("T").alias("age_weeks"),
        pl.col("monetary_value").alias("average_repeat_spend"),
        pl.col("net_revenue_to_date").cast(pl.Float64).fill_null(0.0),
        pl.col("probability_alive"),
        pl.lit(horizon_months, dtype=pl.Int32).alias("horizon_months"),
        pl.col("expected_purchases"),
        pl.col("expected_spend").alias("expected_spend_per_purchase"),
        pl.col("clv"),
        tertile_label(pl.col("current_value_tertile")).alias("current_value_tertile"),
        tertile_label(pl.col("clv_tertile")).alias("clv_tertile"),
        pl.concat_str(
            tertile_label(pl.col("current_value_tertile")),
            pl.lit(" value / "),
            tertile_label(pl.col("clv_tertile")),
            pl.lit(" potential"),
        ).alias("value_matrix_cell"),
    ).sort("customer_id")


def _rounded(values: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()}
