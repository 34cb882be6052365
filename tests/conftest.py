"""Shared fixtures: a prepared dbt manifest and a way to run the whole job on any landing folder."""

import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.privacy.suppression import SUPPRESSION_KEY_VARIABLE
from pipelines.publish.pseudonym import PSEUDONYM_KEY_VARIABLE
from pipelines.settings import DBT_PROJECT_DIR

DATA_DIR = Path(__file__).parent / "data"
MINI_SHOP = DATA_DIR / "mini_shop" / "landing"
# Tests compute the analytics as of a fixed date (the demo's last day), never as of "today".
TEST_AS_OF = dt.date(2026, 10, 31)


@pytest.fixture(scope="session", autouse=True)
def pseudonym_key() -> str:
    """Every run publishes, and publishing needs a secret from the environment: tests bring
    their own (a test that needs it missing deletes it)."""
    key = "tests-only-not-a-secret"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PSEUDONYM_KEY_VARIABLE, key)
        yield key


@pytest.fixture(scope="session", autouse=True)
def suppression_key() -> str:
    """Erasures hash identifiers onto the suppression list, and ingestion reads it, under a
    secret from the environment: tests bring their own (a test that needs it missing deletes
    it)."""
    key = "tests-only-suppression-key"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SUPPRESSION_KEY_VARIABLE, key)
        yield key


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    """Dagster reads dbt's manifest at import: parse once per session so it matches the models
    being tested (partial parsing keeps this to a few seconds)."""
    dbt = Path(sys.executable).parent / "dbt"
    subprocess.run(
        [str(dbt), "parse", "--profiles-dir", ".", "--quiet"], cwd=DBT_PROJECT_DIR, check=True
    )
    return DBT_PROJECT_DIR / "target" / "manifest.json"


def execute_daily_job(
    landing: Path,
    warehouse: Path,
    as_of: dt.date = TEST_AS_OF,
    days: tuple[dt.date, dt.date] | None = None,
    full_refresh: bool = False,
    instance=None,
):
    """Run the daily job in-process on ``landing`` into ``warehouse`` with a throwaway instance
    (or ``instance``, to read its logs afterwards), analytics as of ``as_of``, over the
    deliveries ``days`` (first, last): by default those `klantbeeld run` would take (every
    delivery not yet ingested)."""
    from dagster import DagsterInstance

    from pipelines.analysis_date import AS_OF_TAG
    from pipelines.daily_runs import days_to_run, execute_daily_job
    from pipelines.definitions import build_definitions
    from pipelines.resources import Warehouse, build_resources
    from pipelines.settings import load_settings

    resources = {**build_resources(), "warehouse": Warehouse(path=str(warehouse))}
    with pytest.MonkeyPatch.context() as patch:
        # The ingestion assets and dbt's profile read these at run time.
        patch.setenv("KLANTBEELD_LANDING_DIR", str(landing))
        patch.setenv("KLANTBEELD_WAREHOUSE", str(warehouse))
        patch.setenv("GX_ANALYTICS_ENABLED", "false")
        job = build_definitions(resources).resolve_job_def("klantbeeld_daily")
        first, last = days or days_to_run(load_settings())
        return execute_daily_job(
            job,
            instance or DagsterInstance.ephemeral(),
            first,
            last,
            full_refresh=full_refresh,
            raise_on_error=False,
            tags={AS_OF_TAG: as_of.isoformat()},
        )


@pytest.fixture(scope="session")
def run_pipeline(dbt_manifest: Path) -> Callable[[Path, Path], object]:
    return execute_daily_job


@pytest.fixture
def mini_shop(tmp_path: Path) -> Path:
    """A writable copy of the hand-made landing zone (tests may damage it)."""
    landing = tmp_path / "landing"
    shutil.copytree(MINI_SHOP, landing)
    return landing
