"""Each `klantbeeld run` and `backfill` writes a log of its own,
``<DAGSTER_HOME>/logs/runs/<run id>.log``: every event Dagster records for the run (steps
started and finished, warnings, a failure with its full stack trace), with dbt's own output
between them; ``logs/last_run.log`` points at the newest. Two runs at once write two files.

The terminal gets one line per warning and, when the run fails, one line saying why
(``failure_line``); the stack traces stay in the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from dagster import DagsterEventType, DagsterInstance, EventLogEntry, ExecuteInProcessResult

from pipelines.cli_errors import one_line

LAST_RUN = "last_run.log"


def run_log_path(logs_dir: Path, run_id: str) -> Path:
    return logs_dir / "runs" / f"{run_id}.log"


def point_last_run_at(path: Path) -> Path:
    """Make ``logs/last_run.log`` the newest run's log: a relative symlink, switched in one step
    (a copy where links are not allowed)."""
    last = path.parent.parent / LAST_RUN
    staged = last.with_name(f".{LAST_RUN}.{os.getpid()}")
    staged.unlink(missing_ok=True)
    try:
        staged.symlink_to(path.relative_to(last.parent))
    except OSError:
        shutil.copyfile(path, staged)
    staged.replace(last)
    return last


def format_event(entry: EventLogEntry) -> str:
    """One line per event (time, level, step, event type, message); a failure adds its error
    with the stack trace below."""
    event = entry.dagster_event
    when = dt.datetime.fromtimestamp(entry.timestamp, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    level = _LEVELS.get(entry.level, str(entry.level))
    kind = f" {event.event_type.name}" if event else ""
    line = f"{when} {level:<7} {entry.step_key or '-'}{kind}: {entry.user_message}"
    error = _error_of(entry)
    if error is not None:
        line += "\n" + error.to_string().rstrip()
    return line + "\n"


_LEVELS = {10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL"}


def _error_of(entry: EventLogEntry):
    event = entry.dagster_event
    if event is None or event.event_specific_data is None:
        return None
    return getattr(event.event_specific_data, "error", None)


def warning_line(entry: EventLogEntry) -> str | None:
    """What the terminal shows of a warning the run's code logged (quarantined rows, a release
    kept in use): ``warning: <step>: <message>`` on one line. None for anything else."""
    if entry.dagster_event is not None or entry.level != 30:
        return None
    return f"warning: {entry.step_key or 'run'}: {one_line(entry.user_message)}"


def failure_line(result: ExecuteInProcessResult) -> str | None:
    """Why the run failed, in one line: the first failed step and its message (a Failure's own
    description; an exception's type and text)."""
    for event in result.all_events:
        if event.event_type != DagsterEventType.STEP_FAILURE:
            continue
        data = event.step_failure_data
        described = data.user_failure_data.description if data.user_failure_data else None
        error = data.error
        # Dagster wraps an exception of the step's code in its own: show the code's.
        while error is not None and error.cause is not None:
            error = error.cause
        message = described or (error.message if error else "")
        return f"step {event.step_key} failed: {one_line(message)}"
    if not result.success:
        return "the run failed before any step did"
    return None


@contextlib.contextmanager
def run_log(
    instance: DagsterInstance,
    run_id: str,
    *,
    verbose: bool,
    on_event: Callable[[EventLogEntry], None] | None = None,
) -> Iterator[Path]:
    """Write the run ``run_id``'s events to its own log file while the block runs, with this
    process's standard output (dbt's) unless ``verbose`` shows it on the terminal. Yields the
    file's path; ``on_event`` also receives every event."""
    path = run_log_path(Path(instance.root_directory) / "logs", run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as log:
        instance.add_event_listener(run_id, _listener(log, on_event))
        point_last_run_at(path)
        with contextlib.nullcontext() if verbose else contextlib.redirect_stdout(log):
            yield path


def _listener(log: TextIO, on_event: Callable[[EventLogEntry], None] | None):
    def listen(entry: EventLogEntry) -> None:
        if log.closed:
            return
        log.write(format_event(entry))
        log.flush()
        if on_event is not None:
            on_event(entry)

    return listen
