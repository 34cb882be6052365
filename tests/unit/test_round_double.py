"""The premise of dbt_project/macros/round_double.sql: DuckDB's round() of a double equals
rounding x * 10^places to a whole number by its decimal string, half up, then dividing — what
the macro has Spark do (Spark's round of a double rounds BigDecimal(Double.toString(x))). Shown
here on the ratios the marts round: money over a count, and shares."""

from decimal import ROUND_HALF_UP, Decimal

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st


def _spark_round_double(value: float, places: int) -> float:
    scaled = value * 10.0**places
    whole = Decimal(repr(scaled)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(whole) / 10.0**places


# No deadline: a machine shared with pipeline runs makes single examples slow.
@settings(max_examples=100, deadline=None)
@given(
    cents=st.lists(st.integers(-10_000_000, 10_000_000), min_size=1, max_size=50),
    divisor=st.integers(1, 5000),
    places=st.sampled_from([2, 6]),
)
def test_duckdb_rounds_a_double_as_the_spark_branch_does(cents, divisor, places):
    values = [c / 100 / divisor for c in cents]
    with duckdb.connect() as connection:
        rounded = connection.execute(
            "select round(x, ?) from (select unnest(?::double[]) as x)", [places, values]
        ).fetchall()
    assert [row[0] for row in rounded] == [_spark_round_double(v, places) for v in values]


def test_a_tie_below_its_decimal_string_shows_why_the_branch_is_needed():
    """32.605 is stored as 32.60499…: DuckDB (and the Spark branch) round it down, Spark's own
    round would read "32.605" and round it up."""
    value = 6521 / 100 / 2
    with duckdb.connect() as connection:
        assert connection.execute("select round(?::double, 2)", [value]).fetchall()[0][0] == 32.6
    assert _spark_round_double(value, 2) == 32.6
    spark_own = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert spark_own == Decimal("32.61")
