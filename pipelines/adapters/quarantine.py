"""Keep the export rows a conversion could not map in ``ops.quarantine``, under the export's
own file name and line, as source ``export:<config source name>`` (so the landed tables'
reconciliation, which counts its own source, is not disturbed). Each conversion replaces the
previous one's rows: the same exports give the same quarantine."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipelines.adapters.conversion import Reject
from pipelines.ingest.warehouse_writes import OPS_DDL

SOURCE_PREFIX = "export:"
CONVERSION_RUN_ID = "klantbeeld-convert"


def record_rejects(warehouse_path: Path, rejects: list[Reject]) -> None:
    frame = pl.DataFrame(
        {
            "source": [SOURCE_PREFIX + r.source for r in rejects],
            "table_name": [r.preset for r in rejects],
            "file": [r.file for r in rejects],
            "line": [r.line for r in rejects],
            "reason": [r.reason for r in rejects],
            "raw_text": [r.raw_text for r in rejects],
        },
        schema={
            "source": pl.String,
            "table_name": pl.String,
            "file": pl.String,
            "line": pl.UInt32,
            "reason": pl.String,
            "raw_text": pl.String,
        },
    )
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_path)) as connection:
        for statement in OPS_DDL:
            connection.execute(statement)
        connection.execute("begin")
        connection.execute(
            "delete from ops.quarantine where starts_with(source, ?)", [SOURCE_PREFIX]
        )
        connection.register("rejects", frame)
        connection.execute(
            "insert into ops.quarantine (source, table_name, file, line, reason, raw_text, "
            f"run_id) select *, '{CONVERSION_RUN_ID}' from rejects"
        )
        connection.execute("commit")
