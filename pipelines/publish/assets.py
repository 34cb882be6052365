"""The ``published_warehouse`` asset: after every mart is built and checked, a pseudonymised
copy for BI tools (docs/publishing.md)."""

from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetKey,
    Definitions,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
)

from pipelines.analytics.definitions import build_analytics_definitions
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.publish.build import (
    STORAGE_VERSION,
    PersonalValuesError,
    Published,
    marts_columns,
    publish_release,
)
from pipelines.publish.pseudonym import PseudonymKeyError, key_id, load_pseudonym_key
from pipelines.publish.tables import NOT_FOR_BI, mart_tables, marts_built_apart
from pipelines.resources import Warehouse
from pipelines.settings import load_settings
from pipelines.transform.assets import build_transform_definitions


def _marts_concerns() -> list[Definitions]:
    """The concerns that write the marts schema: their assets are what the copy waits for."""
    return [build_transform_definitions(), build_analytics_definitions()]


def published_tables() -> list[str]:
    """The tables the copy publishes, by name (docs/publishing.md names each; the docs check in
    tests/unit/test_docs.py holds it to that)."""
    return list(mart_tables(_marts_concerns()))


def build_publish_definitions() -> Definitions:
    concerns = _marts_concerns()
    tables = mart_tables(concerns)
    return Definitions(assets=[build_published_warehouse(tables, marts_built_apart(concerns))])


def build_published_warehouse(tables: dict[str, AssetKey], built_apart: frozenset[str]):
    @asset(
        name="published_warehouse",
        group_name="publish",
        description="The marts for BI tools, pseudonymised (customer_key instead of "
        "customer_id; no email, phone, name or street address), as a DuckDB file that DuckDB "
        "1.x opens and one Parquet file per table under `<warehouse folder>/published/`, "
        "switched in atomically. Needs KLANTBEELD_PSEUDONYM_KEY.",
        deps=list(tables.values()),
        kinds={"duckdb", "parquet"},
        pool=WAREHOUSE_POOL,
        metadata={"tables": ", ".join(tables)},
    )
    def published_warehouse(context: AssetExecutionContext, warehouse: Warehouse):
        try:
            key = load_pseudonym_key()
        except PseudonymKeyError as error:
            raise Failure(description=str(error), allow_retries=False) from None
        warehouse_path = warehouse.resolved_path()
        columns = _tables_to_publish(context, marts_columns(warehouse_path), tables, built_apart)
        published_dir = load_settings().published_dir
        try:
            published = publish_release(warehouse_path, published_dir, columns, key, context.run_id)
        except PersonalValuesError as error:
            raise Failure(description=str(error), allow_retries=False) from None
        context.log.info(f"Published release {published.folder.name} to {published_dir}")
        if published.kept_in_use:
            context.log.warning(
                f"Old release(s) {', '.join(published.kept_in_use)} kept: they could not be "
                "removed, most likely because a BI tool has them open. The next publish tries "
                "again."
            )
        return MaterializeResult(metadata=_metadata(published_dir, published, key))

    return published_warehouse


def _tables_to_publish(
    context: AssetExecutionContext,
    present: dict[str, list[str]],
    declared: dict[str, AssetKey],
    built_apart: frozenset[str] = frozenset(),
) -> dict[str, list[str]]:
    not_yet_built = sorted((set(declared) - set(present)) & built_apart)
    for table in not_yet_built:
        context.log.warning(
            f"marts.{table} is not published: its own partitioned job has not built it yet."
        )
    missing = sorted(set(declared) - set(present) - built_apart)
    if missing:
        raise Failure(
            description=f"Not published: marts {missing} are missing from the warehouse, and a "
            "copy without them would silently drop tables BI reads.",
            allow_retries=False,
        )
    for table in sorted(set(present) - set(declared) - NOT_FOR_BI):
        # Only tables some asset declares are waited for (so built and checked in this run).
        context.log.warning(
            f"marts.{table} is not published: no asset declares it (a leftover of a removed "
            "model, or a Python asset without dagster/table_name metadata)."
        )
    return {table: present[table] for table in declared if table in present}


def _metadata(published_dir: Path, published: Published, key: bytes) -> dict[str, object]:
    tables = published.tables
    return {
        "published_dir": MetadataValue.path(str(published_dir)),
        "release": MetadataValue.path(str(published.folder)),
        "storage_version": STORAGE_VERSION,
        "customer_key_id": key_id(key),
        "rows": MetadataValue.json({t.name: t.rows for t in tables}),
        # Names of what the column policy left out, so a missing column is easy to explain.
        "dropped_columns": MetadataValue.json({t.name: t.dropped for t in tables if t.dropped}),
        # Old releases a reader held open (Windows, SMB): left in place, removed next time.
        "releases_kept_in_use": MetadataValue.json(published.kept_in_use),
    }
