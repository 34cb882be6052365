"""Transactions -> one row per customer: the (x, t_x, T, zbar) that BG/NBD and Gamma-Gamma need.

Conventions of Fader, Hardie & Lee (2005) on CDNOW, which the CDNOW golden test reproduces to two
decimals: all transactions of a customer on one day are one purchase day; frequency x counts the
purchase days after the first; recency t_x and age T are calendar days / 7 (weeks) from the
first purchase day to the last one and to the calibration end; monetary value zbar is the mean
amount over the repeat purchase days only (the first purchase is excluded, as in the
Gamma-Gamma papers), 0 when x = 0.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

CUSTOMER_ID = "customer_id"
DAYS_PER_WEEK = 7.0


def summarise_transactions(
    transactions: pl.DataFrame,
    *,
    customer: str = CUSTOMER_ID,
    date: str = "purchase_date",
    amount: str = "net_amount",
    calibration_end: dt.date,
    holdout_end: dt.date | None = None,
) -> pl.DataFrame:
    """One row per customer whose first purchase is on or before ``calibration_end``.

    Columns: customer_id (string, as given: leading zeros kept), frequency, recency, T,
    monetary_value, sorted by customer_id. Only transactions up to and including
    ``calibration_end`` count. A day whose amounts sum to <= 0 (fully refunded) is still a
    purchase day; it lowers monetary_value (the Gamma-Gamma fit skips customers whose
    monetary_value is not positive).

    With ``holdout_end``, also holdout_purchases (purchase days in (calibration_end,
    holdout_end]) and holdout_weeks (the holdout's length, the same on every row).
    """
    if holdout_end is not None and holdout_end <= calibration_end:
        raise ValueError(
            f"holdout_end {holdout_end} must be after calibration_end {calibration_end}"
        )
    days = (
        transactions.lazy()
        .select(
            pl.col(customer).cast(pl.String).alias(CUSTOMER_ID),
            pl.col(date).cast(pl.Date).alias("day"),
            pl.col(amount).cast(pl.Float64).alias("amount"),
        )
        .group_by(CUSTOMER_ID, "day")
        .agg(pl.col("amount").sum())
    )
    calibration = (
        days.filter(pl.col("day") <= calibration_end)
        .group_by(CUSTOMER_ID)
        .agg(
            (pl.len() - 1).cast(pl.Int64).alias("frequency"),
            pl.col("day").min().alias("first"),
            pl.col("day").max().alias("last"),
            pl.col("amount").sort_by("day").slice(1).sum().alias("repeat_amount"),
        )
        .select(
            CUSTOMER_ID,
            "frequency",
            _weeks(pl.col("last") - pl.col("first")).alias("recency"),
            _weeks(pl.lit(calibration_end) - pl.col("first")).alias("T"),
            pl.when(pl.col("frequency") > 0)
            .then(pl.col("repeat_amount") / pl.col("frequency"))
            .otherwise(0.0)
            .alias("monetary_value"),
        )
    )
    if holdout_end is not None:
        holdout = (
            days.filter((pl.col("day") > calibration_end) & (pl.col("day") <= holdout_end))
            .group_by(CUSTOMER_ID)
            .agg(pl.len().cast(pl.Int64).alias("holdout_purchases"))
        )
        calibration = calibration.join(holdout, on=CUSTOMER_ID, how="left").with_columns(
            pl.col("holdout_purchases").fill_null(0),
            pl.lit((holdout_end - calibration_end).days / DAYS_PER_WEEK).alias("holdout_weeks"),
        )
    return calibration.sort(CUSTOMER_ID).collect()


def _weeks(duration: pl.Expr) -> pl.Expr:
    return duration.dt.total_days().cast(pl.Float64) / DAYS_PER_WEEK
