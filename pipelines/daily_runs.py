"""Which days a run of the daily job covers, and running it: shared by `klantbeeld run`,
`klantbeeld backfill`, the tests and the benchmark, so all of them run the job the same way the
schedule and the Dagster UI's backfills do (one partition, or a range of days in one run)."""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from dagster import DagsterInstance, DagsterRunStatus, JobDefinition, RunsFilter

from pipelines.ingest.partitions import (
    FIRST_DELIVERY_VARIABLE,
    FULL_REFRESH_TAG,
    delivery_partitions,
    landed_dates,
    pending_dates,
    range_tags,
)
from pipelines.settings import SHOP_TIME_ZONE, Settings

# Which process runs an in-process run, so a later run can tell that it died (below).
PID_TAG, HOST_TAG = "klantbeeld/pid", "klantbeeld/host"


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo(SHOP_TIME_ZONE)).date()


def days_to_run(settings: Settings) -> tuple[dt.date, dt.date]:
    """`klantbeeld run` without dates: from the oldest to the newest delivery the warehouse has
    not ingested as it is now (a first run: everything landed); when all is ingested, the newest
    delivery again (everything downstream is rebuilt); with nothing landed, today."""
    pending = pending_dates(settings.landing_dir, settings.warehouse_path)
    if pending:
        return pending[0], pending[-1]
    landed = landed_dates(settings.landing_dir)
    newest = landed[-1] if landed else today()
    return newest, newest


def check_days(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    start = dt.date.fromisoformat(delivery_partitions().get_first_partition_key())
    if first < start:
        raise ValueError(
            f"deliveries of {first} are older than the first daily partition ({start}): set "
            f"{FIRST_DELIVERY_VARIABLE}={first.isoformat()} (or earlier) for every process that "
            "loads the pipeline (docs/operations.md)"
        )


def execute_daily_job(
    job: JobDefinition,
    instance: DagsterInstance,
    first: dt.date,
    last: dt.date,
    *,
    tags: Mapping[str, str] | None = None,
    full_refresh: bool = False,
    **kwargs: Any,
):
    """Run ``job`` in this process over the deliveries of ``first`` … ``last``."""
    check_days(first, last)
    release_dead_runs(instance)
    run_tags = {
        **range_tags(first, last),
        **(tags or {}),
        PID_TAG: str(os.getpid()),
        HOST_TAG: socket.gethostname(),
    }
    if full_refresh:
        run_tags[FULL_REFRESH_TAG] = "true"
    return job.execute_in_process(instance=instance, tags=run_tags, **kwargs)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_dead_runs(instance: DagsterInstance) -> list[str]:
    """Mark failed the in-process runs of this machine whose process is gone (killed, out of
    memory, a reboot) and give back the `duckdb_warehouse` pool slots they held: otherwise the
    next run waits for those slots for ever. Runs launched by the daemon are the run monitor's
    business (docs/operations.md). Returns the run ids released."""
    released = []
    unfinished = instance.get_run_records(
        filters=RunsFilter(
            statuses=[DagsterRunStatus.STARTING, DagsterRunStatus.STARTED],
            tags={HOST_TAG: socket.gethostname()},
        )
    )
    for record in unfinished:
        run = record.dagster_run
        pid = run.tags.get(PID_TAG, "")
        if not pid.isdigit() or _alive(int(pid)):
            continue
        instance.report_run_failed(
            run,
            message=f"Its process ({pid}) ended without finishing the run (killed?); marked "
            "failed by the next klantbeeld run, which starts it again.",
        )
        if instance.event_log_storage.supports_global_concurrency_limits:
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
    return released
