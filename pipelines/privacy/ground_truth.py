"""The erased person in the demo's ground truth (``KLANTBEELD_GROUND_TRUTH_DIR``): it holds their
address, name and phone, and evaluations compare it with what the pipeline finds, so it loses
them too and keeps pointing at the right landed lines.

Read by column name, like the warehouse: a truth person is erased when one of their records was
removed from the landing files (``source``, ``table``, ``record_id``) or their own email or
phone is the erased person's; every row of such a ``person_id``, of a removed record or of a
removed landed line (``file``, ``line``) goes, and the line numbers of the other rows of a
rewritten file (``line``, ``…_line``) move up by the lines removed above them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.writer import csv_chunks, write_atomically
from pipelines.ingest.schemas import Identifies
from pipelines.privacy.landing_rewrite import FileRows, removed_lines
from pipelines.privacy.person import Person
from pipelines.privacy.tokens import value_tokens
from pipelines.privacy.warehouse_sweep import column_kind

PERSON_ID = "person_id"
RECORD = ("source", "table", "record_id")


def forget_in_ground_truth(
    truth_dir: Path, person: Person, found: list[FileRows], *, dry_run: bool
) -> dict[str, int]:
    """Rows removed per ground-truth file (only counted when ``dry_run``)."""
    files = {path.name: _read(path) for path in sorted(truth_dir.glob("*.csv"))}
    if not files:
        return {}
    records = pl.DataFrame(
        [(rows.table.source, rows.table.name, key) for rows in found for key in rows.key_values()],
        schema=dict.fromkeys(RECORD, pl.String),
        orient="row",
    )
    lines = removed_lines(found)
    erased = {
        person_id
        for frame in files.values()
        if PERSON_ID in frame.columns
        for person_id in frame.filter(_is_theirs(frame, person, records))[PERSON_ID]
    }
    removed = {}
    for name, frame in files.items():
        kept = frame.filter(~(_is_theirs(frame, person, records) | _in_people(frame, erased)))
        kept = _without_lines(kept, lines)
        if kept.height != frame.height:
            removed[name] = frame.height - kept.height
        if not dry_run and not kept.equals(frame):
            write_atomically(truth_dir / name, csv_chunks(kept))
    return removed


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False, empty_string_is_null=False)


def _is_theirs(frame: pl.DataFrame, person: Person, records: pl.DataFrame) -> pl.Series:
    theirs = pl.Series([False] * frame.height)
    if all(column in frame.columns for column in RECORD):
        theirs |= frame.select(
            pl.concat_str(RECORD, separator="/").is_in(
                records.select(pl.concat_str(RECORD, separator="/")).to_series()
            )
        ).to_series()
    for column in frame.columns:
        kind = column_kind(column)
        if kind in (Identifies.EMAIL, Identifies.PHONE):
            tokens = value_tokens(frame[column], Identifies(kind), person.phone_digits)
            theirs |= person.has(tokens).fill_null(False)
    return theirs


def _in_people(frame: pl.DataFrame, people: set[str]) -> pl.Series:
    if PERSON_ID not in frame.columns:
        return pl.Series([False] * frame.height)
    return frame[PERSON_ID].is_in(sorted(people))


def _without_lines(frame: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """Drop rows of removed lines; re-number the rest of each rewritten file."""
    line_columns = [c for c in frame.columns if c == "line" or c.endswith("_line")]
    if "file" not in frame.columns or not line_columns or lines.is_empty():
        return frame
    gone = {file: np.sort(group["line"].to_numpy()) for (file,), group in lines.group_by("file")}

    def shifted(file: str, line: str) -> str | None:
        """The line's new number; None when it was removed."""
        removed = gone.get(file)
        if removed is None or not line.isdigit():
            return line
        above = int(np.searchsorted(removed, int(line)))
        if above < len(removed) and removed[above] == int(line):
            return None
        return str(int(line) - above)

    for column in line_columns:
        numbers = [shifted(f, v) for f, v in zip(frame["file"], frame[column], strict=True)]
        frame = frame.with_columns(pl.Series(column, numbers, dtype=pl.String))
        frame = frame.filter(pl.col(column).is_not_null())
    return frame
