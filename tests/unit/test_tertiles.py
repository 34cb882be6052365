"""Value-matrix tertiles: thirds by percent_rank, ties sharing a tertile, order-independent."""

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from pipelines.analytics.tertiles import tertile, tertile_label


def _tertiles(values: list[float]) -> list[int]:
    return pl.DataFrame({"v": values}).select(tertile(pl.col("v")))["v"].to_list()


def test_nine_distinct_values_fall_into_three_thirds():
    assert _tertiles([9, 1, 5, 2, 8, 3, 7, 4, 6]) == [3, 1, 2, 1, 3, 1, 3, 2, 2]


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=60))
def test_ties_share_a_tertile_and_row_order_does_not_matter(values):
    forward = dict(zip(values, _tertiles(values), strict=True))
    for value, group in zip(values, _tertiles(values), strict=True):
        assert forward[value] == group
    backward = _tertiles(list(reversed(values)))
    assert list(reversed(backward)) == _tertiles(values)
    assert set(_tertiles(values)) <= {1, 2, 3}
    # Higher values never get a lower tertile.
    ordered = sorted(forward.items())
    assert [g for _, g in ordered] == sorted(g for _, g in ordered)


def test_labels():
    frame = pl.DataFrame({"t": [1, 2, 3]}, schema={"t": pl.Int8})
    assert frame.select(tertile_label(pl.col("t")))["t"].to_list() == ["low", "medium", "high"]
