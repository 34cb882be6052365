"""A BI reader of the published copy, run as its own process by the reader-during-run test
(tests/integration/test_published_readers.py)::

    python -m tests.published_reader PUBLISHED_DIR CONTROL_FILE RESULT_FILE

It knows only the layout docs/publishing.md promises BI tools, not the pipeline's code. Until
CONTROL_FILE says ``stop`` (its other contents name the phase the test is in) it reads, in a
loop, both ways the docs describe:

- the release: resolve ``current`` once, then open that release's DuckDB file read-only and its
  Parquet files; every table of its ``release.json`` must be in both, with that many rows;
- the stable paths: ``klantbeeld.duckdb`` and ``parquet/<table>.parquet`` as a BI tool would
  open them; the DuckDB file must be one whole release (the one ``current`` named just before
  or just after the open), each Parquet file one whole file of either.

After ``stop`` it reads once more, then writes RESULT_FILE: reads per kind, release and phase,
and every failure (exception class and first line).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

MAX_SECONDS = 1200  # gives up by itself if the test never says stop
PAUSE_SECONDS = 0.1  # a BI tool polls; the pipeline keeps most of the machine


class InconsistentReleaseError(Exception):
    """An open succeeded but what it showed is not one whole release."""


def _manifest_rows(release: Path) -> dict[str, int]:
    manifest = json.loads((release / "release.json").read_text())
    if manifest["release"] != release.name:
        raise InconsistentReleaseError(
            f"release.json of {release.name} names {manifest['release']}"
        )
    return {name: table["rows"] for name, table in manifest["tables"].items()}


def _duckdb_rows(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as connection:
        tables = connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts'"
        ).fetchall()
        count = 'select count(*) from marts."{}"'
        return {name: connection.execute(count.format(name)).fetchone()[0] for (name,) in tables}


def _parquet_rows(folder: Path) -> dict[str, int]:
    return {p.stem: pq.read_table(p).num_rows for p in folder.iterdir() if p.suffix == ".parquet"}


def read_release(published: Path) -> str:
    """Resolve ``current`` once and read that release: the consistent way across files."""
    release = Path(os.path.realpath(published / "current"))
    expected = _manifest_rows(release)
    in_duckdb = _duckdb_rows(release / "klantbeeld.duckdb")
    in_parquet = _parquet_rows(release / "parquet")
    if in_duckdb != expected or in_parquet != expected:
        raise InconsistentReleaseError(
            f"{release.name}: release.json {expected}, DuckDB {in_duckdb}, Parquet {in_parquet}"
        )
    return release.name


def read_stable_paths(published: Path) -> str:
    """Open the stable paths as a BI tool would; returns the release the DuckDB file was."""
    before = Path(os.readlink(published / "current")).name
    in_duckdb = _duckdb_rows(published / "klantbeeld.duckdb")
    in_parquet = _parquet_rows(published / "parquet")
    after = Path(os.readlink(published / "current")).name
    candidates = {name: _manifest_rows(published / "releases" / name) for name in {before, after}}
    matching = [name for name, rows in candidates.items() if rows == in_duckdb]
    if not matching:
        raise InconsistentReleaseError(f"DuckDB {in_duckdb} is none of {candidates}")
    for table, rows in in_parquet.items():
        if not any(expected.get(table) == rows for expected in candidates.values()):
            raise InconsistentReleaseError(
                f"parquet/{table}.parquet: {rows} rows, none of {candidates}"
            )
    if set(in_parquet) != set(in_duckdb):
        raise InconsistentReleaseError(
            f"Parquet tables {sorted(in_parquet)} != {sorted(in_duckdb)}"
        )
    return matching[0]


def run(published: Path, control: Path, result: Path) -> None:
    reads: Counter[tuple[str, str, str]] = Counter()
    failures: list[dict[str, str]] = []
    waiting = stable_pending = 0
    deadline = time.monotonic() + MAX_SECONDS
    last_pass = False
    while not last_pass:
        phase = control.read_text().strip() if control.exists() else ""
        last_pass = phase == "stop" or time.monotonic() > deadline
        if not (published / "current").is_symlink():
            # Before the first release there is nothing to read yet: not a failed open.
            waiting += 1
            time.sleep(PAUSE_SECONDS)
            continue
        kinds = [("release", read_release), ("stable", read_stable_paths)]
        if not (published / "klantbeeld.duckdb").is_symlink():
            # The first publish links the stable paths just after `current`: until then they are
            # "not published yet", as before any release (counted, not a failed open).
            stable_pending += 1
            kinds = kinds[:1]
        for kind, read in kinds:
            try:
                reads[(kind, read(published), phase)] += 1
            except Exception as error:
                failures.append(
                    {
                        "kind": kind,
                        "phase": phase,
                        "error": type(error).__name__,
                        "message": (str(error).splitlines() or [""])[0][:500],
                    }
                )
        time.sleep(PAUSE_SECONDS)
    result.write_text(
        json.dumps(
            {
                "reads": [
                    {"kind": kind, "release": release, "phase": phase, "count": count}
                    for (kind, release, phase), count in sorted(reads.items())
                ],
                "failures": failures,
                "waiting": waiting,
                "stable_pending": stable_pending,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    run(*(Path(argument) for argument in sys.argv[1:4]))
