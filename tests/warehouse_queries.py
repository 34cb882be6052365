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
# The insight marts the daily job builds (weekly_channel_usage has its own weekly job).
INSIGHT_TABLES = (
    "customer_journey",
    "customer_journey_summary",
    "product_affinity",
    "campaign_performance",
    "satisfaction_by_segment_channel",
    "acquisition_retention_economics",
    "next_best_action",
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


def _canonical(warehouse: Path, relation: str) -> str:
    """The table with each customer_id replaced by its person's smallest record key (what the
    id of a person minted in one go is a hash of), doubles rounded to 9 digits (parallel sums
    may differ in the last bits): two warehouses built from the same deliveries in a different
    order of runs hold equal canonical tables."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        columns = connection.execute(f"describe {relation}").fetchall()
    selected = []
    for name, kind, *_ in columns:
        if name == "customer_id":
            selected.append("persons.person as customer_id")
        elif kind in ("DOUBLE", "FLOAT"):
            selected.append(f'round(t."{name}", 9) as "{name}"')
        else:
            selected.append(f't."{name}"')
    if not any(name == "customer_id" for name, *_ in columns):
        return f"select {', '.join(selected)} from {relation} as t"
    return (
        f"select {', '.join(selected)} from {relation} as t left join ("
        "select customer_id, min(record_type || ':' || record_id) as person "
        "from intermediate.identity_records group by customer_id"
        ") as persons on t.customer_id = persons.customer_id"
    )


def schema_digests(warehouse: Path, schema: str, canonical: bool = False) -> dict[str, tuple]:
    """table → table_digest of every table (not view) of ``schema``; ``canonical`` as above."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables "
                "where table_schema = ? and table_type = 'BASE TABLE' order by 1",
                [schema],
            ).fetchall()
        ]
    digests = {}
    for table in tables:
        relation = f"{schema}.{table}"
        if canonical:
            relation = f"({_canonical(warehouse, relation)})"
        digests[table] = table_digest(warehouse, relation)
    return digests
