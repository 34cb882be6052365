"""Behaviour features: one clean row per customer, non-buyers and missing email handled, and
every concern weighing the same in the clustering matrix whatever its number of columns."""

from datetime import date, datetime

import numpy as np
import polars as pl
import pytest

from pipelines.analytics.personas.features import (
    category_labels,
    concern_columns,
    model_matrix,
    persona_features,
)

AS_OF = date(2026, 10, 31)


def _customers() -> pl.DataFrame:
    """A regular app buyer, a one-order store buyer with a discount, and a newsletter reader who
    never bought (nulls where customer_360 has them for non-buyers)."""
    return pl.DataFrame(
        {
            "customer_id": ["c-regular", "c-once", "c-reader"],
            "order_count": [12, 1, 0],
            "first_order_at": [datetime(2025, 1, 1), datetime(2026, 10, 1), None],
            "last_order_at": [datetime(2026, 10, 30), datetime(2026, 10, 1), None],
            "first_seen_at": [datetime(2024, 10, 31), datetime(2026, 9, 1), datetime(2026, 8, 1)],
            "net_revenue": [600.0, 80.0, 0.0],
            "web_order_count": [2, 0, 0],
            "app_order_count": [10, 0, 0],
            "store_order_count": [0, 1, 0],
            "discounted_order_count": [3, 1, 0],
            "emails_delivered": [0, 0, 40],
            "email_open_rate": [None, None, 0.75],
            "email_click_rate": [None, None, 0.25],
            "follows_brand": [True, None, False],
            "social_interaction_count": [20, None, 0],
        }
    )


def _category_amounts() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "customer_id": ["c-regular", "c-regular", "c-once", "c-reader"],
            "category": ["Wonen & decoratie", "Cadeaus", "Cadeaus", "Tuin & balkon"],
            # A fully refunded line: nothing spent, which must not divide by zero.
            "category_amount": [450.0, 150.0, 80.0, 0.0],
        }
    )


@pytest.fixture
def features() -> pl.DataFrame:
    return persona_features(_customers(), _category_amounts(), AS_OF)


def test_every_customer_gets_exactly_one_row_sorted(features):
    assert features["customer_id"].to_list() == ["c-once", "c-reader", "c-regular"]


def test_no_nulls_nan_or_infinities(features):
    values = features.drop("customer_id").to_numpy()
    assert features.null_count().sum_horizontal().item() == 0
    assert np.isfinite(values).all()


def test_a_non_buyer_has_zero_purchase_behaviour_and_the_time_since_first_seen_as_recency(
    features,
):
    reader = features.filter(customer_id="c-reader").row(0, named=True)
    assert reader["is_buyer"] == 0
    assert reader["order_count"] == reader["average_order_value"] == reader["discount_share"] == 0
    assert reader["web_share"] == reader["app_share"] == reader["store_share"] == 0
    assert reader["category_share_cadeaus"] == reader["category_share_tuin_balkon"] == 0
    assert reader["recency_days"] == pytest.approx(91, abs=1)  # since 2026-08-01
    assert reader["email_open_rate"] == 0.75
    assert reader["on_email_list"] == 1


def test_a_buyer_without_email_or_social_reads_as_not_engaged(features):
    once = features.filter(customer_id="c-once").row(0, named=True)
    assert once["on_email_list"] == once["email_open_rate"] == once["email_click_rate"] == 0
    assert once["follows_brand"] == once["social_interactions_per_year"] == 0
    assert once["store_share"] == once["discount_share"] == 1


def test_rates_are_per_year_and_shares_per_order_and_spend(features):
    regular = features.filter(customer_id="c-regular").row(0, named=True)
    assert regular["purchases_per_year"] == pytest.approx(6.0, rel=0.01)  # 12 in two years
    assert regular["app_share"] == pytest.approx(10 / 12)
    assert regular["average_order_value"] == pytest.approx(50.0)
    assert regular["category_share_wonen_decoratie"] == pytest.approx(0.75)
    assert regular["category_share_cadeaus"] == pytest.approx(0.25)


def test_each_concern_carries_its_weight_whatever_its_column_count(features):
    weights = {"categories": 2.0, "discounts": 0.5}
    matrix = model_matrix(features, weights)
    start = 0
    for concern, names in concern_columns(features).items():
        block = matrix[:, start : start + len(names)]
        start += len(names)
        # A standardised column has variance 1; one that is constant here stays 0.
        live = (block.std(axis=0) > 0).sum()
        expected = weights.get(concern, 1.0) * live / len(names)
        assert block.var(axis=0).sum() == pytest.approx(expected), concern
    assert start == matrix.shape[1]


def test_category_labels_map_feature_columns_back_to_the_shops_names():
    labels = category_labels(pl.Series(["Wonen & decoratie", "Wonen-decoratie", "Tuin", None]))
    assert labels == {
        "category_share_tuin": "Tuin",
        "category_share_wonen_decoratie": "Wonen & decoratie / Wonen-decoratie",
    }
