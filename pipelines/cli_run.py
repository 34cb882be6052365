"""How `klantbeeld run` and `backfill` run the daily job in this process and what the terminal
shows meanwhile: a progress line on a terminal (run_progress.py), one line per warning, and
nothing else; every event and dbt's output go to the run's own log file (run_log.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import uuid
import warnings
from pathlib import Path
from typing import Any

import click
from dagster import DagsterInstance, EventLogEntry, ExecuteInProcessResult, JobDefinition

from pipelines import daily_runs
from pipelines.ingest.partitions import landed_dates
from pipelines.run_log import run_log, warning_line
from pipelines.run_progress import Progress


def days_text(first: dt.date, last: dt.date) -> str:
    return f"{first}" if first == last else f"{first} … {last}"


def require_deliveries(
    landing_dir: Path, first: dt.date, last: dt.date, option: str | None
) -> None:
    """Stop when no day of ``first`` … ``last`` has a delivery (a run would ingest nothing and
    rebuild everything): a usage error of ``option`` when the user chose the days. Say how many
    days of the range have none."""
    if last < first:
        raise click.BadParameter(
            f"the range ends ({last}) before it starts ({first})", param_hint=option
        )
    landed = landed_dates(landing_dir)
    within = [day for day in landed if first <= day <= last]
    if not landed and option is None:
        raise click.ClickException(
            f"no deliveries in {landing_dir}: put your exports there (docs/sources.md), set "
            "KLANTBEELD_LANDING_DIR or KLANTBEELD_CONFIG, or try `klantbeeld demo` first"
        )
    if not within:
        held = f"it holds {days_text(landed[0], landed[-1])}" if landed else "it holds none"
        raise click.BadParameter(
            f"no delivery of {days_text(first, last)} in {landing_dir} ({held}); nothing to "
            "ingest, so nothing was run",
            param_hint=option,
        )
    days = (last - first).days + 1
    if len(within) < days:
        click.echo(
            f"{days - len(within)} of the {days} days of {days_text(first, last)} have no "
            "delivery: nothing to ingest for them."
        )


def execute_quietly(
    job: JobDefinition,
    instance: DagsterInstance,
    first: dt.date,
    last: dt.date,
    *,
    verbose: bool,
    **kwargs: Any,
) -> tuple[ExecuteInProcessResult, Path]:
    """Run ``job`` over ``first`` … ``last`` (daily_runs.execute_daily_job); returns the result
    and the run's log file. ``verbose``: Dagster's own console log and dbt's output on the
    terminal instead."""
    run_id = str(uuid.uuid4())
    # Without --verbose, Dagster's console logger is silenced: it prints every error with its
    # stack trace (twice for a failed step: the step's and the run's failure).
    level = "DEBUG" if verbose else "CRITICAL"
    console = {"loggers": {"console": {"config": {"log_level": level}}}}
    progress = Progress(sys.stderr) if sys.stderr.isatty() and not verbose else None

    def on_event(entry: EventLogEntry) -> None:
        if progress is not None:
            progress.on_event(entry)
        line = None if verbose else warning_line(entry)
        if line is None:
            return
        if progress is not None:
            progress.say(line)
        else:
            click.echo(line, err=True)

    with (
        run_log(instance, run_id, verbose=verbose, on_event=on_event) as log_path,
        progress if progress is not None else contextlib.nullcontext(),
        warnings.catch_warnings(),
    ):
        # Where pyspark is installed (the `spark` group, for the parity test), a library imports
        # it during the run and pyspark warns that it does not support pandas 3 yet. Nothing of
        # ours runs on pyspark in this process (docs/spark.md); only that warning is silenced.
        warnings.filterwarnings(
            "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
        )
        result = daily_runs.execute_daily_job(
            job,
            instance,
            first,
            last,
            run_id=run_id,
            raise_on_error=False,
            run_config=console,
            **kwargs,
        )
    return result, log_path
