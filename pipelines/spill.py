"""What killed processes leave in the spill folder, and its removal: DuckDB's spill files and
ingestion's staged rows.

DuckDB names the files it spills to after the process that owns them
(``duckdb_temp_<pid>_<n>_owner``, ``duckdb_temp_<pid>_<n>_storage_DEFAULT-0.tmp``, …) and removes
them when that process closes its connection. A process killed outright (SIGKILL, the OOM
killer) leaves them behind, and DuckDB 2.0 never reclaims them: a new connection on the same
folder leaves them be (checked by hand). They hold table data, personal data included, and can
be gigabytes. Ingestion stages its parsed rows in folders named the same way
(``klantbeeld-ingest-<pid>-<random>``, pipelines/ingest/staging.py), removed when the step ends
but not when its process is killed. Both are removed by one rule: their owning process no longer
runs. That holds whoever else uses the folder at the time (another run's ingest step, dbt), so
the sweep needs no lock or pool. The spill folder must be on this machine's own disk: a process
id is only meaningful here.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

# Ingestion's staging folders: ``<prefix><pid>-<random>``.
STAGING_PREFIX = "klantbeeld-ingest-"
_OWNED_BY_PROCESS = re.compile(rf"^(?:duckdb_temp_(\d+)_|{STAGING_PREFIX}(\d+)-)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def staging_prefix() -> str:
    """The name prefix of a staging folder this process makes (``tempfile`` adds the rest)."""
    return f"{STAGING_PREFIX}{os.getpid()}-"


def remove_spill_of_dead_processes(folder: Path) -> list[Path]:
    """Remove the DuckDB spill files and ingest staging folders in ``folder`` whose owning
    process no longer runs; return them. Those of a running process (this one, dbt's, another
    run's) are left alone, and so is anything named otherwise."""
    if not folder.is_dir():
        return []
    dead = []
    for path in sorted(folder.iterdir()):
        owner = _OWNED_BY_PROCESS.match(path.name)
        if owner and not _alive(int(owner.group(1) or owner.group(2))):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            dead.append(path)
    return dead
