"""The daily job: every asset and check, in one process, on a schedule in the shop's time zone."""

from __future__ import annotations

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    Definitions,
    ScheduleDefinition,
    define_asset_job,
    in_process_executor,
)

from pipelines.settings import SHOP_TIME_ZONE

# In one process: the steps share the DuckDB file one after another (a second process opening it
# beside dbt fails on the file lock), and the code location is imported once instead of per step.
daily_job = define_asset_job(
    name="klantbeeld_daily",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest every landed file, build the warehouse with dbt and run all checks.",
    tags={"klantbeeld/writes": "warehouse"},
)

# 06:00 in Amsterdam, after the shop's and platforms' nightly exports have landed.
daily_schedule = ScheduleDefinition(
    name="klantbeeld_daily_schedule",
    job=daily_job,
    cron_schedule="0 6 * * *",
    execution_timezone=SHOP_TIME_ZONE,
    default_status=DefaultScheduleStatus.RUNNING,
)


def build_job_definitions() -> Definitions:
    return Definitions(jobs=[daily_job], schedules=[daily_schedule])
