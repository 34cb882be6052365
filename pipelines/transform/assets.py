"""dbt models as Dagster assets, in steps that Dagster's own gates sit between.

One `dbt build` would build everything before a Dagster check could look at anything, so the
project runs in four steps: staging; intermediate + customer_360; the segments (customer_rfm and
its seeds) once customer_360's blocking checks passed; and the roll-ups and insight marts once
the Python analytics (CLV, churn, personas) are written. A fifth step, weekly-partitioned, builds
the models tagged `weekly` (weekly_channel_usage) one ISO week at a time, in its own job
(pipelines/jobs.py): dbt gets the partition's Monday as the var `week_start`.

Staging of landed records is incremental (dbt_project/macros/incremental_deliveries.sql): the
staging step tells dbt the first delivery date of the run (`reprocess_from`), so a backfill of
old days reprocesses them, and passes `--full-refresh` for a run tagged as one.
"""

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, Definitions, WeeklyPartitionsDefinition
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines.analysis_date import analysis_date
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.ingest.partitions import FULL_REFRESH_TAG, delivery_partitions, run_dates
from pipelines.settings import SHOP_TIME_ZONE, load_settings
from pipelines.transform.project import dbt_project
from pipelines.transform.translator import KlantbeeldTranslator

STAGING = "path:models/staging"
SEGMENTS = "path:models/marts/segments path:seeds"
ROLLUPS = "path:models/marts/rollups path:models/marts/insight"
WEEKLY = "tag:weekly"
translator = KlantbeeldTranslator()
PARTIAL_PARSE_FILE = "partial_parse.msgpack"


def _build(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    as_of: bool,
    incremental: bool,
    weekly: bool = False,
) -> Iterator[Any]:
    # Only the steps whose models read a var get it: new --vars make dbt re-parse the whole
    # project instead of reusing the manifest `make` parsed (a few seconds per step).
    args, variables = ["build"], {}
    if weekly:
        variables["week_start"] = context.partition_time_window.start.date().isoformat()
    if as_of:
        variables["as_of_date"] = analysis_date(context).isoformat()
    if incremental:
        dates = run_dates(context.run.tags)
        if dates:
            variables["reprocess_from"] = dates[0].isoformat()
        if context.run.tags.get(FULL_REFRESH_TAG) == "true":
            args.append("--full-refresh")
    if variables:
        args += ["--vars", json.dumps(variables)]
    # One target folder per step beside the warehouse, reused by every run: dbt keeps its
    # partial-parse state there (a run without new vars skips re-parsing the project, seconds
    # per step), the last run's compiled SQL and logs stay for debugging, and a run killed
    # mid-step leaves no temporary folder behind (the next run reuses the same one).
    target = load_settings().warehouse_dir / "dbt" / context.op_def.name
    _seed_partial_parse(target)
    yield from dbt.cli(args, context=context, target_path=target).stream()


def _seed_partial_parse(target: Path) -> None:
    """Start a new target folder from the state `make` parsed (dbt_project/target), so even the
    first run parses only what changed since."""
    parsed = dbt_project.project_dir / "target" / PARTIAL_PARSE_FILE
    if not (target / PARTIAL_PARSE_FILE).exists() and parsed.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(parsed, target / PARTIAL_PARSE_FILE)


def _dbt_step(
    name: str,
    as_of: bool = False,
    incremental: bool = False,
    partitions_def: WeeklyPartitionsDefinition | None = None,
    **selection: str,
):
    """One `dbt build` step over part of the project (``select=`` or ``exclude=``); ``as_of``
    passes the run's as-of date (var ``as_of_date``), ``incremental`` the run's first delivery
    date (var ``reprocess_from``) and its full-refresh tag; a weekly ``partitions_def`` the
    partition's Monday (var ``week_start``)."""

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
dbt_segments = _dbt_step("dbt_segments", as_of=True, select=SEGMENTS)
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
