"""Churn signals: is a customer spending less and less, and is the customer still alive?

A spend trend alone misreads a customer who simply buys rarely; P(alive) alone (BG/NBD) is 1 by
construction for a customer who bought once (the model lets customers drop out only after a
repeat purchase). Together, with a "nothing bought in the whole trend window" rule, they cover
both. Thresholds are documented in docs/analytics.md#churn and set in ChurnRules.
"""

import datetime as dt
from dataclasses import dataclass

import polars as pl

CHURN_RISKS = ("high", "medium", "low")


@dataclass(frozen=True)
class ChurnRules:
    quarters: int = 4  # trend window: the last four 91-day quarters up to the as-of date
    quarter_days: int = 91
    unlikely_alive: float = 0.30  # P(alive) below this: high risk on its own
    maybe_alive: float = 0.60  # P(alive) below this: medium, or high with a falling trend
    falling_trend: float = -0.30  # spend slope per quarter ÷ mean quarterly spend, at most this


def spend_trends(
    purchase_days: pl.DataFrame, as_of: dt.date, rules: ChurnRules = ChurnRules()
) -> pl.DataFrame:
    """Per customer: net spend in each of the last ``rules.quarters`` quarters (quarter 1 the
    oldest, the last ending on ``as_of``), counting only quarters that end after the customer's
    first purchase (a new customer's empty earlier quarters are not a rising trend), and the
    least-squares slope of spend per quarter, also relative to the mean quarterly spend.

    ``purchase_days``: customer_id, purchase_date, net_amount. Slope and relative trend are null
    with fewer than two observed quarters; the relative trend is null when nothing was spent."""
    window_start = as_of - dt.timedelta(days=rules.quarters * rules.quarter_days)
    days = purchase_days.filter(pl.col("purchase_date") <= as_of)
    first_purchase = days.group_by("customer_id").agg(pl.col("purchase_date").min().alias("first"))
    quarter_ends = pl.DataFrame(
        {
            "quarter": list(range(1, rules.quarters + 1)),
            "quarter_end": [
                as_of - dt.timedelta(days=(rules.quarters - q) * rules.quarter_days)
                for q in range(1, rules.quarters + 1)
            ],
        }
    )
    spend = (
        days.filter(pl.col("purchase_date") > window_start)
        .with_columns(
            quarter=(
                rules.quarters
                - ((pl.lit(as_of) - pl.col("purchase_date")).dt.total_days() // rules.quarter_days)
            ).cast(pl.Int64)
        )
        .group_by("customer_id", "quarter")
        .agg(pl.col("net_amount").sum().alias("spend"), pl.len().alias("purchase_days"))
    )
    observed = (
        first_purchase.join(quarter_ends, how="cross")
        .filter(pl.col("quarter_end") >= pl.col("first"))
        .join(spend, on=["customer_id", "quarter"], how="left")
        .with_columns(pl.col("spend").fill_null(0.0), pl.col("purchase_days").fill_null(0))
    )
    centred_quarter = pl.col("quarter") - pl.col("quarter").mean()
    trends = observed.group_by("customer_id").agg(
        pl.len().alias("trend_quarters"),
        pl.col("purchase_days").sum().alias("purchase_days_in_trend_window"),
        pl.col("spend").mean().alias("mean_quarterly_spend"),
        pl.when(pl.len() >= 2)
        .then(
            (centred_quarter * (pl.col("spend") - pl.col("spend").mean())).sum()
            / (centred_quarter**2).sum()
        )
        .alias("spend_trend_per_quarter"),
        pl.col("spend")
        .filter(pl.col("quarter") == rules.quarters)
        .sum()
        .alias("spend_last_quarter"),
    )
    return trends.with_columns(
        relative_spend_trend=pl.when(pl.col("mean_quarterly_spend") > 0).then(
            pl.col("spend_trend_per_quarter") / pl.col("mean_quarterly_spend")
        ),
        bought_in_trend_window=pl.col("purchase_days_in_trend_window") > 0,
    ).sort("customer_id")


def churn_risk(
    probability_alive: pl.Expr,
    relative_trend: pl.Expr,
    bought_in_window: pl.Expr,
    rules: ChurnRules = ChurnRules(),
) -> pl.Expr:
    """high: nothing bought in the trend window, or P(alive) < unlikely_alive, or P(alive) <
    maybe_alive with a falling trend; medium: P(alive) < maybe_alive or a falling trend;
    low otherwise. A null trend (too little history) is not falling."""
    falling = relative_trend.fill_null(0.0) <= rules.falling_trend
    return (
        pl.when(
            ~bought_in_window
            | (probability_alive < rules.unlikely_alive)
            | ((probability_alive < rules.maybe_alive) & falling)
        )
        .then(pl.lit("high"))
        .when((probability_alive < rules.maybe_alive) | falling)
        .then(pl.lit("medium"))
        .otherwise(pl.lit("low"))
    )
