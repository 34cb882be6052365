"""Keep the export rows a conversion could not map in ``ops.quarantine``, under the export's
own file name and line, as source ``export:<config source name>`` (so the landed tables'
reconciliation, which counts its own source, is not disturbed). Each conversion replaces the
previous one's rows: the same exports give the same quarantine.

A person erased with `klantbeeld forget` may still be in the user's own export files, which
klantbeeld does not rewrite: ingestion keeps their converted rows out through the suppression
list, and so does this for rejected rows, by the email addresses and phone numbers in their
raw text."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipelines.adapters.conversion import Reject
from pipelines.ingest.load import QUARANTINE_SCHEMA
from pipelines.ingest.schemas import Identifies
from pipelines.ingest.warehouse_writes import OPS_DDL
from pipelines.privacy.suppression import Suppression
from pipelines.privacy.tokens import value_tokens
from pipelines.settings import duckdb_config

SOURCE_PREFIX = "export:"
CONVERSION_RUN_ID = "klantbeeld-convert"
_EMAIL = r"[^\s,;\"'<>]+@[^\s,;\"'<>]+"
_PHONE = r"\+?\d[\d \-]{7,}\d"


def _tokens(raw_texts: pl.Series) -> pl.Series:
    """Per raw text, the tokens of the email addresses and phone numbers in it."""
    frame = raw_texts.to_frame("raw").with_row_index("row")
    found = []
    for pattern, kind in ((_EMAIL, Identifies.EMAIL), (_PHONE, Identifies.PHONE)):
        values = frame.select("row", value=pl.col("raw").str.extract_all(pattern)).explode("value")
        found.append(values.with_columns(token=value_tokens(values["value"], kind)))
    tokens = pl.concat(found).group_by("row").agg(pl.col("token").drop_nulls())
    return frame.join(tokens, on="row", how="left").sort("row")["token"]


def without_suppressed(rejects: list[Reject], suppression: Suppression | None) -> list[Reject]:
    if suppression is None or not rejects:
        return rejects
    carried = suppression.carried_by(_tokens(pl.Series([r.raw_text for r in rejects])))
    return [r for r, erased in zip(rejects, carried, strict=True) if not erased]


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
        schema=QUARANTINE_SCHEMA,
    )
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_path), config=duckdb_config()) as connection:
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
