"""A person's rows in the landed files, and rewriting those files without them.

Rows are found with the ingest reader and the landing contract (pipelines/privacy/tokens.py):
a row carrying one of the person's identifiers, or pointing at one of their records. Tables are
read in the contract's order, parents first, and a found row of a parent (an account, an order,
a contact, a profile) adds its id, so rows that point at it — order lines, refunds, reviews,
email events, interactions — are found too, also for records the warehouse has not seen yet.

A file is rewritten byte for byte except the removed records: header, quoting, line endings,
encoding (also of malformed lines) and every other row stay exactly as delivered. The new file
is written beside the old one and renamed over it (atomic on one file system), so a reader sees
the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.ingest.csv_records import read_records
from pipelines.ingest.load import delivery_files
from pipelines.ingest.schemas import TABLES, Identifies, Table
from pipelines.privacy.person import Person
from pipelines.privacy.tokens import record_tokens, rows_carrying


@dataclass(frozen=True)
class FileRows:
    """The records of one landed file that are the person's."""

    file: str  # relative to the landing folder, as ops.quarantine and _source_file name it
    table: Table
    header: list[str]
    records: pl.DataFrame  # read_records' columns: line, text, fields, quoting_ok, utf8_ok

    @property
    def rows(self) -> int:
        return self.records.height

    def physical_lines(self) -> list[int]:
        """Every line of the file the records occupy (a quoted field can span lines)."""
        spans = self.records.select("line", lines=pl.col("text").str.count_matches("\n") + 1)
        return [line for first, count in spans.iter_rows() for line in range(first, first + count)]

    def key_values(self) -> list[str]:
        """The records' keys (one-column keys): which records the file no longer holds."""
        if len(self.table.key) != 1 or self.table.key[0] not in self.header:
            return []
        position = self.header.index(self.table.key[0])
        keys = self.records["fields"].list.get(position, null_on_oob=True).str.strip_chars()
        return sorted(set(keys.drop_nulls()) - {""})

    def values_of(self, kind: Identifies) -> pl.Series:
        """The values of every column that holds ``kind`` (e.g. each email column), as landed."""
        positions = [
            self.header.index(column.name)
            for column in self.table.identifying_columns
            if column.identifies is kind and column.name in self.header
        ]
        fields = self.records["fields"]
        values = [fields.list.get(p, null_on_oob=True) for p in positions]
        return pl.concat([pl.Series(dtype=pl.String), *values]).drop_nulls()

    def as_dicts(self) -> list[dict[str, object]]:
        """Each record as landed: its line and its fields by header name, or its raw text when
        it does not fit the header."""
        rows = []
        for line, text, fields in self.records.select("line", "text", "fields").iter_rows():
            if fields is not None and len(fields) == len(self.header):
                rows.append({"line": line, **dict(zip(self.header, fields, strict=True))})
            else:
                rows.append({"line": line, "raw_text": text})
        return rows


@dataclass(frozen=True)
class _Landed:
    file: str
    header: list[str]
    records: pl.DataFrame
    tokens: pl.Series


def find_in_landing(landing_dir: Path, person: Person) -> tuple[list[FileRows], Person]:
    """Every landed file's records of ``person``, and the person with the record ids found."""
    found: list[FileRows] = []
    for table in TABLES:
        landed = [
            _read(landing_dir, path, table, person) for path in delivery_files(landing_dir, table)
        ]
        landed = [file for file in landed if file.header]
        while True:
            matches = [(file, rows_carrying(file.tokens, person.has)) for file in landed]
            kind = table.key_identifies
            if kind is None:
                break
            keys = [key for file, mask in matches for key in _rows(file, table, mask).key_values()]
            expanded = person.with_ids(kind, keys)
            if expanded is person:
                break
            # A new id of this table (an account found by its address) may find more of its
            # rows in other deliveries: look again.
            person = expanded
        for file, mask in matches:
            if mask.any():
                found.append(_rows(file, table, mask))
    return found, person


def removed_lines(found: list[FileRows]) -> pl.DataFrame:
    """file, line: every physical line the rewrite takes out."""
    return pl.DataFrame(
        [(rows.file, line) for rows in found for line in rows.physical_lines()],
        schema={"file": pl.String, "line": pl.UInt32},
        orient="row",
    )


def rewrite_landing(landing_dir: Path, found: list[FileRows]) -> dict[str, int]:
    """Rewrite each file without its found records; records removed per file."""
    for rows in found:
        remove_lines(landing_dir / rows.file, rows.physical_lines())
    return {rows.file: rows.rows for rows in found}


def remove_lines(path: Path, lines: Iterable[int]) -> None:
    """Rewrite ``path`` without the given physical lines (1-based, ending at LF, CRLF or a lone
    CR, as the reader splits them); every other byte stays as it was."""
    data = path.read_bytes()
    octets = np.frombuffer(data, dtype=np.uint8)
    line_feed, carriage_return = octets == ord("\n"), octets == ord("\r")
    lone_cr = carriage_return & ~np.append(line_feed[1:], False)
    ends = np.flatnonzero(line_feed | lone_cr) + 1
    starts = np.concatenate(([0], ends))
    # Line n runs from starts[n - 1] up to starts[n] (its newline included), the last to the end.
    bounds = np.append(starts, len(data))
    pieces, done = [], 0
    for line in sorted(set(lines)):
        start, end = int(bounds[line - 1]), int(bounds[line])
        pieces.append(memoryview(data)[done:start])
        done = end
    pieces.append(memoryview(data)[done:])
    partial = path.with_name(f".{path.name}.erasure-partial")
    with partial.open("wb") as out:
        out.writelines(pieces)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(partial, path.stat().st_mode)
    os.replace(partial, path)


def _read(landing_dir: Path, path: Path, table: Table, person: Person) -> _Landed:
    header, records = read_records(path)
    tokens = (
        record_tokens(records, header, table, person.phone_digits)
        if header
        else pl.Series(dtype=pl.List(pl.String))
    )
    return _Landed(path.relative_to(landing_dir).as_posix(), header, records, tokens)


def _rows(file: _Landed, table: Table, mask: pl.Series) -> FileRows:
    return FileRows(file.file, table, file.header, file.records.filter(mask))
