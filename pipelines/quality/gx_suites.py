"""Run the Great Expectations suites in ``expectations/`` as blocking Dagster asset checks.

GX 1.x cannot read DuckDB tables (and dagster-ge only supports GX < 1), so each check reads its
table from the warehouse, hands GX a pandas DataFrame and reports counts only: GX's default
result format copies failing values (emails, names) into results, so we ask for none.
"""

import json
import os
import re
from pathlib import Path
from typing import Any

import polars as pl
from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, MetadataValue, asset_check

from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.settings import EXPECTATIONS_DIR

# What we copy from a GX result: counts and shares, never values.
_COUNT_FIELDS = ("element_count", "unexpected_count", "unexpected_percent", "missing_count")
# A proportional expectation (``mostly``) fails only when its bad rows are more than its
# tolerance explains at this level: on 50 rows one bad row is 2 %, which a tolerance of 1 % gives
# with probability 0.39. docs/analytics.md#small-shops.
MOSTLY_SIGNIFICANCE = 0.01


def load_suite(name: str, directory: Path = EXPECTATIONS_DIR) -> dict[str, Any]:
    return json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))


# Expectation arguments that name a column of the validated table.
_COLUMN_ARGUMENTS = ("column", "column_A", "column_B")
_COLUMN_LIST_ARGUMENTS = ("column_list", "column_set")


def suite_columns(suite_definition: dict[str, Any], table_columns: list[str]) -> list[str]:
    """The columns of the table (``table_columns``) the suite's expectations look at, in table
    order: those they name, and those their ``row_condition`` mentions; all of them when an
    expectation looks at the table's columns as such."""
    needed: set[str] = set()
    for expectation in suite_definition["expectations"]:
        kwargs = expectation["kwargs"]
        if expectation["type"].startswith("expect_table_column"):
            return list(table_columns)
        needed.update(kwargs[k] for k in _COLUMN_ARGUMENTS if k in kwargs)
        needed.update(c for k in _COLUMN_LIST_ARGUMENTS for c in kwargs.get(k, []))
        condition = kwargs.get("row_condition") or ""
        needed.update(c for c in table_columns if re.search(rf"\b{re.escape(c)}\b", condition))
    return [c for c in table_columns if c in needed]


def read_for_validation(
    warehouse: Warehouse, relation: str, suite_definition: dict[str, Any] | None = None
) -> Any:
    """The table as pandas, decimals as floats (GX compares numbers, not Decimal objects); only
    the columns ``suite_definition`` looks at, if given: a million customers' orders are ~5M
    rows, and pandas plus GX's copies of every column would need several GB."""
    with warehouse.connect(read_only=True) as connection:
        selected = "*"
        if suite_definition is not None:
            columns = [row[0] for row in connection.sql(f"describe {relation}").fetchall()]
            kept = suite_columns(suite_definition, columns)
            selected = ", ".join(f'"{c}"' for c in kept) or "1 as _row"
        frame = pl.from_arrow(connection.sql(f"select {selected} from {relation}").to_arrow_table())
    decimals = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Decimal)]
    return frame.with_columns(pl.col(decimals).cast(pl.Float64)).to_pandas()


def _summarise(result: dict[str, Any]) -> dict[str, Any]:
    config = result["expectation_config"]
    summary: dict[str, Any] = {"expectation": config["type"]}
    for key in ("column", "column_A", "column_B"):
        if key in config["kwargs"]:
            summary[key] = config["kwargs"][key]
    counts = result.get("result", {})
    summary.update({k: counts[k] for k in _COUNT_FIELDS if k in counts})
    if isinstance(counts.get("observed_value"), int | float):
        summary["observed_value"] = counts["observed_value"]
    return summary


def within_tolerance(mostly: float, rows: int, unexpected: int) -> bool:
    """Whether ``unexpected`` bad rows of ``rows`` (missing values not counted, as in GX) keep
    an expectation with ``mostly`` passing: their share is within 1 - mostly, or the chance of
    at least that many at a true share of exactly 1 - mostly is MOSTLY_SIGNIFICANCE or more."""
    from scipy.stats import binom

    tolerance = 1.0 - mostly
    if rows == 0 or unexpected <= tolerance * rows:
        return True
    return float(binom.sf(unexpected - 1, rows, tolerance)) >= MOSTLY_SIGNIFICANCE


def _passed(result: dict[str, Any]) -> bool:
    """GX's verdict, except that a ``mostly`` expectation is judged by ``within_tolerance``."""
    mostly = result["expectation_config"]["kwargs"].get("mostly")
    counts = result.get("result") or {}
    # Without counts (an expectation that raised) GX's own verdict stands.
    if mostly is None or "unexpected_count" not in counts:
        return bool(result["success"])
    rows = counts.get("element_count", 0) - (counts.get("missing_count") or 0)
    return within_tolerance(mostly, rows, counts["unexpected_count"])


def validate(frame: Any, suite_definition: dict[str, Any]) -> dict[str, Any]:
    """Validate a pandas DataFrame against a suite; return a summary without any data values."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    # Imported here: GX takes 7-13 s to import, and only these checks need it.
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch_definition = (
        context.data_sources.add_pandas("klantbeeld")
        .add_dataframe_asset(suite_definition["name"])
        .add_batch_definition_whole_dataframe("whole_table")
    )
    suite = context.suites.add(gx.ExpectationSuite(**suite_definition))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(
        suite, result_format={"result_format": "BASIC", "partial_unexpected_count": 0}
    ).to_json_dict()
    verdicts = [(r, _passed(r)) for r in result["results"]]
    failed = [_summarise(r) for r, passed in verdicts if not passed]
    statistics = {
        **result["statistics"],
        "successful_expectations": len(verdicts) - len(failed),
        "unsuccessful_expectations": len(failed),
    }
    return {"success": not failed, "statistics": statistics, "failed": failed}


def build_gx_check(suite_name: str, relation: str):
    suite_definition = load_suite(suite_name)

    @asset_check(
        asset=AssetKey(suite_name),
        name=f"gx_{suite_name}",
        description=f"Great Expectations suite expectations/{suite_name}.json "
        f"({len(suite_definition['expectations'])} expectations); blocks downstream on failure.",
        blocking=True,
        pool=WAREHOUSE_POOL,
    )
    def gx_check(warehouse: Warehouse) -> AssetCheckResult:
        frame = read_for_validation(warehouse, relation, suite_definition)
        outcome = validate(frame, suite_definition)
        statistics = outcome["statistics"]
        return AssetCheckResult(
            passed=outcome["success"],
            severity=AssetCheckSeverity.ERROR,
            metadata={
                "evaluated_expectations": statistics["evaluated_expectations"],
                "successful_expectations": statistics["successful_expectations"],
                "unsuccessful_expectations": statistics["unsuccessful_expectations"],
                "failed_expectations": MetadataValue.json(outcome["failed"]),
            },
        )

    return gx_check
