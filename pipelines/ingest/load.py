"""Turn the delivered files of one landed table into typed rows plus quarantined rows.

Polars, no warehouse: ``load_table`` returns what to write, the asset writes it. It reads
every delivery, or only those of some delivery dates (the daily partitions: one folder
``<source>/<YYYY-MM-DD>/`` per day). Each file is read in batches of whole records
(pipelines/ingest/csv_records.py) and each batch's loadable rows go to Parquet files on disk
(pipelines/ingest/staging.py), so memory does not grow with the size of a delivery or of the
history; which version of a key wins is decided by the warehouse, in SQL.

Nothing is dropped silently: each data record ends up loaded, recognised as a duplicate of a
loaded record (same key), quarantined with its file, line, reason and raw text, or counted as
suppressed (it carries an identifier of a person erased by `klantbeeld forget`:
pipelines/privacy/suppression.py). ``TableLoad.reconciles`` states it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipelines.ingest.csv_records import BATCH_BYTES, MAX_RECORD_LINES, read_record_batches
from pipelines.ingest.parse import parse_column, polars_type
from pipelines.ingest.reasons import QUOTED_VALUE
from pipelines.ingest.row_rules import row_problems
from pipelines.ingest.schemas import TABLES, Table
from pipelines.ingest.staging import StagedRows
from pipelines.privacy.suppression import Suppression
from pipelines.privacy.tokens import record_tokens

LINEAGE_COLUMNS = {
    "_delivered_on": pl.Date,
    "_source_file": pl.String,
    "_source_line": pl.UInt32,
}
QUARANTINE_SCHEMA = {
    "source": pl.String,
    "table_name": pl.String,
    "file": pl.String,
    "line": pl.UInt32,
    "reason": pl.String,
    "raw_text": pl.String,
}
_MAX_RAW_TEXT = 10_000
# Bytes no text export holds: C0 controls but tab and line ends (read as such), and DEL. A NUL
# or an escape sequence in a name is a broken export, not a name.
_CONTROL_CHARACTER = r"[\x00-\x08\x0B-\x1F\x7F]"
_DELIVERY_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class LandingFileError(ValueError):
    """A landed file that cannot be read as the contract says (e.g. a required column missing)."""


@dataclass(frozen=True)
class Delivery:
    """One landed file as it was read: what ops.deliveries records, so the warehouse can be
    re-counted against it and a changed or new file is recognised (size and modification time)."""

    delivered_on: dt.date | None
    file: str  # relative to the landing folder, as _source_file and ops.quarantine name it
    landed: int
    suppressed: int
    size: int
    modified_ns: int


@dataclass
class TableLoad:
    table: Table
    # Every loadable row of every file read, copies included, on disk: the warehouse keeps them
    # per delivery so that re-reading one delivery never depends on the order deliveries came
    # in, and picks the winner per key itself (warehouse_writes.py).
    delivered: StagedRows
    quarantine: pl.DataFrame
    files: list[str]
    landed: int
    # Records of erased persons, dropped before de-duplication (malformed ones too).
    suppressed: int = 0
    warnings: list[str] = field(default_factory=list)
    # Files without a single record (empty, or a header only), one message each: normal for a
    # quiet day of an event table, a warning when the table held rows before (the ingest asset
    # decides, it knows the warehouse).
    empty_files: list[str] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    # Quarantined rows per reason as ``_parse_records`` counts them: without the quoted values
    # that ``quarantine.reason`` carries, so safe for logs, metadata and alerts.
    reason_counts: Counter[str] = field(default_factory=Counter)

    @property
    def rows(self) -> pl.DataFrame:
        """One row per key, the version that wins (``winners``). Reads every staged row into
        memory: for inspecting small loads; the warehouse applies the same rule in SQL."""
        return winners(self.delivered.frame().collect(), self.table)

    @property
    def loaded(self) -> int:
        return self.rows.height

    @property
    def duplicates(self) -> int:
        return self.delivered.count - self.loaded

    @property
    def quarantined(self) -> int:
        return self.quarantine.height

    @property
    def reconciles(self) -> bool:
        return self.landed == self.loaded + self.duplicates + self.quarantined + self.suppressed

    def close(self) -> None:
        """Remove the staged rows from disk."""
        self.delivered.close()

    def quarantine_reasons(self) -> dict[str, int]:
        """Quarantined rows per reason, most frequent first (one row may have several)."""
        ranked = sorted(self.reason_counts.items(), key=lambda item: (-item[1], item[0]))
        return dict(ranked)


def empty_file_warnings(load: TableLoad, rows_before: int) -> list[str]:
    """The files of ``load`` without a record, as warnings, when its table is a snapshot that
    held rows before: a full export that comes back empty is a failed export more likely than an
    empty shop. An event table's file of a quiet day (no email sent on a Sunday) holds a header
    only by right, and so does any table's file before it ever had rows."""
    if not rows_before or not load.table.snapshot:
        return []
    table = f"{load.table.source}.{load.table.name}"
    return [
        f"{message}, while {table} held {rows_before:,} rows before: a failed export?"
        for message in load.empty_files
    ]


def delivery_files(landing_dir: Path, table: Table) -> list[Path]:
    """All deliveries of a table, oldest delivery first (folders are named by delivery date)."""
    return sorted((landing_dir / table.source).glob(f"*/{table.file_name}"))


def misplaced_files(landing_dir: Path, table: Table) -> list[str]:
    """Warnings for files ingestion will not read though they look like deliveries: the table's
    file under another source's folder, and (said by the first table of each source only, so
    once) files in the source's delivery folders that no table of the source is named by."""
    warnings = [
        f"{path.relative_to(landing_dir).as_posix()}: {table.source}.{table.name}'s file belongs "
        f"under {table.source}/<YYYY-MM-DD>/, not read"
        for path in sorted(landing_dir.glob(f"*/*/{table.file_name}"))
        if path.parts[-3] != table.source
    ]
    of_source = [t for t in TABLES if t.source == table.source]
    if table == of_source[0]:
        names = {t.file_name for t in of_source}
        everyone = {t.file_name for t in TABLES}
        unknown = [
            path
            for path in sorted((landing_dir / table.source).glob("*/*"))
            if path.is_file() and not path.name.startswith(".") and path.name not in everyone
        ]
        warnings += [
            f"{path.relative_to(landing_dir).as_posix()}: not a file of the contract "
            f"({', '.join(sorted(names))} are), not read"
            for path in unknown
        ]
    return warnings


def winners(rows: pl.DataFrame, table: Table) -> pl.DataFrame:
    """One row per key. Snapshot exports: the newest delivery (and within it, the last line)
    holds the current version. Event exports are at-least-once: every copy is the same event,
    keep the first delivered. Decided by (delivery date, line), never by the order files were
    read in, so re-reading any delivery gives the same rows; the warehouse applies the same rule
    in SQL (pipelines/ingest/warehouse_writes.py)."""
    ordered = rows.sort(["_delivered_on", "_source_line"], nulls_last=False, maintain_order=True)
    return ordered.unique(
        subset=list(table.key), keep="last" if table.snapshot else "first", maintain_order=True
    )


def delivery_date(path: Path) -> dt.date | None:
    """The delivery date a landed file's folder is named by (``YYYY-MM-DD``, as docs/sources.md
    says: ``date.fromisoformat`` alone would also take ``20261101``); None for a folder not named
    so."""
    if not _DELIVERY_FOLDER.fullmatch(path.parent.name):
        return None
    try:
        return dt.date.fromisoformat(path.parent.name)
    except ValueError:
        return None


def empty_rows(table: Table) -> pl.DataFrame:
    schema = {c.name: polars_type(c.kind) for c in table.columns} | LINEAGE_COLUMNS
    return pl.DataFrame(schema=schema)


# How many positions of unnamed columns a message lists before it only counts the rest.
_POSITIONS_SHOWN = 10


def _unknown_columns(header: list[str], expected: list[str]) -> str:
    """The header's columns that are not in the contract, by count and 1-based position, never
    by name: a header that is not one (a data row, a file read as one line) would put customer
    values into a message that Dagster's run storage and the alerts keep."""
    positions = [str(n) for n, name in enumerate(header, 1) if name not in expected]
    shown = ", ".join(positions[:_POSITIONS_SHOWN])
    more = (
        f" and {len(positions) - _POSITIONS_SHOWN} more"
        if len(positions) > _POSITIONS_SHOWN
        else ""
    )
    return f"{len(positions)} column(s) not in the contract at position(s) {shown}{more}"


def _check_header(header: list[str], table: Table, relative: str) -> list[str]:
    """Stop on a header without a required column or with a contract column twice; warn about
    absent optional and unknown columns. Messages name the file, the contract's columns and the
    positions of the others: nothing the header holds that the contract does not name."""
    expected = table.column_names
    known = [name for name in header if name in expected]
    duplicated = sorted({name for name in known if known.count(name) > 1})
    missing_required = [c.name for c in table.columns if c.required and c.name not in header]
    unknown = len(header) - len(known)
    if duplicated or missing_required:
        problems = []
        if missing_required:
            problems.append(f"missing required column(s) {', '.join(missing_required)}")
        if duplicated:
            problems.append(f"duplicated column(s) {', '.join(duplicated)}")
        if unknown:
            problems.append(_unknown_columns(header, expected))
        if not known:
            problems.append(
                f"none of its {len(header)} column(s) is one the contract names: is line 1 "
                "a header?"
            )
        raise LandingFileError(
            f"{relative}, line 1 (header): {'; '.join(problems)}. Expected the columns of "
            f"{table.source}.{table.name}: {', '.join(expected)}. See docs/sources.md."
        )
    warnings = []
    missing = [name for name in expected if name not in header]
    if missing:
        warnings.append(f"{relative}: optional column(s) absent, loaded as empty: {missing}")
    if unknown:
        warnings.append(f"{relative}: {_unknown_columns(header, expected)}, ignored")
    return warnings


@dataclass
class _FileRead:
    landed: int = 0
    suppressed: int = 0
    warnings: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    empty: str | None = None


def _parse_file(
    path: Path,
    landing_dir: Path,
    table: Table,
    suppression: Suppression | None,
    delivered: StagedRows,
    quarantined: list[pl.DataFrame],
    batch_bytes: int,
) -> _FileRead:
    """Parse ``path`` batch by batch: loadable rows to ``delivered``, the rest to
    ``quarantined``; returns what was landed and suppressed."""
    relative = path.relative_to(landing_dir).as_posix()
    with path.open("rb") as file:
        if file.read(2) in _UTF16_BOMS:
            raise LandingFileError(
                f"{relative}, line 1: the file is UTF-16 (it starts with a UTF-16 byte-order "
                "mark); save it as UTF-8. See docs/sources.md."
            )
    header, batches = read_record_batches(path, batch_bytes)
    if not header:
        return _FileRead(empty=f"{relative}: empty file")
    read = _FileRead(warnings=_check_header(header, table, relative))
    for records in batches:
        good, bad, suppressed, reasons = _parse_records(
            records, header, path, relative, table, suppression
        )
        delivered.append(good)
        quarantined.append(_detached(bad))
        read.landed += records.height
        read.suppressed += suppressed
        read.reasons.update(reasons)
    if read.landed == 0:
        read.empty = f"{relative}: header only, no rows"
    return read


def _detached(frame: pl.DataFrame) -> pl.DataFrame:
    """A copy of ``frame`` that owns its text. A polars string column taken from a batch (the
    quarantined rows' raw text) points into the whole batch's buffers, so keeping a few bad rows
    of every batch would keep every batch: at a million customers, GBs. Through Arrow's
    contiguous string layout the copy holds the kept strings only."""
    return pl.from_arrow(frame.to_arrow(compat_level=pl.CompatLevel.oldest()))


def _parse_records(
    records: pl.DataFrame,
    header: list[str],
    path: Path,
    relative: str,
    table: Table,
    suppression: Suppression | None,
) -> tuple[pl.DataFrame, pl.DataFrame, int, dict[str, int]]:
    """One batch of a file's records → (loadable rows, quarantined rows, suppressed count,
    quarantined rows per reason without the values the reasons quote)."""
    position = {name: i for i, name in enumerate(header)}
    values, errors, typed = [], [], {}
    for column in table.columns:
        raw = (
            pl.col("fields").list.get(position[column.name], null_on_oob=True)
            if column.name in position
            else pl.lit(None, dtype=pl.String)
        )
        value, error = parse_column(column, raw)
        values.append(value.cast(polars_type(column.kind)))
        typed[column.name] = values[-1]
        errors.append(error)
    errors += row_problems(table, typed, delivery_date(path))

    structural = (
        pl.when(~pl.col("utf8_ok"))
        .then(pl.lit("not valid UTF-8 (the row is in another encoding, e.g. Latin-1)"))
        .when(pl.col("unterminated"))
        .then(
            pl.lit(
                f"unterminated quoted field (no closing quote within {MAX_RECORD_LINES} lines, "
                "or before the end of the file); the lines after it are read as rows of their own"
            )
        )
        .when(pl.col("fields").list.len() != len(header))
        .then(
            pl.format(
                "expected {} fields as in the header, found {}",
                pl.lit(len(header)),
                pl.col("fields").list.len(),
            )
        )
        .when(~pl.col("quoting_ok"))
        .then(pl.lit("malformed quoting (text after a closing quote)"))
        .when(pl.col("_record_text").str.contains(_CONTROL_CHARACTER))
        .then(_control_character_reason(header, table))
    )
    # Each column's error with its quoted value cut off (the value ends the message, so nothing
    # it holds can be taken for a reason), for the counts shown in logs and metadata.
    reason_kinds = pl.when(structural.is_not_null()).then(pl.concat_list(structural))
    reason_kinds = reason_kinds.otherwise(
        pl.concat_list([error.str.replace(QUOTED_VALUE, "") for error in errors]).list.drop_nulls()
    )
    # The record's own columns under names no landed column has (social interactions have a
    # `text` column: parsing it must not overwrite the raw text quarantine keeps).
    parsed = (
        records.rename({"line": "_record_line", "text": "_record_text"})
        .with_columns(
            *values,
            _reason=pl.coalesce(
                structural, pl.concat_str(errors, separator="; ", ignore_nulls=True)
            ),
            _reason_kinds=reason_kinds,
        )
        .with_columns(
            _reason=pl.when(pl.col("_reason") != "").then(pl.col("_reason")),
            _suppressed=(
                suppression.carried_by(record_tokens(records, header, table))
                if suppression is not None
                else pl.lit(False)
            ),
        )
    )
    suppressed = int(parsed["_suppressed"].sum())
    parsed = parsed.filter(~pl.col("_suppressed"))

    good = parsed.filter(pl.col("_reason").is_null()).select(
        *table.column_names,
        _delivered_on=pl.lit(delivery_date(path), dtype=pl.Date),
        _source_file=pl.lit(relative),
        _source_line=pl.col("_record_line").cast(pl.UInt32),
    )
    bad = parsed.filter(pl.col("_reason").is_not_null()).select(
        source=pl.lit(table.source),
        table_name=pl.lit(table.name),
        file=pl.lit(relative),
        line=pl.col("_record_line").cast(pl.UInt32),
        reason=pl.col("_reason"),
        raw_text=pl.col("_record_text").str.slice(0, _MAX_RAW_TEXT),
    )
    bad_kinds = parsed.filter(pl.col("_reason").is_not_null())
    kinds = bad_kinds.select(pl.col("_reason_kinds").explode()).group_by("_reason_kinds").len()
    return good, bad, suppressed, dict(zip(kinds["_reason_kinds"], kinds["len"], strict=True))


def _control_character_reason(header: list[str], table: Table) -> pl.Expr:
    """Names the first column holding a control character: by the contract's name, or by
    position for a column the contract does not name (its header text could be anything)."""
    names = {
        i: name if name in table.column_names else f"column {i + 1}"
        for i, name in enumerate(header)
    }
    first = (
        pl.col("fields")
        .list.eval(pl.element().fill_null("").str.contains(_CONTROL_CHARACTER))
        .list.arg_max()
    )
    column = first.replace_strict(names, default="?", return_dtype=pl.String)
    return column + pl.lit(
        ": control character (a byte below 0x20 other than tab and line ends, or 0x7F)"
    )


def _selected_files(
    landing_dir: Path, table: Table, dates: Collection[dt.date] | None
) -> tuple[list[Path], list[str]]:
    files = delivery_files(landing_dir, table)
    undated = [p for p in files if delivery_date(p) is None]
    warnings = [
        f"{p.relative_to(landing_dir).as_posix()}: its folder is not named by a delivery date "
        "(YYYY-MM-DD), so it belongs to no daily partition and is not ingested"
        for p in undated
    ] + misplaced_files(landing_dir, table)
    dated = [p for p in files if delivery_date(p) is not None]
    if dates is None:
        return dated, warnings
    return [p for p in dated if delivery_date(p) in dates], warnings


def load_table(
    landing_dir: Path,
    table: Table,
    suppression: Suppression | None = None,
    dates: Collection[dt.date] | None = None,
    staging_dir: Path | None = None,
    batch_bytes: int = BATCH_BYTES,
) -> TableLoad:
    """Read the table's deliveries: all of them, or those of ``dates`` only. The loadable rows
    are staged in a temporary folder under ``staging_dir`` (the system's by default) until the
    load is closed."""
    files, warnings = _selected_files(landing_dir, table, dates)
    delivered = StagedRows(empty_rows(table), staging_dir)
    quarantined, deliveries = [pl.DataFrame(schema=QUARANTINE_SCHEMA)], []
    reason_counts: Counter[str] = Counter()
    empty_files = []
    try:
        for path in files:
            stat = path.stat()
            read = _parse_file(
                path, landing_dir, table, suppression, delivered, quarantined, batch_bytes
            )
            warnings += read.warnings
            reason_counts.update(read.reasons)
            if read.empty:
                empty_files.append(read.empty)
            deliveries.append(
                Delivery(
                    delivered_on=delivery_date(path),
                    file=path.relative_to(landing_dir).as_posix(),
                    landed=read.landed,
                    suppressed=read.suppressed,
                    size=stat.st_size,
                    modified_ns=stat.st_mtime_ns,
                )
            )
    except BaseException:
        delivered.close()
        raise
    if not files:
        where = (
            f"{table.source}/<YYYY-MM-DD>/"
            if dates is None
            else f"{table.source}/{{{','.join(sorted(d.isoformat() for d in dates))}}}/"
        )
        warnings.append(
            f"no files for {table.source}.{table.name} at {landing_dir / where}{table.file_name}"
        )
    return TableLoad(
        table=table,
        delivered=delivered,
        quarantine=pl.concat(quarantined, how="vertical"),
        files=[d.file for d in deliveries],
        landed=sum(d.landed for d in deliveries),
        suppressed=sum(d.suppressed for d in deliveries),
        warnings=warnings,
        empty_files=empty_files,
        deliveries=deliveries,
        reason_counts=reason_counts,
    )
