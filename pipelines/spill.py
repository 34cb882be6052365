"""Spill files of DuckDB processes that were killed, and their removal.

DuckDB names the files it spills to after the process that owns them
(``duckdb_temp_<pid>_<n>_owner``, ``duckdb_temp_<pid>_<n>_storage_DEFAULT-0.tmp``, …) and removes
them when that process closes its connection. A process killed outright (SIGKILL, the OOM
killer) leaves them behind, and DuckDB 2.0 never reclaims them: a new connection on the same
folder leaves them be (checked by hand). They hold table data, personal data included, and can
be gigabytes. The spill folder must be on this machine's own disk: a process id is only
meaningful here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_OWNED_BY_PROCESS = re.compile(r"^duckdb_temp_(\d+)_")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_spill_of_dead_processes(folder: Path) -> list[Path]:
    """Remove the spill files in ``folder`` whose owning process no longer runs; return them.
    Files of a running process (this one, dbt's, another run's) are left alone."""
    if not folder.is_dir():
        return []
    dead = []
    for path in sorted(folder.iterdir()):
        owner = _OWNED_BY_PROCESS.match(path.name)
        if owner and not _alive(int(owner.group(1))):
            path.unlink(missing_ok=True)
            dead.append(path)
    return dead
