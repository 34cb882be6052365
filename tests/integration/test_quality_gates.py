"""A failing Great Expectations suite blocks everything downstream, and the marts keep their
previous good version."""

import pytest

from tests.warehouse_queries import ANALYTICS_TABLES, table_digest

pytestmark = pytest.mark.integration

NEGATIVE_ORDER = (
    "5999,#1999,1001,anna@example.nl,2025-09-01 10:00:00 +0200,EUR,-50.00,0.00,0.00,0.00,"
    "-50.00,paid,,,web,,false,\n"
)


def _materialized(result):
    return {
        e.event_specific_data.materialization.asset_key.to_user_string()
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    }


def test_a_broken_expectation_stops_downstream_assets(run_pipeline, mini_shop, tmp_path):
    warehouse = tmp_path / "klantbeeld.duckdb"
    assert run_pipeline(mini_shop, warehouse).success
    good_version = table_digest(warehouse, "marts.customer_360")

    # An order with a negative total passes the parser (a signed decimal is a decimal) but
    # breaks the staging suite's expectation that order totals are >= 0.
    with (mini_shop / "shop" / "2026-11-01" / "orders.csv").open("a") as orders:
        orders.write(NEGATIVE_ORDER)
    result = run_pipeline(mini_shop, warehouse)

    failed = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
    ]
    assert [(f.asset_key.to_user_string(), f.check_name) for f in failed] == [
        ("stg_shop__orders", "gx_stg_shop__orders")
    ]
    failing = failed[0].metadata["failed_expectations"].value
    assert {(f["expectation"], f.get("column")) for f in failing} == {
        ("expect_column_values_to_be_between", "order_total")
    }
    assert failing[0]["unexpected_count"] == 1

    materialized = _materialized(result)
    assert "stg_shop__orders" in materialized
    assert not {"int_orders_enriched", "int_persons_resolved", "customer_360"} & materialized
    assert not result.success
    assert table_digest(warehouse, "marts.customer_360") == good_version


def test_check_results_carry_counts_not_personal_values(run_pipeline, mini_shop, tmp_path):
    # Break the customer_360 suite: a person whose email is not an address. The failing
    # expectation must report how many, never which.
    contacts = mini_shop / "email" / "2026-11-01" / "contacts.csv"
    with contacts.open("a") as f:
        f.write("c-bad,geen-adres,Eve,Smit,,subscribed,2025-01-01 08:00:00,,3,import\n")
        f.write("c-bad2,ook-geen-adres,Eve,Smit,,subscribed,2025-01-01 08:00:00,,3,import\n")
    result = run_pipeline(mini_shop, tmp_path / "klantbeeld.duckdb")

    evaluation = next(
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == "gx_customer_360"
    )
    assert not evaluation.passed
    text = repr(evaluation.metadata)
    assert "geen-adres" not in text
    assert "Eve" not in text
    failing = evaluation.metadata["failed_expectations"].value
    assert any(f["column"] == "email" and f["unexpected_count"] == 2 for f in failing)
    # The gate holds the analytics too: nothing after customer_360 was rebuilt.
    materialized = _materialized(result)
    assert "customer_360" in materialized
    assert not set(ANALYTICS_TABLES) & materialized
