"""dbt models as Dagster assets, in steps that Dagster's own gates sit between.

One `dbt build` would build everything before a Dagster check could look at anything, so the
project runs in four steps: staging; intermediate + customer_360; the segments (customer_rfm and
its seeds) once customer_360's blocking checks passed; and the roll-ups once the Python
analytics (CLV, churn, personas) are written.
"""

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, Definitions
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines.analysis_date import analysis_date
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.transform.project import dbt_project
from pipelines.transform.translator import KlantbeeldTranslator

STAGING = "path:models/staging"
SEGMENTS = "path:models/marts/segments path:seeds"
ROLLUPS = "path:models/marts/rollups"
translator = KlantbeeldTranslator()


def _build(context: AssetExecutionContext, dbt: DbtCliResource, as_of: bool) -> Iterator[Any]:
    # Only the step whose models read the as-of date gets it: new --vars make dbt re-parse the
    # whole project instead of reusing the manifest `make` parsed (a few seconds per step).
    args = ["build"]
    if as_of:
        args += ["--vars", json.dumps({"as_of_date": analysis_date(context).isoformat()})]
    # Each invocation's target folder (~1 MB of logs and compiled SQL) is thrown away afterwards.
    with tempfile.TemporaryDirectory(prefix="klantbeeld-dbt-") as target:
        yield from dbt.cli(args, context=context, target_path=Path(target)).stream()


def _dbt_step(name: str, as_of: bool = False, **selection: str):
    """One `dbt build` step over part of the project (``select=`` or ``exclude=``); ``as_of``
    passes the run's as-of date (var ``as_of_date``)."""

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        name=name,
        dagster_dbt_translator=translator,
        pool=WAREHOUSE_POOL,
        **selection,
    )
    def build_step(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
        yield from _build(context, dbt, as_of)

    return build_step


dbt_staging = _dbt_step("dbt_staging", select=STAGING)
dbt_warehouse = _dbt_step("dbt_warehouse", exclude=f"{STAGING} {SEGMENTS} {ROLLUPS}")
dbt_segments = _dbt_step("dbt_segments", as_of=True, select=SEGMENTS)
dbt_rollups = _dbt_step("dbt_rollups", select=ROLLUPS)


def build_transform_definitions() -> Definitions:
    return Definitions(assets=[dbt_staging, dbt_warehouse, dbt_segments, dbt_rollups])
