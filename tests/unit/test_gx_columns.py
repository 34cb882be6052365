"""GX checks read only the columns their suite looks at, and judge them as on the whole table."""

import duckdb

from pipelines.quality.gx_suites import read_for_validation, suite_columns, validate
from pipelines.resources import Warehouse


def _suite(*expectations: tuple[str, dict]) -> dict:
    return {
        "name": "t",
        "expectations": [{"type": kind, "kwargs": kwargs} for kind, kwargs in expectations],
    }


NOT_NULL_AND_ORDERED = _suite(
    ("expect_table_row_count_to_be_between", {"min_value": 1}),
    ("expect_column_values_to_not_be_null", {"column": "order_id"}),
    (
        "expect_column_pair_values_a_to_be_greater_than_b",
        {"column_A": "total", "column_B": "discount", "or_equal": True},
    ),
)


def test_a_suite_names_the_columns_it_needs_in_first_use_order():
    assert suite_columns(NOT_NULL_AND_ORDERED) == ["order_id", "total", "discount"]
    whole_table = _suite(("expect_table_columns_to_match_set", {"column_set": ["a"]}))
    assert suite_columns(whole_table) is None


def test_validating_the_needed_columns_judges_as_the_whole_table(tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "k.duckdb"))
    with duckdb.connect(str(tmp_path / "k.duckdb")) as connection:
        connection.execute(
            "create table orders as select * from (values "
            "('o1', 10.0, 2.0, 'a@example.nl'), (null, 5.0, 6.0, 'b@example.nl')) "
            "as t(order_id, total, discount, email)"
        )
    needed = read_for_validation(warehouse, "orders", suite_columns(NOT_NULL_AND_ORDERED))
    whole = read_for_validation(warehouse, "orders")
    assert list(needed.columns) == ["order_id", "total", "discount"]
    assert validate(needed, NOT_NULL_AND_ORDERED) == validate(whole, NOT_NULL_AND_ORDERED)
    assert not validate(needed, NOT_NULL_AND_ORDERED)["success"]
