"""Which days a run of the daily job covers, and running it: shared by `klantbeeld run`,
`klantbeeld backfill`, the tests and the benchmark, so all of them run the job the same way the
schedule and the Dagster UI's backfills do (one partition, or a range of days in one run)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from dagster import DagsterInstance, JobDefinition

from pipelines.ingest.partitions import (
    FIRST_DELIVERY_VARIABLE,
    FULL_REFRESH_TAG,
    delivery_partitions,
    landed_dates,
    pending_dates,
    range_tags,
)
from pipelines.settings import SHOP_TIME_ZONE, Settings


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo(SHOP_TIME_ZONE)).date()


def days_to_run(settings: Settings) -> tuple[dt.date, dt.date]:
    """`klantbeeld run` without dates: from the oldest to the newest delivery the warehouse has
    not ingested as it is now (a first run: everything landed); when all is ingested, the newest
    delivery again (the marts are rebuilt as of today); with nothing landed, today."""
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
    run_tags = {**range_tags(first, last), **(tags or {})}
    if full_refresh:
        run_tags[FULL_REFRESH_TAG] = "true"
    return job.execute_in_process(instance=instance, tags=run_tags, **kwargs)
