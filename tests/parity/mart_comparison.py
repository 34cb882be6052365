"""Comparing one mart as two engines built it: the same rows, whatever their order, with types
normalised — integers of any width (and DuckDB's HUGEINT sums) as 64-bit, decimals and floats
as floats equal within FLOAT_TOLERANCE (two engines sum in different orders, which changes the
last bits), timestamps as naive UTC microseconds. Column order does not count (on Spark a
partition column comes last); column names do."""

import polars as pl

# Relative, and absolute below 1: money has two decimals, the marts' ratios six.
FLOAT_TOLERANCE = 1e-9
# Sorting rounds floats to this many decimals, so a last-bit difference cannot reorder rows.
SORT_DECIMALS = 4
SHOWN_ROWS = 5


def normalised(frame: pl.DataFrame) -> pl.DataFrame:
    columns = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.Decimal) and dtype.scale == 0:
            # DuckDB sums integers into HUGEINT, which arrives as a decimal without decimals.
            column = column.cast(pl.Int64)
        elif dtype.is_float() or isinstance(dtype, pl.Decimal):
            column = column.cast(pl.Float64)
        elif dtype.is_integer():
            column = column.cast(pl.Int64)
        elif isinstance(dtype, pl.Datetime):
            if dtype.time_zone is not None:
                column = column.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
            column = column.dt.cast_time_unit("us")
        columns.append(column)
    return frame.select(columns).select(sorted(frame.columns))


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    keys = [
        pl.col(name).round(SORT_DECIMALS) if dtype == pl.Float64 else pl.col(name)
        for name, dtype in frame.schema.items()
    ]
    return frame.sort(keys, nulls_last=True)


def _unequal(left: pl.Series, right: pl.Series) -> pl.Series:
    """Per row: do the two values differ (null only equals null)?"""
    if left.dtype == pl.Float64:
        scale = pl.max_horizontal(left.abs(), right.abs(), pl.lit(1.0))
        close = pl.select((left - right).abs() <= FLOAT_TOLERANCE * scale).to_series()
        same = (left.is_null() & right.is_null()) | close.fill_null(False)
        return ~same
    return left.ne_missing(right)


def differences(mart: str, duckdb: pl.DataFrame, spark: pl.DataFrame) -> list[str]:
    """What differs between the mart as DuckDB and as Spark built it, readable; [] if nothing."""
    if set(duckdb.columns) != set(spark.columns):
        only_duckdb = sorted(set(duckdb.columns) - set(spark.columns))
        only_spark = sorted(set(spark.columns) - set(duckdb.columns))
        return [f"{mart}: columns only on DuckDB {only_duckdb}, only on Spark {only_spark}"]
    left, right = normalised(duckdb), normalised(spark)
    mismatched_types = {
        name: (left.schema[name], right.schema[name])
        for name in left.columns
        if left.schema[name] != right.schema[name]
    }
    if mismatched_types:
        return [f"{mart}: column types (DuckDB, Spark) differ: {mismatched_types}"]
    if left.height != right.height:
        return [f"{mart}: {left.height} rows on DuckDB, {right.height} on Spark"]
    left, right = _sorted(left), _sorted(right)
    unequal = {name: _unequal(left[name], right[name]) for name in left.columns}
    rows = pl.DataFrame(unequal).select(pl.any_horizontal(pl.all())).to_series()
    if not rows.any():
        return []
    found = [f"{mart}: {rows.sum()} of {left.height} rows differ (after sorting both), e.g."]
    for index in rows.arg_true().head(SHOWN_ROWS):
        columns = [name for name in left.columns if unequal[name][index]]
        duck_values = left.row(index, named=True)
        spark_values = right.row(index, named=True)
        found += [
            f"  row {index} {name}: DuckDB {duck_values[name]!r}, Spark {spark_values[name]!r}"
            for name in columns
        ]
    return found
