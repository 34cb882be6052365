"""The parity test's comparison: equal marts compare equal whatever the row and column order and
the engine's type widths; any real difference is reported, naming the mart and the column."""

import datetime as dt
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.parity.mart_comparison import FLOAT_TOLERANCE, differences

MONEY = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False)
ROWS = st.lists(
    st.tuples(st.integers(0, 50), st.one_of(st.none(), MONEY), st.booleans()),
    min_size=1,
    max_size=30,
)


def _duckdb_like(rows) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "customer_id": [str(key) for key, _, _ in rows],
            "net_revenue": pl.Series([money for _, money, _ in rows], dtype=pl.Decimal(18, 2)),
            "is_buyer": [flag for _, _, flag in rows],
            "first_seen_at": [dt.datetime(2026, 1, 1, key % 24) for key, _, _ in rows],
        }
    )


def _spark_like(duckdb: pl.DataFrame, seed: int) -> pl.DataFrame:
    """The same rows as Spark hands them over: shuffled, columns in another order, money as
    doubles, timestamps zone-aware UTC."""
    return (
        duckdb.sample(fraction=1.0, shuffle=True, seed=seed)
        .with_columns(
            pl.col("net_revenue").cast(pl.Float64),
            pl.col("first_seen_at").dt.replace_time_zone("UTC"),
        )
        .select(sorted(duckdb.columns, reverse=True))
    )


# No deadline: a machine shared with pipeline runs makes single examples slow.
@settings(deadline=None)
@given(rows=ROWS, seed=st.integers(0, 1000))
def test_the_same_rows_in_any_order_and_type_width_are_equal(rows, seed):
    duckdb = _duckdb_like(rows)
    assert differences("marts.m", duckdb, _spark_like(duckdb, seed)) == []


@settings(deadline=None)
@given(rows=ROWS, seed=st.integers(0, 1000), index=st.integers(0, 29))
def test_a_changed_amount_is_reported_with_mart_and_column(rows, seed, index):
    duckdb = _duckdb_like(rows)
    index %= duckdb.height
    changed = duckdb.with_columns(
        pl.when(pl.int_range(pl.len()) == index)
        .then(pl.col("net_revenue").fill_null(Decimal(0)) + Decimal("0.01"))
        .otherwise(pl.col("net_revenue"))
        .alias("net_revenue")
    )
    found = differences("marts.m", duckdb, _spark_like(changed, seed))
    assert found
    assert found[0].startswith("marts.m: ")
    assert any("net_revenue" in line for line in found[1:])


def test_floats_within_the_tolerance_are_equal_and_beyond_it_differ():
    duckdb = pl.DataFrame({"share": [0.1 + 0.2, 1e6]})
    close = pl.DataFrame({"share": [0.3, 1e6 * (1 + FLOAT_TOLERANCE / 2)]})
    apart = pl.DataFrame({"share": [0.3, 1e6 * (1 + FLOAT_TOLERANCE * 10)]})
    assert differences("m", duckdb, close) == []
    assert differences("m", duckdb, apart) != []


def test_missing_columns_rows_and_changed_types_are_named():
    duckdb = pl.DataFrame({"id": ["1", "2"], "n": [1, 2]})
    assert "only on DuckDB ['n']" in differences("m", duckdb, duckdb.drop("n"))[0]
    assert "2 rows on DuckDB, 1 on Spark" in differences("m", duckdb, duckdb.head(1))[0]
    as_text = duckdb.with_columns(pl.col("n").cast(pl.String))
    assert "column types" in differences("m", duckdb, as_text)[0]


def test_a_null_differs_from_a_value():
    duckdb = pl.DataFrame({"id": ["1"], "segment": ["Loyal"]})
    found = differences("m", duckdb, duckdb.with_columns(pl.lit(None, pl.String).alias("segment")))
    assert "segment: DuckDB 'Loyal', Spark None" in found[1]
