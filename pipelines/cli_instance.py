"""The Dagster instance `klantbeeld run` and `backfill` record their runs in: $DAGSTER_HOME, or
the project's dagster_home (where `make dev` looks) when it is not set.

A DAGSTER_HOME without a dagster.yaml (a fresh folder) makes Dagster print a 20-line telemetry
banner on the first run and a note that the file is missing on every run. The project's own
dagster.yaml turns telemetry off; so does this for a home whose dagster.yaml does not decide it
(a user who set `telemetry: enabled: true` keeps it), and the missing-file note is not shown.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import click
import yaml
from dagster import DagsterInstance
from dagster._core.instance.ref import InstanceRef

from pipelines.settings import PROJECT_ROOT

# What Dagster logs when the home has no dagster.yaml (dagster/_core/instance/config.py).
_NO_CONFIG_NOTE = "No dagster instance configuration file"


def _decides_telemetry(home: Path) -> bool:
    for name in ("dagster.yaml", "dagster.yml"):
        path = home / name
        if path.exists():
            settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            return "enabled" in (settings.get("telemetry") or {})
    return False


class _NoConfigNote(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_NO_CONFIG_NOTE)


@contextlib.contextmanager
def _without_no_config_note() -> Iterator[None]:
    dagster_logger = logging.getLogger("dagster")
    note = _NoConfigNote()
    dagster_logger.addFilter(note)
    try:
        yield
    finally:
        dagster_logger.removeFilter(note)


def cli_instance() -> DagsterInstance:
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / "dagster_home").resolve()
    if not home.is_dir():
        raise click.ClickException(
            f"DAGSTER_HOME is {home}, which is not a folder: create it, or unset DAGSTER_HOME to "
            "record runs in the project's dagster_home"
        )
    overrides = {} if _decides_telemetry(home) else {"telemetry": {"enabled": False}}
    with _without_no_config_note():
        return DagsterInstance.from_ref(InstanceRef.from_dir(str(home), overrides=overrides))
