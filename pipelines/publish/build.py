"""Writing one release: the published marts into a DuckDB file that DuckDB 1.x can open, and one
Parquet file per table, straight from the warehouse (attached read-only)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.publish.column_policy import (
    COUNTRY_CODE,
    CUSTOMER_ID,
    Action,
    ColumnDecision,
    decide,
    postcode_area_sql,
    quoted,
)
from pipelines.publish.personal_values import Finding, scan_relation
from pipelines.publish.pseudonym import customer_keys, key_id
from pipelines.publish.release import (
    DUCKDB_FILE,
    PARQUET_FOLDER,
    current_release,
    promote,
    release_id,
    staging_folder,
)
from pipelines.publish.tables import MARTS_SCHEMA
from pipelines.settings import duckdb_config
from pipelines.warehouse_tables import sql_string

# BI tools embed DuckDB 1.x, which cannot open the 2.0 storage format ("version number 999"); a
# file created with this storage version opens in 1.4 and later (header version 67).
STORAGE_VERSION = "v1.4.0"
MANIFEST = "release.json"


@dataclass
class PublishedTable:
    name: str
    rows: int = 0
    columns: list[str] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)


@dataclass
class Published:
    """A release switched in: its folder, its tables, and the older release folders that could
    not be removed this time (a reader holds them open; the next publish tries again)."""

    folder: Path
    tables: list[PublishedTable]
    kept_in_use: list[str] = field(default_factory=list)


class PersonalValuesError(Exception):
    """The value scan matched: the release is not published. Carries counts, never values."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(
            "Not published: values that look personal in the published copy — "
            + "; ".join(str(f) for f in findings)
            + ". Drop or rename the column (pipelines/publish/column_policy.py)."
        )


def marts_columns(warehouse: Path) -> dict[str, list[str]]:
    """Every table of the warehouse's marts schema → its columns, in order."""
    with duckdb.connect(str(warehouse), read_only=True, config=duckdb_config()) as connection:
        rows = connection.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = ? order by table_name, ordinal_position",
            [MARTS_SCHEMA],
        ).fetchall()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    return columns


def publish_release(
    warehouse: Path, published_dir: Path, columns: dict[str, list[str]], key: bytes, run_id: str
) -> Published:
    """Write a release of ``columns`` (table → its warehouse columns) from ``warehouse`` and
    switch BI readers to it. If anything fails before the switch, nothing of the new release is
    left behind and the current one stays; an old release that cannot be removed after the
    switch is kept (``kept_in_use``), not an error."""
    staging = staging_folder(published_dir, run_id)
    try:
        written = write_release(warehouse, staging, columns, key)
        release = release_id(run_id, dt.datetime.now(dt.UTC))
        _write_manifest(staging / MANIFEST, release, run_id, key, written)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    folder, pruned = promote(published_dir, staging, release)
    return Published(folder, written, pruned.kept_in_use)


def republish(warehouse: Path, published_dir: Path, key: bytes, run_id: str) -> Published | None:
    """A new release of the tables the current one holds, from ``warehouse`` (after an erasure:
    the same copy without the person); None when nothing is published yet."""
    current = current_release(published_dir)
    if current is None:
        return None
    tables = json.loads((current / MANIFEST).read_text())["tables"]
    present = marts_columns(warehouse)
    return publish_release(
        warehouse, published_dir, {table: present[table] for table in tables}, key, run_id
    )


def _write_manifest(
    path: Path, release: str, run_id: str, key: bytes, tables: list[PublishedTable]
) -> None:
    path.write_text(
        json.dumps(
            {
                "release": release,
                "run_id": run_id,
                "storage_version": STORAGE_VERSION,
                "customer_key_id": key_id(key),
                "tables": {t.name: {"rows": t.rows, "columns": t.columns} for t in tables},
            },
            indent=2,
        )
    )


def write_release(
    warehouse: Path, folder: Path, columns: dict[str, list[str]], key: bytes
) -> list[PublishedTable]:
    """Write every table of ``columns`` (table → its warehouse columns) into ``folder``."""
    published = []
    with _attached(warehouse, folder / DUCKDB_FILE) as connection:
        connection.execute(f"create schema published.{MARTS_SCHEMA}")
        _register_customer_keys(connection, columns, key)
        for table, table_columns in columns.items():
            published.append(_publish_table(connection, folder, table, table_columns))
        findings = [
            finding
            for table in published
            for finding in scan_relation(connection, _published(table.name), table.columns)
        ]
        if findings:
            raise PersonalValuesError(findings)
    return published


@contextmanager
def _attached(warehouse: Path, target: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(config=duckdb_config())
    try:
        connection.execute(f"attach {sql_string(warehouse)} as warehouse (read_only)")
        connection.execute(
            f"attach {sql_string(target)} as published (storage_version '{STORAGE_VERSION}')"
        )
        yield connection
        # Detaching checkpoints: the file is complete before the release is renamed into place.
        connection.execute("detach published")
    finally:
        connection.close()


def _register_customer_keys(
    connection: duckdb.DuckDBPyConnection, columns: dict[str, list[str]], key: bytes
) -> None:
    with_ids = [table for table, names in columns.items() if CUSTOMER_ID in names]
    ids: list[str] = []
    if with_ids:
        union = " union ".join(
            f"select {CUSTOMER_ID} from warehouse.{MARTS_SCHEMA}.{quoted(table)}"
            for table in with_ids
        )
        ids = [row[0] for row in connection.execute(union).fetchall() if row[0] is not None]
    keys = customer_keys(key, ids)
    mapping = pa.table(
        {"customer_id": list(keys), "customer_key": list(keys.values())},
        schema=pa.schema([("customer_id", pa.string()), ("customer_key", pa.string())]),
    )
    connection.register("customer_keys", mapping)


def _publish_table(
    connection: duckdb.DuckDBPyConnection, folder: Path, table: str, columns: list[str]
) -> PublishedTable:
    decisions = [decide(column) for column in columns]
    result = PublishedTable(
        name=table,
        columns=[d.published_name for d in decisions if d.published],
        dropped={d.column: d.action.value for d in decisions if not d.published},
    )
    country = COUNTRY_CODE if COUNTRY_CODE in columns else None
    selected = ", ".join(_expression(d, country) for d in decisions if d.published)
    join = (
        f" left join customer_keys as keys on keys.customer_id = source.{CUSTOMER_ID}"
        if CUSTOMER_ID in columns
        else ""
    )
    connection.execute(
        f"create table {_published(table)} as select {selected} "
        f"from warehouse.{MARTS_SCHEMA}.{quoted(table)} as source{join}"
    )
    parquet = folder / PARQUET_FOLDER / f"{table}.parquet"
    connection.execute(
        f"copy {_published(table)} to {sql_string(parquet)} (format parquet, compression zstd)"
    )
    result.rows = connection.execute(f"select count(*) from {_published(table)}").fetchone()[0]
    return result


def _expression(decision: ColumnDecision, country: str | None) -> str:
    """``country``: the table's ISO country column, which a postcode's area depends on."""
    source = f"source.{quoted(decision.column)}"
    if decision.action is Action.PSEUDONYMISE:
        return f"keys.customer_key as {quoted(decision.published_name)}"
    if decision.action is Action.REDUCE_TO_AREA:
        country_sql = f"source.{quoted(country)}" if country else None
        return f"{postcode_area_sql(source, country_sql)} as {quoted(decision.published_name)}"
    return source


def _published(table: str) -> str:
    return f"published.{MARTS_SCHEMA}.{quoted(table)}"
