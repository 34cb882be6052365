"""dbt models as Dagster assets, in steps that Dagster's own gates sit between.

One `dbt build` would build everything before a Dagster check could look at anything, so the
project runs in four steps: staging; intermediate + customer_360; the segments (customer_rfm and
its seeds) once customer_360's blocking checks passed; and the roll-ups and insight marts once
the Python analytics (CLV, churn, personas) are written. A fifth step, weekly-partitioned, builds
the models tagged `weekly` (weekly_channel_usage) one ISO week at a time, in its own job
(pipelines/jobs.py): dbt gets the partition's Monday in KLANTBEELD_DBT_WEEK_START.

Each step runs dbt in the run's own process (pipelines/transform/in_process.py), not a `dbt`
process per step: dbt is imported once per run instead of four times.

The steps build models, seeds and data tests, not dbt's unit tests: those test the SQL, which
does not change from one day to the next (seconds per run at any scale); `make test` runs them
(tests/integration/test_mini_shop_end_to_end.py).

Staging of landed records is incremental (dbt_project/macros/incremental_deliveries.sql): the
staging step tells dbt the first delivery date of the run (KLANTBEELD_DBT_REPROCESS_FROM), so a
backfill of old days reprocesses them, and passes `--full-refresh` for a run tagged as one.
"""

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dagster import AssetExecutionContext, Definitions, WeeklyPartitionsDefinition
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines.analysis_date import analysis_date
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.ingest.partitions import FULL_REFRESH_TAG, delivery_partitions, run_dates
from pipelines.settings import SHOP_TIME_ZONE, load_settings
from pipelines.transform.in_process import stream_dbt
from pipelines.transform.project import dbt_project
from pipelines.transform.translator import KlantbeeldTranslator

# The country lookup is a seed the staging views join (stg_shop__customers): it loads with them.
COUNTRY_NAMES = "path:seeds/country_names.csv"
STAGING = f"path:models/staging {COUNTRY_NAMES}"
# The RFM seeds go with the segments; seeds/currency_rates.csv with the intermediate models
# that convert orders (dbt_warehouse).
SEGMENTS = "path:models/marts/segments path:seeds/rfm_segment_grid.csv path:seeds/rfm_segments.csv"
ROLLUPS = "path:models/marts/rollups path:models/marts/insight"
WEEKLY = "tag:weekly"
translator = KlantbeeldTranslator()


# What a step tells dbt about the run. As environment variables, not --vars: new --vars make dbt
# re-parse the whole project on every run (seconds per step), while the macros read these only
# when executing, so the partial-parse state stays valid (dbt_project/macros/as_of_date.sql,
# incremental_deliveries.sql).
AS_OF_ENV = "KLANTBEELD_DBT_AS_OF_DATE"
REPROCESS_FROM_ENV = "KLANTBEELD_DBT_REPROCESS_FROM"
WEEK_START_ENV = "KLANTBEELD_DBT_WEEK_START"
WAREHOUSE_ENV = "KLANTBEELD_WAREHOUSE"
SHOP_CURRENCY_ENV = "KLANTBEELD_DBT_SHOP_CURRENCY"
BUILD = ("build", "--exclude-resource-type", "unit_test")


def _build(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    as_of: bool,
    incremental: bool,
    weekly: bool = False,
) -> Iterator[Any]:
    args, environment = list(BUILD), {}
    if weekly:
        environment[WEEK_START_ENV] = context.partition_time_window.start.date().isoformat()
    if as_of:
        environment[AS_OF_ENV] = analysis_date(context).isoformat()
    if incremental:
        dates = run_dates(context.run.tags)
        if dates:
            environment[REPROCESS_FROM_ENV] = dates[0].isoformat()
        if context.run.tags.get(FULL_REFRESH_TAG) == "true":
            args.append("--full-refresh")
    # One target folder per step beside the warehouse, reused by every run: dbt keeps its
    # partial-parse state there (a run's first step parses only what changed), the last
    # run's compiled SQL and logs stay for debugging, and a run killed mid-step leaves no
    # temporary folder behind (the next run reuses the same one).
    settings = load_settings()
    target = settings.warehouse_dir / "dbt" / context.op_def.name
    # dbt's profile falls back to a path relative to its project folder, where a `dbt` process
    # ran; in this process that would be wherever Dagster was started, so it always gets the
    # absolute path the Python steps use.
    environment[WAREHOUSE_ENV] = str(settings.warehouse_path)
    if settings.shop_currency:
        environment[SHOP_CURRENCY_ENV] = settings.shop_currency
    with _environment(environment):
        yield from stream_dbt(dbt, args, context, target)


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """``values`` in the environment while dbt runs (dbt reads them from this process's
    environment), then as before: a step never leaves a value behind for the next step, which
    may not want it."""
    names = (AS_OF_ENV, REPROCESS_FROM_ENV, WEEK_START_ENV, WAREHOUSE_ENV, SHOP_CURRENCY_ENV)
    before = {name: os.environ.pop(name, None) for name in names}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value


def _dbt_step(
    name: str,
    as_of: bool = False,
    incremental: bool = False,
    partitions_def: WeeklyPartitionsDefinition | None = None,
    **selection: str,
):
    """One `dbt build` step over part of the project (``select=`` or ``exclude=``); ``as_of``
    passes the run's as-of date, ``incremental`` the run's first delivery date and its
    full-refresh tag, a weekly ``partitions_def`` the partition's Monday (all as environment
    variables, see AS_OF_ENV)."""

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        name=name,
        dagster_dbt_translator=translator,
        pool=WAREHOUSE_POOL,
        partitions_def=partitions_def,
        **selection,
    )
    def build_step(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
        yield from _build(context, dbt, as_of, incremental, weekly=partitions_def is not None)

    return build_step


dbt_staging = _dbt_step("dbt_staging", incremental=True, select=STAGING)
dbt_warehouse = _dbt_step("dbt_warehouse", exclude=f"{STAGING} {SEGMENTS} {ROLLUPS}")
dbt_segments = _dbt_step("dbt_segments", as_of=True, select=SEGMENTS, exclude=COUNTRY_NAMES)
dbt_rollups = _dbt_step("dbt_rollups", select=ROLLUPS, exclude=WEEKLY)


def weekly_partitions() -> WeeklyPartitionsDefinition:
    """ISO weeks (Monday to Sunday) on the shop's clock, from the week of the first delivery."""
    first = delivery_partitions().start.date()
    monday = first - dt.timedelta(days=first.weekday())
    return WeeklyPartitionsDefinition(
        start_date=monday.isoformat(), timezone=SHOP_TIME_ZONE, day_offset=1
    )


dbt_weekly = _dbt_step("dbt_weekly", partitions_def=weekly_partitions(), select=WEEKLY)


def build_transform_definitions() -> Definitions:
    return Definitions(assets=[dbt_staging, dbt_warehouse, dbt_segments, dbt_rollups, dbt_weekly])
