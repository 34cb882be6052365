"""Write one table's load into the warehouse in a single transaction.

The raw table, its quarantined rows and the ingest log row change together or not at all, so a
crash mid-write leaves the previous consistent state.
"""

from __future__ import annotations

import duckdb

from pipelines.ingest.load import TableLoad
from pipelines.ingest.schemas import Table

OPS_DDL = (
    "create schema if not exists ops",
    """create table if not exists ops.quarantine (
        source varchar, table_name varchar, file varchar, line uinteger,
        reason varchar, raw_text varchar, run_id varchar
    )""",
    """create table if not exists ops.ingest_log (
        run_id varchar, source varchar, table_name varchar, files integer,
        landed bigint, loaded bigint, duplicates bigint, quarantined bigint,
        ingested_at timestamp default current_timestamp
    )""",
    # Rows of erased persons (pipelines/privacy/suppression.py); added to logs made before it.
    "alter table ops.ingest_log add column if not exists suppressed bigint default 0",
)


def raw_relation(table: Table) -> str:
    return f"raw_{table.source}.{table.name}"


def write_load(connection: duckdb.DuckDBPyConnection, load: TableLoad, run_id: str) -> None:
    source, name = load.table.source, load.table.name
    connection.register("loaded_rows", load.rows)
    connection.register("quarantined_rows", load.quarantine)
    connection.execute("begin transaction")
    try:
        for statement in OPS_DDL:
            connection.execute(statement)
        connection.execute(f"create schema if not exists raw_{source}")
        connection.execute(
            f"create or replace table {raw_relation(load.table)} as select * from loaded_rows"
        )
        connection.execute(
            "delete from ops.quarantine where source = ? and table_name = ?", [source, name]
        )
        connection.execute(
            "insert into ops.quarantine select *, ? as run_id from quarantined_rows", [run_id]
        )
        connection.execute(
            "insert into ops.ingest_log "
            "(run_id, source, table_name, files, landed, loaded, duplicates, quarantined, "
            "suppressed) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                source,
                name,
                len(load.files),
                load.landed,
                load.loaded,
                load.duplicates,
                load.quarantined,
                load.suppressed,
            ],
        )
        connection.execute("commit")
    except BaseException:
        connection.execute("rollback")
        raise
    finally:
        connection.unregister("loaded_rows")
        connection.unregister("quarantined_rows")
