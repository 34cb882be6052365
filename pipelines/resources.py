"""The two resources every asset shares: the DuckDB warehouse and the dbt project (run in the
step's process, pipelines/transform/in_process.py)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource

from pipelines.settings import load_settings
from pipelines.spill import remove_spill_of_dead_processes
from pipelines.transform.project import dbt_project


class Warehouse(ConfigurableResource):
    """The DuckDB file. Opened per step and closed at once: DuckDB allows one writing process,
    so no connection may outlive the asset that needs it (dbt opens the file next).

    Without an explicit ``path`` the file is taken from the settings when a step connects, not
    when the code location is imported: the same moment dbt's profile reads it, so the Python
    steps and dbt always write the same file."""

    path: str | None = None

    def resolved_path(self) -> Path:
        return Path(self.path) if self.path else load_settings().warehouse_path

    @contextmanager
    def connect(
        self, read_only: bool = False, memory_limit: str | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """``memory_limit``: DuckDB's limit for this connection instead of the settings' (a size
        like ``1GB``)."""
        path = self.resolved_path()
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        settings = load_settings()
        remove_spill_of_dead_processes(settings.spill_dir)
        connection = duckdb.connect(
            str(path), read_only=read_only, config=settings.duckdb_config(memory_limit)
        )
        try:
            yield connection
        finally:
            connection.close()


def dbt_executable() -> str:
    """The `dbt` command installed beside this Python, for whatever starts a dbt process (tests,
    `make`), so it works without activating the venv; the steps run dbt in their own process."""
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


def build_resources() -> dict[str, object]:
    return {
        "warehouse": Warehouse(),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
