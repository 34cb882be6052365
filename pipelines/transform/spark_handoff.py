"""Hand the warehouse's dbt sources to Spark as Parquet (docs/spark.md).

dbt on Spark reads the same sources as on DuckDB: the raw tables the ingestion assets write and
the tables the Python assets write (identity graph, CLV, churn, personas). Spark cannot read a
DuckDB file, so each source table is copied to ``<destination>/<schema>/<table>/data.parquet``;
the on-run-start macro ``register_parquet_sources`` (dbt_project/macros/spark_sources.sql)
registers those folders as Spark tables under the same schema and name. Which tables are sources
comes from dbt's manifest, so a new source cannot be forgotten here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

# The variable the on-run-start macro reads: where the Parquet copies are.
SPARK_SOURCES_ENV = "KLANTBEELD_SPARK_SOURCES"


def source_tables(manifest: Path) -> list[tuple[str, str]]:
    """(schema, table) of every dbt source in ``manifest``, sorted."""
    sources = json.loads(manifest.read_text(encoding="utf-8"))["sources"].values()
    return sorted({(source["schema"], source["identifier"]) for source in sources})


def export_sources(warehouse: Path, manifest: Path, destination: Path) -> list[tuple[str, str]]:
    """Copy every source table of ``manifest`` from the DuckDB ``warehouse`` to Parquet under
    ``destination`` (replacing an earlier copy); returns the tables copied. A source missing
    from the warehouse is an error naming it: Spark would otherwise fail later, less clearly."""
    tables = source_tables(manifest)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        present = set(
            connection.sql(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        )
        missing = [f"{schema}.{name}" for schema, name in tables if (schema, name) not in present]
        if missing:
            raise ValueError(
                f"{warehouse} lacks the dbt sources {', '.join(missing)}: run the pipeline "
                "(`klantbeeld run`) on DuckDB before handing its tables to Spark"
            )
        for schema, table in tables:
            folder = destination / schema / table
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            target = str(folder / "data.parquet").replace("'", "''")
            connection.execute(f"copy {schema}.{table} to '{target}' (format parquet)")
    return tables
