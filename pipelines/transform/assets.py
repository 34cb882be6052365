"""dbt models as Dagster assets, in two steps: staging, then everything built on it.

Two steps, not one, so that the quality gates on staging (dbt tests and Great Expectations
checks, blocking) run before anything downstream is built: a single `dbt build` would build the
marts before a Dagster check could look at staging.
"""

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, Definitions
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.transform.project import dbt_project
from pipelines.transform.translator import KlantbeeldTranslator

STAGING = "path:models/staging"
translator = KlantbeeldTranslator()


def _build(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    # Each invocation's target folder (~1 MB of logs and compiled SQL) is thrown away afterwards.
    with tempfile.TemporaryDirectory(prefix="klantbeeld-dbt-") as target:
        yield from dbt.cli(["build"], context=context, target_path=Path(target)).stream()


def _dbt_step(name: str, **selection: str):
    """One `dbt build` step over part of the project (``select=`` or ``exclude=``)."""

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        name=name,
        dagster_dbt_translator=translator,
        pool=WAREHOUSE_POOL,
        **selection,
    )
    def build_step(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
        yield from _build(context, dbt)

    return build_step


dbt_staging = _dbt_step("dbt_staging", select=STAGING)
dbt_warehouse = _dbt_step("dbt_warehouse", exclude=STAGING)


def build_transform_definitions() -> Definitions:
    return Definitions(assets=[dbt_staging, dbt_warehouse])
