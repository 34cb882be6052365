"""Changing the warehouse so that deleted rows are gone from the file, not only from the tables.

DuckDB's ``DELETE`` marks rows deleted and ``CHECKPOINT`` frees their blocks, but the bytes stay
in the file until the blocks are reused (measured on the demo: an erased address still occurred
17 times in the file after DELETE + CHECKPOINT). Copying every schema, table and view into a new
file (``COPY FROM DATABASE``) writes only live rows: 0 occurrences.

So an erasure runs on a scratch copy of the warehouse, copies the result into a fresh file in the
same storage version, and renames that over the warehouse. The warehouse itself is held open
(DuckDB's write lock) from before the copy until after the rename, so no pipeline step can write
into the file being replaced; a process that opens the path after the rename gets the new file.
The scratch copy holds the deleted bytes and is removed at once; leftovers of an erasure that
died half-way are removed before the next one starts.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from pipelines.settings import duckdb_config
from pipelines.warehouse_tables import sql_string

T = TypeVar("T")
_SCRATCH, _FRESH = "erasure-scratch", "erasure-new"


class WarehouseBusyError(RuntimeError):
    """Another process holds the warehouse (a run, dbt, a reader) in a way the request cannot
    share: an erasure needs it alone, an export cannot read while a run writes."""


def _sibling(warehouse: Path, role: str) -> Path:
    return warehouse.with_name(f".{warehouse.stem}-{role}{warehouse.suffix}")


def remove_leftovers(warehouse: Path) -> None:
    """Scratch files of an erasure that died half-way (they may hold the erased rows)."""
    for role in (_SCRATCH, _FRESH):
        path = _sibling(warehouse, role)
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)


@contextmanager
def holding(warehouse: Path, *, read_only: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse, opened so that no other process can write it meanwhile."""
    try:
        connection = duckdb.connect(str(warehouse), read_only=read_only, config=duckdb_config())
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        raise WarehouseBusyError(
            f"The warehouse {warehouse} is in use by another process (a pipeline run, dbt, or a "
            "tool holding it open), and this request cannot share it: nothing was changed. Try "
            f"again when that process has finished. DuckDB says: {str(error).splitlines()[0]}"
        ) from None
    try:
        yield connection
    finally:
        connection.close()


def rewritten_copy(
    held: duckdb.DuckDBPyConnection,
    warehouse: Path,
    change: Callable[[duckdb.DuckDBPyConnection], T],
) -> tuple[Path, T]:
    """A fresh file beside ``warehouse`` holding its contents with ``change`` applied, written
    from live rows only. ``held`` is the caller's connection to the warehouse (its lock)."""
    remove_leftovers(warehouse)
    held.execute("checkpoint")
    scratch, fresh = _sibling(warehouse, _SCRATCH), _sibling(warehouse, _FRESH)
    version = held.execute(
        "select tags['storage_version'] from duckdb_databases() "
        "where database_name = current_database()"
    ).fetchall()[0][0]
    shutil.copyfile(warehouse, scratch)
    try:
        with duckdb.connect(str(scratch), config=duckdb_config()) as connection:
            connection.execute("begin transaction")
            result = change(connection)
            connection.execute("commit")
            source = connection.execute("select current_database()").fetchall()[0][0]
            connection.execute(
                f"attach {sql_string(fresh)} as erasure_fresh "
                f"(storage_version '{version.rstrip('+')}')"
            )
            connection.execute(f'copy from database "{source}" to erasure_fresh')
            # Detaching checkpoints: the fresh file is complete, without a WAL beside it.
            connection.execute("detach erasure_fresh")
    except BaseException:
        remove_leftovers(warehouse)
        raise
    finally:
        scratch.unlink(missing_ok=True)
        scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)
    return fresh, result


def put_in_place(fresh: Path, warehouse: Path) -> None:
    """Rename the fresh file over the warehouse (atomic on one file system). Call it while still
    holding the warehouse: the old file stays locked until its connection closes, and nothing
    can write into it after the rename."""
    os.replace(fresh, warehouse)
