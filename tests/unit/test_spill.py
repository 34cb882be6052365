"""A killed process's DuckDB spill files and ingest staging folders (table data, personal data
included) are removed by the next connection; a running process's are not."""

import os
import signal
import subprocess
import sys
import textwrap
import time

from pipelines.resources import Warehouse
from pipelines.spill import remove_spill_of_dead_processes

# Sorts more than its memory limit allows, so DuckDB spills, and waits to be killed.
_SPILLING = textwrap.dedent(
    """
    import sys, duckdb
    connection = duckdb.connect(config={"memory_limit": "64MB", "temp_directory": sys.argv[1],
                                        "preserve_insertion_order": False, "threads": 1})
    connection.sql("select md5(range::varchar) as s from range(3000000) order by s").fetchall()
    """
)


# Stages rows as an ingest step does, says so, and waits to be killed.
_STAGING = textwrap.dedent(
    """
    import sys, time, polars as pl
    from pathlib import Path
    from pipelines.ingest.staging import StagedRows
    staged = StagedRows(pl.DataFrame({"email": ["anna@example.nl"]}), Path(sys.argv[1]))
    print("staged", flush=True)
    time.sleep(600)
    """
)


def _dead_pid() -> int:
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True)  # fmt: skip
    return int(process.stdout)


def test_the_spill_of_a_killed_duckdb_process_is_removed(tmp_path):
    spill = tmp_path / "spill"
    process = subprocess.Popen([sys.executable, "-c", _SPILLING, str(spill)])
    deadline = time.monotonic() + 120
    while not any(spill.glob(f"duckdb_temp_{process.pid}_*storage*")):
        assert process.poll() is None, "the query ended before it spilled"
        assert time.monotonic() < deadline, "DuckDB did not spill"
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait()
    left = sorted(spill.iterdir())
    assert left, "SIGKILL left nothing: this test no longer shows the problem"

    assert remove_spill_of_dead_processes(spill) == left
    assert list(spill.iterdir()) == []


def test_the_staged_rows_of_a_killed_ingest_step_are_removed(tmp_path):
    spill = tmp_path / "spill"
    process = subprocess.Popen(
        [sys.executable, "-c", _STAGING, str(spill)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline() == "staged\n"
    process.send_signal(signal.SIGKILL)
    process.wait()
    [left] = spill.iterdir()
    assert left.name.startswith(f"klantbeeld-ingest-{process.pid}-")
    assert list(left.glob("part-*.parquet")), "the killed step left no staged rows"

    assert remove_spill_of_dead_processes(spill) == [left]
    assert list(spill.iterdir()) == []


def test_a_running_process_keeps_its_spill_and_other_files_stay(tmp_path):
    mine = tmp_path / f"duckdb_temp_{os.getpid()}_0_storage_DEFAULT-0.tmp"
    dead = tmp_path / f"duckdb_temp_{_dead_pid()}_0_storage_DEFAULT-0.tmp"
    unrelated = tmp_path / "notes.txt"
    # Staging folders: one of this process, one of a dead one, one not named by a process.
    my_staging = tmp_path / f"klantbeeld-ingest-{os.getpid()}-abc123"
    dead_staging = tmp_path / f"klantbeeld-ingest-{_dead_pid()}-def456"
    unnamed_staging = tmp_path / "klantbeeld-ingest-xyz789"
    for path in (mine, dead, unrelated):
        path.write_bytes(b"rows")
    for folder in (my_staging, dead_staging, unnamed_staging):
        folder.mkdir()
        (folder / "part-00000.parquet").write_bytes(b"rows")

    assert remove_spill_of_dead_processes(tmp_path) == sorted([dead, dead_staging])
    assert sorted(tmp_path.iterdir()) == sorted([mine, unrelated, my_staging, unnamed_staging])
    assert (my_staging / "part-00000.parquet").exists()


def test_connecting_to_the_warehouse_removes_a_dead_processs_spill(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "k.duckdb"))
    monkeypatch.delenv("KLANTBEELD_DUCKDB_TEMP_DIR", raising=False)
    spill = tmp_path / "spill"
    spill.mkdir()
    dead = spill / f"duckdb_temp_{_dead_pid()}_0_owner"
    dead.write_bytes(b"")
    dead_staging = spill / f"klantbeeld-ingest-{_dead_pid()}-abc123"
    dead_staging.mkdir()

    with Warehouse().connect() as connection:
        assert connection.execute("select 1").fetchone() == (1,)
    assert not dead.exists()
    assert not dead_staging.exists()
