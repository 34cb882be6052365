"""The mess of real exports: re-exported events and malformed rows, each one recorded.

A malformed row is broken in exactly one way that a strict parser of the landing contract must
reject: a bad date in a date or timestamp column, a non-number in a number column, a blank
required value, bytes that are not UTF-8, or the wrong number of fields. It replaces the row it
damages, as a broken export line would.

Polars only holds valid UTF-8 and quotes fields for us, so bytes and unquoted commas are planted
as private-use characters that writer.py turns into the real bytes after writing; no other text
in the demo ever contains them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo import rates
from pipelines.ingest.schemas import Column, Kind, Table

EXTRA_FIELD = "\ue001"  # becomes an unquoted comma: one field too many
DROP_FIELD = "\ue002"  # ",<this>" is cut out: a row that ends early
RAW_BYTE = 0xE100  # chr(RAW_BYTE + b) becomes the single byte b

DEFECTS = ("bad_date", "non_numeric", "missing_required", "wrong_encoding", "wrong_field_count")
_TIME_KINDS = (Kind.DATE, Kind.TIMESTAMP_OFFSET, Kind.TIMESTAMP_ISO, Kind.TIMESTAMP_UTC,
               Kind.TIMESTAMP_LOCAL, Kind.EPOCH_SECONDS)  # fmt: skip
_BAD_VALUES: dict[Kind, tuple[str, ...]] = {
    Kind.TIMESTAMP_OFFSET: ("2025-13-45 25:61:00 +0200", "gisteren", "31-10-2025 14:02",
                            "2025-02-30 10:00:00 +0100"),
    Kind.TIMESTAMP_ISO: ("2025-02-30T10:00:00Z", "gisteren", "2025-13-01T25:00:00Z",
                         "10/07/2025 09:50"),
    Kind.TIMESTAMP_UTC: ("2025-13-45 25:61:00", "gisteren", "2025-02-30 10:00:00"),
    # 02:30 on the spring-forward Sundays of 2025 and 2026 never happened in Amsterdam.
    Kind.TIMESTAMP_LOCAL: ("2026-03-29 02:30:00", "2025-03-30 02:15:00", "2025-13-45 25:61:00",
                           "gisteren"),
    Kind.EPOCH_SECONDS: ("gisteren", "2025-10-07 09:50:26", "17x0000000"),
    Kind.DATE: ("2025-02-30", "31-10-2025", "gisteren"),
    Kind.DECIMAL: ("12,50", "N/A", "€ 12.50", "12.50 EUR", "-"),
    Kind.INTEGER: ("N/A", "twee", "1.5", "3 stuks"),
}  # fmt: skip
# Words as a cp1252/Latin-1 export writes them: their accented letters are not valid UTF-8.
_LATIN1_WORDS = ("Müller", "Café", "Hélène", "Coöperatie", "Zoë", "Françoise", "crème")
RAW_BYTES_USED = tuple(sorted({ord(ch) for word in _LATIN1_WORDS for ch in word if ord(ch) > 127}))
_FREE_TEXT = {"first_name", "last_name", "address1", "city", "product_name", "title", "body",
              "reviewer_name", "reason", "campaign_name", "subject", "display_name", "location",
              "bio", "text", "tags", "url"}  # fmt: skip


@dataclass(frozen=True)
class Damage:
    row: int  # 0-based data row; the file line is row + 2
    defect: str
    column: str | None


def _as_raw_bytes(word: str) -> str:
    return "".join(chr(RAW_BYTE + ord(ch)) if ord(ch) > 127 else ch for ch in word)


def _columns_for(table: Table, defect: str) -> list[Column]:
    cols = table.columns
    match defect:
        case "bad_date":
            return [c for c in cols if c.kind in _TIME_KINDS]
        case "non_numeric":
            return [c for c in cols if c.kind in (Kind.DECIMAL, Kind.INTEGER)]
        case "missing_required":
            return [c for c in cols if c.required]
        case "wrong_encoding":
            text = [c for c in cols if c.kind == Kind.STRING and c.name in _FREE_TEXT]
            return text or [c for c in cols if c.kind == Kind.STRING and c.allowed is None]
    return list(cols)


def _clean(value: str | None) -> str:
    """A value that needs no quoting, so a planted comma stays a field separator."""
    return (value or "").replace(",", " ").replace('"', "")


def damage(
    rng: np.random.Generator,
    frame: pl.DataFrame,
    table: Table,
    spare: np.ndarray | None = None,
    *,
    wanted: int | None = None,
) -> tuple[pl.DataFrame, list[Damage]]:
    """Break ``wanted`` rows of ``frame`` (never those flagged in ``spare``) and say how.

    Without ``wanted``, a number drawn with MALFORMED_ROW_SHARE as each row's chance (a daily
    delivery's small file is mostly clean).
    """
    candidates = np.flatnonzero(~spare) if spare is not None else np.arange(frame.height)
    if len(candidates) == 0:
        return frame, []
    if wanted is None:
        wanted = int(rng.binomial(frame.height, rates.MALFORMED_ROW_SHARE))
    k = min(len(candidates), wanted)
    rows = np.sort(rng.choice(candidates, size=k, replace=False))
    defects = [d for d in DEFECTS if _columns_for(table, d)]
    updates: dict[str, dict[int, str | None]] = {name: {} for name in table.column_names}
    damages = []
    for row in rows.tolist():
        defect = defects[int(rng.integers(0, len(defects)))]
        if defect == "wrong_field_count":
            damages.append(_wrong_field_count(rng, frame, updates, table, row))
            continue
        options = _columns_for(table, defect)
        column = options[int(rng.integers(0, len(options)))]
        if defect == "missing_required":
            value = None
        elif defect == "wrong_encoding":
            value = _as_raw_bytes(_LATIN1_WORDS[int(rng.integers(0, len(_LATIN1_WORDS)))])
        else:
            choices = _BAD_VALUES[column.kind]
            value = choices[int(rng.integers(0, len(choices)))]
        updates[column.name][row] = value
        damages.append(Damage(row, defect, column.name))
    changed = [
        frame[name]
        .clone()
        .scatter(list(rows_values), pl.Series(list(rows_values.values()), dtype=pl.String))
        for name, rows_values in updates.items()
        if rows_values
    ]
    return frame.with_columns(changed), damages


def malformed_in_file(rows: int) -> int:
    """How many of a full-history file's rows are malformed: MALFORMED_ROW_SHARE, at least one.

    Counted over the whole file, so a file written a block of persons at a time has as many as
    one written at once (each block breaks what the file's rows so far call for).
    """
    return max(1, round(rates.MALFORMED_ROW_SHARE * rows))


def _wrong_field_count(rng, frame: pl.DataFrame, updates, table: Table, row: int) -> Damage:
    names = table.column_names
    if rng.random() < 0.5:
        # A comma in a value that the exporting tool forgot to quote.
        name = names[int(rng.integers(0, len(names)))]
        updates[name][row] = _clean(frame[name][row]) + EXTRA_FIELD + "extra"
    else:
        # The row was cut short: its last one or two fields are missing.
        for name in names[-int(rng.integers(1, 3)) :]:
            updates[name][row] = DROP_FIELD
    return Damage(row, "wrong_field_count", None)


def duplicate_rows(rng: np.random.Generator, frame: pl.DataFrame, share: float):
    """Re-export a ``share`` of rows: each copy lands up to 200 rows after its original.

    Returns the new frame; per new row: is it a copy, does its id occur twice, and which row
    of the old frame it holds.
    """
    n = frame.height
    k = round(share * n)
    originals = np.sort(rng.choice(n, size=k, replace=False))
    later = np.minimum(originals + rng.integers(1, 201, k), n - 1)
    key = np.concatenate((2 * np.arange(n), 2 * later + 1))
    order = np.argsort(key, kind="stable")
    source = np.concatenate((np.arange(n), originals))[order]
    duplicated = np.zeros(n, dtype=bool)
    duplicated[originals] = True
    return frame[source], order >= n, duplicated[source], source
