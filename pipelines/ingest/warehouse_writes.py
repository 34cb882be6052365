"""Write the deliveries of some days into the warehouse in a single transaction.

Per landed table the warehouse keeps two tables:

- ``raw_<source>.<table>__deliveries``: every loadable row of every delivery, copies included,
  with its delivery date, file and line. Ingesting a day replaces that day's rows, so ingesting
  the same day twice (a re-run, a re-delivered file) changes nothing.
- ``raw_<source>.<table>``: one row per key, the winner among all deliveries (the rule of
  ``pipelines.ingest.load.winners``, applied here in SQL), refreshed for the keys the day
  touched only. What dbt reads.

The day's quarantined rows, its ``ops.deliveries`` rows (what was landed and suppressed per file)
and the run's ``ops.ingest_log`` row change in the same transaction: a crash mid-write leaves the
previous consistent state, and a run killed anywhere can simply be started again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.load import TableLoad
from pipelines.ingest.schemas import Table
from pipelines.warehouse_tables import table_exists

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
    # The runs' delivery dates (the daily partitions they ingested).
    "alter table ops.ingest_log add column if not exists first_delivery date",
    "alter table ops.ingest_log add column if not exists last_delivery date",
    # One row per landed file as last ingested: the reconciliation counts against it, and a file
    # whose size or modification time changed since is ingested again (klantbeeld run).
    """create table if not exists ops.deliveries (
        source varchar, table_name varchar, delivered_on date, file varchar,
        landed bigint, suppressed bigint, size_bytes bigint, modified_ns bigint,
        run_id varchar, ingested_at timestamp default current_timestamp
    )""",
    # A key delivered more than once in one file with different values: every version, with
    # its file and line, and whether it is the one the file's rule keeps. The row's values are
    # kept as CSV text (raw_text, as in ops.quarantine), so an erasure finds them the same way.
    """create table if not exists ops.conflicting_duplicates (
        source varchar, table_name varchar, file varchar, line uinteger, kept boolean,
        raw_text varchar, run_id varchar
    )""",
    "alter table ops.ingest_log add column if not exists conflicting bigint default 0",
)


class RawSchemaChangedError(RuntimeError):
    """The contract's columns differ from those of the rows already in the warehouse."""


def raw_relation(table: Table) -> str:
    return f"raw_{table.source}.{table.name}"


DELIVERIES_SUFFIX = "__deliveries"


def deliveries_relation(table: Table) -> str:
    return f"raw_{table.source}.{table.name}{DELIVERIES_SUFFIX}"


def account_for_rewritten_files(
    connection: duckdb.DuckDBPyConnection, landing_dir: Path, removed: Mapping[str, int]
) -> None:
    """After `klantbeeld forget` took records out of landed files (and their rows out of the
    warehouse): ops.deliveries describes each file as it is now, so the reconciliation still
    holds and `klantbeeld run` does not take the rewritten files for new deliveries."""
    if not table_exists(connection, "ops.deliveries"):
        return
    for file, records in removed.items():
        stat = (landing_dir / file).stat()
        connection.execute(
            "update ops.deliveries set landed = landed - ?, size_bytes = ?, modified_ns = ? "
            "where file = ?",
            [records, stat.st_size, stat.st_mtime_ns, file],
        )


def _qualified(table: Table, alias: str) -> str:
    return ", ".join(f'{alias}."{k}"' for k in table.key)


def _keys_equal(table: Table, left: str, right: str) -> str:
    return " and ".join(f'{left}."{k}" = {right}."{k}"' for k in table.key)


def _winner_order(table: Table) -> str:
    """SQL twin of ``load.winners``: rank 1 is the row that stays."""
    direction = "desc" if table.snapshot else "asc"
    return (
        f"_delivered_on {direction} nulls {'last' if table.snapshot else 'first'}, "
        f"_source_line {direction}"
    )


def _record_conflicts(connection: duckdb.DuckDBPyConnection, table: Table, run_id: str) -> int:
    """Put into ops.conflicting_duplicates every version of a key that one file of
    ``delivered_rows`` holds with different values; returns how many rows differ from the
    version kept (the rest of the copies are identical re-exports)."""
    keys = ", ".join(f'"{k}"' for k in table.key)
    # Quoted CSV of the contract's values in contract order: readable, and what the erasure
    # sweep reads raw_text as.
    row_text = " || ',' || ".join(
        f"""coalesce('"' || replace(cast("{c}" as varchar), '"', '""') || '"', '')"""
        for c in table.column_names
    )
    direction = "desc" if table.snapshot else "asc"
    values = ", ".join(f'"{c}"' for c in table.column_names)
    # Hashes first, text only for the keys whose copies differ: the re-exported events of a
    # large delivery are identical and need none.
    connection.execute(
        f"create or replace temp table repeated_keys as select _source_file, {keys} "
        f"from delivered_rows group by _source_file, {keys} having count(*) > 1"
    )
    connection.execute(
        f"create or replace temp table repeated_keys as select _source_file, {keys} "
        f"from delivered_rows semi join repeated_keys using (_source_file, {keys}) "
        f"group by _source_file, {keys} having count(distinct hash({values})) > 1"
    )
    connection.execute(
        f"""create or replace temp table key_versions as
        select _source_file as file, _source_line as line, {row_text} as raw_text,
            row_number() over (partition by _source_file, {keys} order by _source_line {direction})
                = 1 as kept,
            dense_rank() over (partition by _source_file, {keys} order by {row_text}) as version,
            concat_ws('|', _source_file, {keys}) as group_key
        from delivered_rows semi join repeated_keys using (_source_file, {keys})"""
    )
    connection.execute(
        "insert into ops.conflicting_duplicates "
        "select $source, $name, file, line, kept, raw_text, $run from key_versions "
        "where group_key in (select group_key from key_versions group by group_key "
        "having max(version) > 1) order by file, line",
        {"source": table.source, "name": table.name, "run": run_id},
    )
    differing = connection.execute(
        "select count(*) from key_versions as v join key_versions as k "
        "on v.group_key = k.group_key and k.kept where v.raw_text <> k.raw_text"
    ).fetchone()[0]
    for temporary in ("repeated_keys", "key_versions"):
        connection.execute(f"drop table {temporary}")
    return differing


def _prepare_tables(connection: duckdb.DuckDBPyConnection, table: Table) -> None:
    connection.execute(f"create schema if not exists raw_{table.source}")
    columns = connection.execute("describe select * from delivered_rows").fetchall()
    expected = [name for name, *_ in columns]
    # Column by column, not `create table … as select … limit 0`: DuckDB 2.0.0 loses track of a
    # table made that way when 122,880 rows or more go into it in the same transaction (joins
    # on it find nothing; tests/unit/test_warehouse_writes.py).
    definition = ", ".join(f'"{name}" {kind}' for name, kind, *_ in columns)
    for relation in (deliveries_relation(table), raw_relation(table)):
        connection.execute(f"create table if not exists {relation} ({definition})")
        existing = [row[0] for row in connection.execute(f"describe {relation}").fetchall()]
        if existing != expected:
            raise RawSchemaChangedError(
                f"{relation} holds the columns {existing}, but the contract of "
                f"{table.source}.{table.name} now has {expected}. Re-ingest every delivery into "
                "fresh tables: `klantbeeld backfill --all --full-refresh` (docs/operations.md)."
            )


def _drop_table(connection: duckdb.DuckDBPyConnection, table: Table) -> None:
    for relation in (deliveries_relation(table), raw_relation(table)):
        connection.execute(f"drop table if exists {relation}")
    for log in ("ops.deliveries", "ops.quarantine", "ops.conflicting_duplicates"):
        connection.execute(
            f"delete from {log} where source = ? and table_name = ?", [table.source, table.name]
        )


def write_deliveries(
    connection: duckdb.DuckDBPyConnection,
    load: TableLoad,
    dates: Collection[dt.date],
    run_id: str,
    replace_all: bool = False,
) -> dict[str, int]:
    """Replace the deliveries of ``dates`` with ``load`` (read from exactly those dates) and
    refresh the winners of every key they touch; with ``replace_all`` the table holds only
    ``dates`` afterwards (a full refresh, also after a contract change). Returns the run's
    counts for ``dates``: landed = loaded + duplicates + conflicting + quarantined + suppressed,
    where duplicates are identical copies of a key and conflicting the copies, in the same file,
    whose values differ from the version kept (ops.conflicting_duplicates)."""
    table = load.table
    source, name = table.source, table.name
    day_list = sorted(dates)
    keys = ", ".join(f'"{k}"' for k in table.key)
    log = pl.DataFrame(
        [
            {
                "delivered_on": d.delivered_on,
                "file": d.file,
                "landed": d.landed,
                "suppressed": d.suppressed,
                "size_bytes": d.size,
                "modified_ns": d.modified_ns,
            }
            for d in load.deliveries
        ],
        schema={
            "delivered_on": pl.Date,
            "file": pl.String,
            "landed": pl.Int64,
            "suppressed": pl.Int64,
            "size_bytes": pl.Int64,
            "modified_ns": pl.Int64,
        },
    )
    # Straight from the staged Parquet files: the delivered rows never sit whole in memory.
    connection.execute(
        f"create or replace temp view delivered_rows as "
        f"select * from {load.delivered.duckdb_relation()}"
    )
    connection.register("quarantined_rows", load.quarantine)
    connection.register("delivery_files", log)
    connection.execute("begin transaction")
    try:
        for statement in OPS_DDL:
            connection.execute(statement)
        if replace_all:
            _drop_table(connection, table)
        _prepare_tables(connection, table)
        deliveries, raw = deliveries_relation(table), raw_relation(table)
        in_dates = "list_contains($dates, _delivered_on)"
        connection.execute(
            f"create or replace temp table touched_keys as "
            f"select distinct {keys} from {deliveries} where {in_dates} "
            f"union select distinct {keys} from delivered_rows",
            {"dates": day_list},
        )
        connection.execute(f"delete from {deliveries} where {in_dates}", {"dates": day_list})
        connection.execute(f"insert into {deliveries} by name select * from delivered_rows")
        connection.execute(
            f"delete from {raw} using touched_keys where {_keys_equal(table, raw, 'touched_keys')}"
        )
        connection.execute(
            f"insert into {raw} by name select * exclude (_rank) from ("
            f"  select d.*, row_number() over (partition by {_qualified(table, 'd')} "
            f"    order by {_winner_order(table)}) as _rank"
            f"  from {deliveries} as d semi join touched_keys"
            f"    on {_keys_equal(table, 'd', 'touched_keys')}"
            f") where _rank = 1"
        )
        prefixes = [f"{source}/{d.isoformat()}/" for d in day_list]
        connection.execute(
            "delete from ops.quarantine where source = $source and table_name = $name "
            "and list_contains($prefixes, regexp_extract(file, '^[^/]*/[^/]*/'))",
            {"source": source, "name": name, "prefixes": prefixes},
        )
        connection.execute(
            "insert into ops.quarantine select *, $run as run_id from quarantined_rows",
            {"run": run_id},
        )
        connection.execute(
            "delete from ops.conflicting_duplicates where source = $source "
            "and table_name = $name "
            "and list_contains($prefixes, regexp_extract(file, '^[^/]*/[^/]*/'))",
            {"source": source, "name": name, "prefixes": prefixes},
        )
        conflicting = _record_conflicts(connection, table, run_id)
        connection.execute(
            "delete from ops.deliveries where source = $source and table_name = $name "
            "and list_contains($dates, delivered_on)",
            {"source": source, "name": name, "dates": day_list},
        )
        connection.execute(
            "insert into ops.deliveries by name select $source as source, $name as table_name, "
            "*, $run as run_id from delivery_files",
            {"source": source, "name": name, "run": run_id},
        )
        loaded = connection.execute(
            f"select count(*) from {raw} where {in_dates}", {"dates": day_list}
        ).fetchone()[0]
        counts = {
            "landed": load.landed,
            "loaded": loaded,
            "duplicates": load.delivered.count - loaded - conflicting,
            "conflicting": conflicting,
            "quarantined": load.quarantined,
            "suppressed": load.suppressed,
        }
        connection.execute(
            "insert into ops.ingest_log (run_id, source, table_name, files, landed, loaded, "
            "duplicates, conflicting, quarantined, suppressed, first_delivery, last_delivery) "
            "values ($run, $source, $name, $files, $landed, $loaded, $duplicates, "
            "$conflicting, $quarantined, $suppressed, $first, $last)",
            {
                "run": run_id,
                "source": source,
                "name": name,
                "files": len(load.files),
                **counts,
                "first": day_list[0] if day_list else None,
                "last": day_list[-1] if day_list else None,
            },
        )
        connection.execute("commit")
    except BaseException:
        connection.execute("rollback")
        raise
    finally:
        connection.execute("drop view if exists delivered_rows")
        for view in ("quarantined_rows", "delivery_files"):
            connection.unregister(view)
    return counts
