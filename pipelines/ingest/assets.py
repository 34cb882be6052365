"""One asset per landed table (``raw_<source>__<table>``), keyed to match the dbt sources.

Each asset parses every delivery of its table with the contract's types, leaves out the rows of
erased persons (the suppression list, pipelines/privacy/suppression.py), writes typed rows to
``raw_<source>.<table>`` and the rest to ``ops.quarantine``; a blocking check then re-counts the
warehouse to prove that every landed record is accounted for.
"""

import json

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    Definitions,
    Failure,
    MaterializeResult,
    MetadataValue,
    RetryPolicy,
    TableColumn,
    TableSchema,
    asset,
    asset_check,
)

from pipelines.ingest.load import LandingFileError, load_table
from pipelines.ingest.parse import polars_type
from pipelines.ingest.schemas import TABLES, Table
from pipelines.ingest.warehouse_writes import raw_relation, write_load
from pipelines.privacy.suppression import SuppressionKeyError, load_suppression
from pipelines.resources import Warehouse
from pipelines.settings import load_settings

WAREHOUSE_POOL = "duckdb_warehouse"
# A landing folder on a network share can hiccup; a parse error will not go away on retry, but
# retrying it twice costs seconds.
INGEST_RETRY = RetryPolicy(max_retries=2, delay=5)


def _column_schema(table: Table) -> TableSchema:
    return TableSchema(
        columns=[
            TableColumn(
                name=c.name,
                type=str(polars_type(c.kind)),
                description=c.description,
            )
            for c in table.columns
        ]
    )


def build_ingest_asset(table: Table):
    @asset(
        name=table.asset_name,
        group_name=f"ingest_{table.source}",
        description=f"{table.description} Parsed from "
        f"`<landing>/{table.source}/<YYYY-MM-DD>/{table.file_name}`.",
        kinds={"polars", "duckdb"},
        pool=WAREHOUSE_POOL,
        retry_policy=INGEST_RETRY,
        metadata={
            "dagster/column_schema": _column_schema(table),
            "dagster/table_name": raw_relation(table),
            "key": ", ".join(table.key),
        },
    )
    def ingest(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
        settings = load_settings()
        try:
            suppression = load_suppression(settings.erasure_dir)
            load = load_table(settings.landing_dir, table, suppression)
        except (LandingFileError, SuppressionKeyError) as error:
            raise Failure(description=str(error), allow_retries=False) from None
        for warning in load.warnings:
            context.log.warning(warning)
        reasons = load.quarantine_reasons()
        if reasons:
            context.log.warning(
                f"{load.quarantined} of {load.landed} rows of {table.source}.{table.name} "
                f"quarantined (see ops.quarantine): {json.dumps(reasons)}"
            )
        with warehouse.connect() as connection:
            write_load(connection, load, context.run_id)
        return MaterializeResult(
            metadata={
                "landed": load.landed,
                "loaded": load.loaded,
                "duplicates": load.duplicates,
                "quarantined": load.quarantined,
                "suppressed": load.suppressed,
                "dagster/row_count": load.loaded,
                "files": MetadataValue.json(load.files),
                "quarantine_reasons": MetadataValue.json(reasons),
            }
        )

    return ingest


def build_reconcile_check(table: Table):
    @asset_check(
        asset=AssetKey(table.asset_name),
        name="landed_rows_reconcile",
        description="Every landed record is loaded, a duplicate of a loaded key, quarantined, or "
        "suppressed (a row of an erased person): landed = loaded + duplicates + quarantined + "
        "suppressed, re-counted from the warehouse.",
        blocking=True,
        pool=WAREHOUSE_POOL,
    )
    def reconcile(warehouse: Warehouse) -> AssetCheckResult:
        relation = raw_relation(table)
        with warehouse.connect(read_only=True) as connection:
            logged = connection.execute(
                "select landed, loaded, duplicates, suppressed from ops.ingest_log "
                "where source = ? and table_name = ? order by ingested_at desc limit 1",
                [table.source, table.name],
            ).fetchone()
            in_raw = connection.execute(f"select count(*) from {relation}").fetchone()[0]
            in_quarantine = connection.execute(
                "select count(*) from ops.quarantine where source = ? and table_name = ?",
                [table.source, table.name],
            ).fetchone()[0]
        landed, loaded, duplicates, suppressed = logged
        passed = landed == in_raw + duplicates + in_quarantine + suppressed and in_raw == loaded
        return AssetCheckResult(
            passed=bool(passed),
            severity=AssetCheckSeverity.ERROR,
            metadata={
                "landed": landed,
                "rows_in_warehouse": in_raw,
                "duplicates": duplicates,
                "rows_in_quarantine": in_quarantine,
                "suppressed": suppressed,
            },
        )

    return reconcile


def build_ingest_definitions() -> Definitions:
    return Definitions(
        assets=[build_ingest_asset(t) for t in TABLES],
        asset_checks=[build_reconcile_check(t) for t in TABLES],
    )
