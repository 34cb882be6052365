"""Reading a test run's warehouse: rows as dicts or a frame, and a digest of a whole table."""

import hashlib
from pathlib import Path

import duckdb
import polars as pl

# Every table the analytics write (schema marts), each also a Dagster asset of that name.
ANALYTICS_TABLES = (
    "customer_rfm",
    "customer_clv",
    "customer_churn_signals",
    "customer_personas",
    "persona_profiles",
    "rfm_segment_summary",
    "abc_class_summary",
    "persona_summary",
    "customer_value_matrix",
)


def frame(warehouse: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return pl.from_arrow(connection.sql(sql).to_arrow_table())


def rows(warehouse: Path, sql: str) -> list[dict]:
    return frame(warehouse, sql).to_dicts()


def table_digest(warehouse: Path, relation: str) -> tuple[str, int]:
    """A hash of every row (in a fixed order) and the row count: equal digests, equal tables."""
    table = frame(warehouse, f"select * from {relation} order by all")
    return hashlib.sha256(table.write_csv().encode()).hexdigest(), table.height
