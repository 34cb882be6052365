"""A `klantbeeld run` killed with SIGKILL during ingestion, during dbt and during publishing,
then started again, ends with the marts and the published copy of a clean run, and leaves no
temporary file anywhere (its own folders, the published folder, its TMPDIR)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dagster import DagsterEventType, DagsterInstance

from pipelines.demo.generate import generate_demo
from pipelines.settings import PROJECT_ROOT
from tests.conftest import TEST_AS_OF
from tests.warehouse_queries import schema_digests

pytestmark = pytest.mark.integration

PEOPLE, DAYS = 300, 120
KLANTBEELD = Path(sys.executable).parent / "klantbeeld"
# Names that only a half-done write leaves behind: a release being built, a link being switched
# (`.<link>.<pid>.<random>`), a landed file being rewritten, DuckDB's write-ahead log and spill
# files, ingestion's staged rows, the temporary dbt folders of older versions.
TEMPORARY_NAMES = re.compile(
    r"^\.staging-|^\.(current|parquet|klantbeeld\.duckdb)\.|\.erasure-partial$|\.wal$|"
    r"\.tmp$|^klantbeeld-dbt-|^klantbeeld-ingest-|^duckdb_temp_"
)


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    generate_demo(root / "landing", root / "truth", customers=PEOPLE, days=DAYS, seed=5)
    return root / "landing"


def _environment(root: Path, landing: Path) -> dict[str, str]:
    home, tmp = root / "dagster_home", root / "tmp"
    for folder in (home, tmp):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home)
    return {
        **os.environ,
        "KLANTBEELD_LANDING_DIR": str(landing),
        "KLANTBEELD_WAREHOUSE": str(root / "warehouse" / "klantbeeld.duckdb"),
        "KLANTBEELD_AS_OF_DATE": TEST_AS_OF.isoformat(),
        "DAGSTER_HOME": str(home),
        "TMPDIR": str(tmp),
    }


def _run(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KLANTBEELD), "run"], env=environment, capture_output=True, text=True, check=False
    )


def _started_steps(home: Path) -> set[str]:
    instance = DagsterInstance.from_config(str(home))
    try:
        runs = instance.get_runs(limit=1)
        if not runs:
            return set()
        records = instance.get_records_for_run(
            runs[0].run_id, of_type=DagsterEventType.STEP_START
        ).records
        return {record.event_log_entry.step_key for record in records}
    finally:
        instance.dispose()


def _kill_when(environment: dict[str, str], ready, settle: float) -> None:
    """Start a run, wait until ``ready()``, let it go on for ``settle`` seconds, SIGKILL it and
    everything it started (dbt)."""
    process = subprocess.Popen(
        [str(KLANTBEELD), "run"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    try:
        while not ready():
            assert process.poll() is None, "the run ended before the fault could be injected"
            assert time.monotonic() < deadline, "the run never reached the step"
            time.sleep(0.01)
        time.sleep(settle)
        assert process.poll() is None, "the run ended before the fault could be injected"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _temporary_files(root: Path) -> list[str]:
    """Everything in the run's TMPDIR, and every temporary-looking name under its folders."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.parent == root / "tmp" or TEMPORARY_NAMES.search(path.name)
    )


@pytest.fixture(scope="module")
def clean(landing, tmp_path_factory, dbt_manifest):
    root = tmp_path_factory.mktemp("clean")
    environment = _environment(root, landing)
    finished = _run(environment)
    assert finished.returncode == 0, finished.stderr
    return {
        "marts": schema_digests(root / "warehouse" / "klantbeeld.duckdb", "marts"),
        "published": schema_digests(
            root / "warehouse" / "published" / "klantbeeld.duckdb", "marts"
        ),
    }


def _ingesting(home: Path):
    return lambda: len({s for s in _started_steps(home) if s.startswith("raw_")}) >= 4


def _in_dbt(home: Path):
    return lambda: "dbt_warehouse" in _started_steps(home)


def _publishing(root: Path):
    releases = root / "warehouse" / "published" / "releases"
    return lambda: (
        releases.exists() and any(p.name.startswith(".staging-") for p in releases.iterdir())
    )


@pytest.mark.parametrize(
    ("phase", "settle"), [("ingestion", 0.2), ("dbt", 2.0), ("publishing", 0.0)]
)
def test_a_run_killed_and_started_again_ends_as_a_clean_run(
    landing, clean, tmp_path, phase, settle
):
    environment = _environment(tmp_path, landing)
    ready = {
        "ingestion": _ingesting(tmp_path / "dagster_home"),
        "dbt": _in_dbt(tmp_path / "dagster_home"),
        "publishing": _publishing(tmp_path),
    }[phase]
    _kill_when(environment, ready, settle)

    again = _run(environment)
    assert again.returncode == 0, again.stderr
    warehouse = tmp_path / "warehouse" / "klantbeeld.duckdb"
    assert schema_digests(warehouse, "marts") == clean["marts"]
    published = tmp_path / "warehouse" / "published" / "klantbeeld.duckdb"
    assert schema_digests(published, "marts") == clean["published"]
    assert _temporary_files(tmp_path) == []
