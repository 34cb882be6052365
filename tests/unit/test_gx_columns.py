"""GX checks read only the columns their suite looks at, and judge them as on the whole table."""

import duckdb

from pipelines.quality.gx_suites import load_suite, read_for_validation, suite_columns, validate
from pipelines.resources import Warehouse

COLUMNS = ["order_id", "email", "total", "discount", "is_guest", "note"]


def _suite(*expectations: tuple[str, dict]) -> dict:
    return {
        "name": "t",
        "expectations": [{"type": kind, "kwargs": kwargs} for kind, kwargs in expectations],
    }


ORDERS = _suite(
    ("expect_table_row_count_to_be_between", {"min_value": 1}),
    ("expect_column_values_to_not_be_null", {"column": "order_id"}),
    (
        "expect_column_pair_values_a_to_be_greater_than_b",
        {"column_A": "total", "column_B": "discount", "or_equal": True},
    ),
    (
        "expect_column_values_to_not_be_null",
        {"column": "email", "row_condition": "is_guest == True", "condition_parser": "pandas"},
    ),
)


def test_a_suite_needs_the_columns_it_names_and_those_its_row_conditions_mention():
    assert suite_columns(ORDERS, COLUMNS) == ["order_id", "email", "total", "discount", "is_guest"]
    whole_table = _suite(("expect_table_columns_to_match_set", {"column_set": ["order_id"]}))
    assert suite_columns(whole_table, COLUMNS) == COLUMNS


def test_the_shipped_orders_suite_keeps_the_columns_of_its_guest_checkout_condition():
    needed = suite_columns(load_suite("stg_shop__orders"), ["is_guest_checkout", "is_test", "x"])
    assert needed == ["is_guest_checkout", "is_test"]


def test_validating_the_needed_columns_judges_as_the_whole_table(tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "k.duckdb"))
    with duckdb.connect(str(tmp_path / "k.duckdb")) as connection:
        connection.execute(
            "create table orders as select * from (values "
            "('o1', 'a@example.nl', 10.0, 2.0, false, 'x'), "
            "(null, null, 5.0, 6.0, true, 'y')) "
            f"as t({', '.join(COLUMNS)})"
        )
    needed = read_for_validation(warehouse, "orders", ORDERS)
    whole = read_for_validation(warehouse, "orders")
    assert list(needed.columns) == ["order_id", "email", "total", "discount", "is_guest"]
    outcome = validate(needed, ORDERS)
    assert outcome == validate(whole, ORDERS)
    assert {failed["column"] for failed in outcome["failed"] if "column" in failed} == {
        "order_id",
        "email",
    }
