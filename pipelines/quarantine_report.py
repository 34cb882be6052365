"""`klantbeeld quarantine`: what ``ops.quarantine`` holds, summarised by table and reason first
(counts), then rows as file and line.

Nothing printed holds a value of a row: a reason is shown as its kind (pipelines/ingest/reasons.py
cuts the value it quotes), and the raw text stays in ``ops.quarantine``. The terminal may be
logged or shared; the file and line lead to the row itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.reasons import reason_kind
from pipelines.settings import duckdb_config
from pipelines.warehouse_tables import table_exists


@dataclass(frozen=True)
class QuarantineFilter:
    """Which rows to show: ``table`` is `source.table` or the table's name alone; ``reason`` and
    ``file`` are text found in the reason's kind or the file's path (case-insensitive)."""

    table: str | None = None
    reason: str | None = None
    file: str | None = None

    def described(self) -> str:
        given = [(f"--{name}", value) for name, value in vars(self).items() if value]
        return " ".join(f"{option} {value!r}" for option, value in given)


def quarantined_rows(warehouse_path: Path, only: QuarantineFilter) -> pl.DataFrame:
    """table, file, line and reason kind of every quarantined row that ``only`` selects, ordered by
    table, file and line. Empty when nothing was quarantined yet."""
    empty = pl.DataFrame(schema={"table": pl.String, "file": pl.String, "line": pl.Int64})
    with duckdb.connect(str(warehouse_path), read_only=True, config=duckdb_config()) as connection:
        if not table_exists(connection, "ops.quarantine"):
            return empty.with_columns(kind=pl.lit(None, pl.String))
        found = connection.sql(
            "select source || '.' || table_name as table, file, line::bigint as line, reason "
            "from ops.quarantine "
            "where ($table is null or source || '.' || table_name = $table "
            "or table_name = $table) "
            "and ($file is null or contains(lower(file), lower($file))) "
            "order by 1, 2, 3",
            params={"table": only.table, "file": only.file},
        ).to_arrow_table()
    rows = pl.from_arrow(found)
    # One kind per distinct reason: reasons repeat far more than rows differ.
    kinds = {reason: reason_kind(reason) for reason in rows["reason"].unique().to_list()}
    rows = rows.with_columns(kind=pl.col("reason").replace_strict(kinds)).drop("reason")
    if only.reason:
        rows = rows.filter(
            pl.col("kind").str.to_lowercase().str.contains(only.reason.lower(), literal=True)
        )
    return rows


def summary_lines(rows: pl.DataFrame) -> list[str]:
    """Rows and files per table and reason kind: most rows first within a table."""
    grouped = (
        rows.group_by("table", "kind")
        .agg(rows=pl.len(), files=pl.col("file").n_unique())
        .sort(["table", "rows", "kind"], descending=[False, True, False])
    )
    tables = rows["table"].n_unique()
    files = rows["file"].n_unique()
    lines = [
        f"{rows.height:,} quarantined rows in {tables} table(s), {files} file(s), by reason:",
        f"  {'table':<28}{'rows':>9}{'files':>7}  reason",
    ]
    for table, kind, count, in_files in grouped.iter_rows():
        lines.append(f"  {table:<28}{count:>9,}{in_files:>7,}  {kind}")
    return lines


def row_lines(rows: pl.DataFrame, limit: int) -> list[str]:
    """The first ``limit`` rows as `file:line: reason kind`, and how many more there are."""
    if limit == 0 or rows.is_empty():
        return []
    shown = rows.head(limit)
    lines = ["Rows (file:line: reason; the row's text stays in ops.quarantine):"]
    lines += [
        f"  {file}:{line}: {kind}"
        for file, line, kind in shown.select("file", "line", "kind").iter_rows()
    ]
    if rows.height > shown.height:
        lines.append(
            f"  … and {rows.height - shown.height:,} more: narrow with --table, --reason or "
            "--file, or raise --limit."
        )
    return lines
