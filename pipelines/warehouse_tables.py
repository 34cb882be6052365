"""Reading frames from and writing whole tables to the warehouse, for the Python assets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl

if TYPE_CHECKING:
    # Only a type here: importing the resources pulls in dagster-dbt (seconds), which the
    # command-line privacy requests do not need.
    from pipelines.resources import Warehouse


def read_frame(warehouse: Warehouse, query: str, parameters: list | None = None) -> pl.DataFrame:
    with warehouse.connect(read_only=True) as connection:
        return query_frame(connection, query, parameters)


def query_frame(
    connection: duckdb.DuckDBPyConnection, query: str, parameters: list | None = None
) -> pl.DataFrame:
    """A query's result on an open connection (e.g. inside the caller's transaction)."""
    return pl.from_arrow(connection.sql(query, params=parameters).to_arrow_table())


def table_exists(connection: duckdb.DuckDBPyConnection, relation: str) -> bool:
    """Whether ``schema.name`` is a table or view in the warehouse (a first run has neither)."""
    schema, name = relation.split(".")
    # fetchall, not fetchone: DuckDB 2.0 refuses the next query while a result is unfinished.
    [(count,)] = connection.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return bool(count)


def fetch_row(warehouse: Warehouse, query: str) -> tuple:
    """The one row a query returns (e.g. a check's counts), from a read-only connection."""
    with warehouse.connect(read_only=True) as connection:
        return connection.execute(query).fetchone()


def replace_tables(warehouse: Warehouse, tables: dict[str, pl.DataFrame]) -> None:
    """Replace whole tables (``schema.name`` → frame) in one transaction: readers never see one
    output rebuilt and its companion still from the previous run."""
    with warehouse.connect() as connection:
        connection.execute("begin transaction")
        try:
            for relation, frame in tables.items():
                replace_table(connection, relation, frame)
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise


def replace_table(
    connection: duckdb.DuckDBPyConnection, relation: str, frame: pl.DataFrame
) -> None:
    """Replace one table inside the caller's transaction (its schema created if missing)."""
    schema = relation.split(".")[0]
    connection.execute(f"create schema if not exists {schema}")
    connection.register("new_rows", frame.to_arrow())
    try:
        connection.execute(f"create or replace table {relation} as select * from new_rows")
    finally:
        connection.unregister("new_rows")


def sql_string(text: str | Path) -> str:
    """A string literal for SQL that takes no parameters there (ATTACH, COPY ... TO)."""
    return "'" + str(text).replace("'", "''") + "'"
