"""Spend trends per quarter and the churn-risk label (docs/analytics.md#churn)."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from pipelines.analytics.churn import ChurnRules, churn_risk, spend_trends

AS_OF = dt.date(2026, 10, 31)


def _days(*rows: tuple[str, dt.date, float]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["customer_id", "purchase_date", "net_amount"], orient="row"
    ).with_columns(pl.col("net_amount").cast(pl.Float64))


def _by_customer(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["customer_id"]: row for row in frame.to_dicts()}


def test_slope_is_the_least_squares_fit_of_quarterly_spend():
    # Four 91-day quarters, the last ending on the as-of date: 2025-11-02..2026-01-31,
    # ..2026-05-02, ..2026-08-01, ..2026-10-31. Spend 300, 200, 0, 100 → slope -80, mean 150.
    trends = _by_customer(
        spend_trends(
            _days(
                ("a", dt.date(2025, 11, 20), 300.0),
                ("a", dt.date(2026, 5, 1), 200.0),
                ("a", dt.date(2026, 10, 1), 100.0),
            ),
            AS_OF,
        )
    )
    quarters = [1, 2, 3, 4]
    spend = [300.0, 200.0, 0.0, 100.0]
    expected_slope = np.polyfit(quarters, spend, 1)[0]
    a = trends["a"]
    assert a["trend_quarters"] == 4
    assert a["spend_trend_per_quarter"] == pytest.approx(expected_slope)
    assert a["relative_spend_trend"] == pytest.approx(expected_slope / np.mean(spend))
    assert a["spend_last_quarter"] == 100.0


def test_quarters_before_the_first_purchase_do_not_make_a_rising_trend():
    # First purchase in the last quarter: one observed quarter, so no trend at all.
    trends = _by_customer(spend_trends(_days(("new", dt.date(2026, 10, 20), 80.0)), AS_OF))
    assert trends["new"]["trend_quarters"] == 1
    assert trends["new"]["spend_trend_per_quarter"] is None
    assert trends["new"]["bought_in_trend_window"] is True


def test_purchases_after_the_as_of_date_do_not_count():
    trends = _by_customer(
        spend_trends(
            _days(("c", dt.date(2024, 1, 1), 10.0), ("c", dt.date(2026, 11, 5), 999.0)), AS_OF
        )
    )
    assert trends["c"]["purchase_days_in_trend_window"] == 0
    assert trends["c"]["bought_in_trend_window"] is False


def test_a_fully_refunded_purchase_still_counts_as_buying_in_the_window():
    trends = _by_customer(spend_trends(_days(("r", dt.date(2026, 9, 1), 0.0)), AS_OF))
    assert trends["r"]["bought_in_trend_window"] is True
    assert trends["r"]["relative_spend_trend"] is None


@pytest.mark.parametrize(
    ("alive", "trend", "bought", "risk"),
    [
        (0.95, 0.10, True, "low"),
        (0.95, None, True, "low"),  # too little history is not a falling trend
        (0.95, -0.30, True, "medium"),  # falling trend alone (at the threshold)
        (0.59, 0.00, True, "medium"),  # P(alive) below 0.6 alone
        (0.59, -0.31, True, "high"),  # both
        (0.29, 0.50, True, "high"),  # P(alive) below 0.3 alone
        (1.00, None, False, "high"),  # nothing bought in the whole window
    ],
)
def test_churn_risk_rules(alive, trend, bought, risk):
    frame = pl.DataFrame(
        {"alive": [alive], "trend": [trend], "bought": [bought]},
        schema={"alive": pl.Float64, "trend": pl.Float64, "bought": pl.Boolean},
    )
    label = frame.select(churn_risk(pl.col("alive"), pl.col("trend"), pl.col("bought")))
    assert label.item() == risk


def test_thresholds_come_from_the_rules():
    frame = pl.DataFrame({"alive": [0.5], "trend": [0.0], "bought": [True]})
    strict = ChurnRules(unlikely_alive=0.6)
    label = frame.select(churn_risk(pl.col("alive"), pl.col("trend"), pl.col("bought"), strict))
    assert label.item() == "high"
