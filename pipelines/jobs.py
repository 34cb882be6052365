"""The daily job: every asset and check, in one process, on a schedule in the shop's time zone.

The job is partitioned by delivery date: the ingestion assets read the run's day (or range of
days, a backfill), everything downstream is rebuilt once per run from what the warehouse holds.

The weekly job builds the weekly-partitioned marts (weekly_channel_usage), one ISO week per run,
from what the daily runs left in the warehouse: a weekly asset cannot be in the daily job.
"""

from __future__ import annotations

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    Definitions,
    build_schedule_from_partitioned_job,
    define_asset_job,
    in_process_executor,
)

from pipelines.ingest.partitions import delivery_partitions
from pipelines.transform.assets import dbt_weekly

# In one process: the steps share the DuckDB file one after another (a second process opening it
# beside dbt fails on the file lock), and the code location is imported once instead of per step.
daily_job = define_asset_job(
    name="klantbeeld_daily",
    selection=AssetSelection.all() - AssetSelection.assets(dbt_weekly),
    executor_def=in_process_executor,
    description="Ingest the deliveries of the run's day(s), build the warehouse with dbt and run "
    "all checks.",
    tags={"klantbeeld/writes": "warehouse"},
    partitions_def=delivery_partitions(),
)

# 06:00 in Amsterdam, after the shop's and platforms' nightly exports have landed: the run
# ingests today's partition (the partitions end a day ahead, so today's exists at 06:00).
daily_schedule = build_schedule_from_partitioned_job(
    daily_job,
    name="klantbeeld_daily_schedule",
    hour_of_day=6,
    minute_of_hour=0,
    default_status=DefaultScheduleStatus.RUNNING,
)


weekly_job = define_asset_job(
    name="klantbeeld_weekly",
    selection=AssetSelection.assets(dbt_weekly),
    executor_def=in_process_executor,
    description="Build the weekly marts (weekly_channel_usage) for one ISO week.",
    tags={"klantbeeld/writes": "warehouse"},
    partitions_def=dbt_weekly.partitions_def,
)

# Monday 07:00 in Amsterdam: the week that ended at midnight, after that morning's daily run
# (06:00) ingested Sunday's deliveries.
weekly_schedule = build_schedule_from_partitioned_job(
    weekly_job,
    name="klantbeeld_weekly_schedule",
    day_of_week=1,
    hour_of_day=7,
    minute_of_hour=0,
    default_status=DefaultScheduleStatus.RUNNING,
)


def build_job_definitions() -> Definitions:
    return Definitions(jobs=[daily_job, weekly_job], schedules=[daily_schedule, weekly_schedule])
