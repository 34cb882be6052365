"""One asset per landed table (``raw_<source>__<table>``), keyed to match the dbt sources,
partitioned by delivery date (pipelines/ingest/partitions.py).

Each asset parses the deliveries of its run's days with the contract's types, leaves out the
rows of erased persons (the suppression list, pipelines/privacy/suppression.py), replaces those
days' rows in the warehouse (pipelines/ingest/warehouse_writes.py) and puts the rest in
``ops.quarantine``; a blocking check then re-counts the warehouse to prove that every landed
record of every delivery is accounted for.
"""

import json
import warnings

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    BackfillPolicy,
    Backoff,
    BetaWarning,
    Definitions,
    Failure,
    Jitter,
    MaterializeResult,
    MetadataValue,
    RetryPolicy,
    TableColumn,
    TableSchema,
    asset,
    asset_check,
)

from pipelines.adapters.landing import conversion_manifest
from pipelines.ingest.load import LandingFileError, empty_file_warnings, load_table
from pipelines.ingest.parse import polars_type
from pipelines.ingest.partitions import FULL_REFRESH_TAG, delivery_partitions, key_range_dates
from pipelines.ingest.schemas import TABLES, Table
from pipelines.ingest.warehouse_writes import (
    RawSchemaChangedError,
    deliveries_relation,
    raw_relation,
    write_deliveries,
)
from pipelines.privacy.suppression import SuppressionKeyError, load_suppression
from pipelines.resources import Warehouse
from pipelines.settings import load_settings
from pipelines.spill import remove_spill_of_dead_processes
from pipelines.warehouse_tables import table_exists

WAREHOUSE_POOL = "duckdb_warehouse"
# A landing folder on a network share can hiccup, and a warehouse briefly held by another
# process (an erasure, a BI tool pointed at the wrong file) frees up: 3 more tries after 5, 10
# and 20 s (±50 %, so two waiting runs do not retry in step). A file that breaks the contract
# fails at once (Failure(allow_retries=False)): reading it again will not help.
INGEST_RETRY = RetryPolicy(
    max_retries=3, delay=5, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS
)


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
    """The ingestion asset of ``table``."""
    # Dagster 1.13 marks `backfill_policy` beta and warns once per asset as it is defined: 12
    # BetaWarning blocks on every `klantbeeld run` and `dagster dev`. We use it knowingly (a
    # backfill is one run, above); only that warning is silenced, only here.
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Parameter `backfill_policy`", category=BetaWarning
        )
        return _ingest_asset(table)


def _ingest_asset(table: Table):
    @asset(
        name=table.asset_name,
        group_name=f"ingest_{table.source}",
        description=f"{table.description} Parsed from "
        f"`<landing>/{table.source}/<YYYY-MM-DD>/{table.file_name}`.",
        kinds={"polars", "duckdb"},
        pool=WAREHOUSE_POOL,
        retry_policy=INGEST_RETRY,
        partitions_def=delivery_partitions(),
        # A backfill of many days is one run: one parse per table and one dbt build, not one
        # per day.
        backfill_policy=BackfillPolicy.single_run(),
        metadata={
            "dagster/column_schema": _column_schema(table),
            "dagster/table_name": raw_relation(table),
            "key": ", ".join(table.key),
        },
    )
    def ingest(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
        settings = load_settings()
        dates = key_range_dates(context.partition_key_range)
        # Before staging anew: a killed step's staged rows (GBs at scale, personal data) go now,
        # not only when this step connects to the warehouse after parsing.
        for left in remove_spill_of_dead_processes(settings.spill_dir):
            context.log.warning(f"Removed {left.name}, left in the spill folder by a killed run")
        try:
            suppression = load_suppression(settings.erasure_dir)
            load = load_table(
                settings.landing_dir,
                table,
                suppression,
                dates=set(dates),
                staging_dir=settings.spill_dir,
            )
        except (LandingFileError, SuppressionKeyError) as error:
            raise Failure(description=str(error), allow_retries=False) from None
        conversion = conversion_manifest(settings.landing_dir)
        configured = None if conversion is None else set(conversion["sources"])
        if configured is not None and table.source not in configured:
            context.log.info(
                f"Source {table.source} is not configured (klantbeeld.yml): {table.asset_name} "
                "stays empty, and what needs it is skipped."
            )
        else:
            for warning in load.warnings:
                context.log.warning(warning)
        reasons = load.quarantine_reasons()
        if reasons:
            context.log.warning(
                f"{load.quarantined} of {load.landed} rows of {table.source}.{table.name} "
                f"quarantined (see ops.quarantine): {json.dumps(reasons)}"
            )
        try:
            # Ingestion's own, lower DuckDB limit (KLANTBEELD_INGEST_MEMORY_LIMIT): what does not
            # fit spills, so the step's peak does not grow with the history.
            with warehouse.connect(memory_limit=settings.ingest_memory_limit) as connection:
                rows_before = (
                    connection.execute(f"select count(*) from {raw_relation(table)}").fetchone()[0]
                    if table_exists(connection, raw_relation(table))
                    else 0
                )
                counts = write_deliveries(
                    connection,
                    load,
                    dates,
                    context.run_id,
                    replace_all=context.run.tags.get(FULL_REFRESH_TAG) == "true",
                )
                in_raw = connection.execute(f"select count(*) from {raw_relation(table)}")
                rows_in_table = in_raw.fetchone()[0]
        except RawSchemaChangedError as error:
            raise Failure(description=str(error), allow_retries=False) from None
        finally:
            load.close()
        warned = empty_file_warnings(load, rows_before)
        for warning in warned:
            context.log.warning(warning)
        if not warned:
            for message in load.empty_files:
                context.log.info(message)
        if counts["conflicting"]:
            context.log.warning(
                f"{counts['conflicting']} row(s) of {table.source}.{table.name} repeat a key of "
                "their file with other values: the file's "
                f"{'last' if table.snapshot else 'first'} version is kept, every version is in "
                "ops.conflicting_duplicates (file and line)"
            )
        return MaterializeResult(
            metadata={
                **counts,
                "delivery_dates": f"{dates[0]} … {dates[-1]}" if len(dates) > 1 else str(dates[0]),
                "dagster/row_count": rows_in_table,
                "files": MetadataValue.json(load.files),
                "source_configured": configured is None or table.source in configured,
                # The exports config the landing files were converted from (klantbeeld.yml).
                "converted_from": conversion["config"] if conversion else "landing folder as is",
                "quarantine_reasons": MetadataValue.json(reasons),
            }
        )

    return ingest


def build_reconcile_check(table: Table):
    @asset_check(
        asset=AssetKey(table.asset_name),
        name="landed_rows_reconcile",
        description="Over every delivery ingested so far, every landed record is loaded, a "
        "duplicate of a loaded key, quarantined, or suppressed (a row of an erased person): "
        "landed = loaded + duplicates + quarantined + suppressed, re-counted from the warehouse; "
        "and the table holds exactly one row per key delivered.",
        blocking=True,
        pool=WAREHOUSE_POOL,
    )
    def reconcile(warehouse: Warehouse) -> AssetCheckResult:
        keys = ", ".join(f'"{k}"' for k in table.key)
        # Counting the distinct keys of every delivered row hashes them all: ingestion's limit,
        # so this check does not raise the step's peak with the history either.
        limit = load_settings().ingest_memory_limit
        with warehouse.connect(read_only=True, memory_limit=limit) as connection:
            landed, suppressed, files = connection.execute(
                "select coalesce(sum(landed), 0), coalesce(sum(suppressed), 0), count(*) "
                "from ops.deliveries where source = ? and table_name = ?",
                [table.source, table.name],
            ).fetchone()
            delivered, keys_delivered = connection.execute(
                f"select count(*), count(distinct ({keys})) from {deliveries_relation(table)}"
            ).fetchone()
            in_raw = connection.execute(f"select count(*) from {raw_relation(table)}").fetchone()[0]
            in_quarantine = connection.execute(
                "select count(*) from ops.quarantine where source = ? and table_name = ?",
                [table.source, table.name],
            ).fetchone()[0]
        duplicates = delivered - in_raw
        passed = landed == delivered + in_quarantine + suppressed and in_raw == keys_delivered
        return AssetCheckResult(
            passed=bool(passed),
            severity=AssetCheckSeverity.ERROR,
            metadata={
                "files": files,
                "landed": landed,
                "rows_in_warehouse": in_raw,
                "duplicates": duplicates,
                "rows_in_quarantine": in_quarantine,
                "suppressed": suppressed,
                "keys_delivered": keys_delivered,
            },
        )

    return reconcile


def build_ingest_definitions() -> Definitions:
    return Definitions(
        assets=[build_ingest_asset(t) for t in TABLES],
        asset_checks=[build_reconcile_check(t) for t in TABLES],
    )
