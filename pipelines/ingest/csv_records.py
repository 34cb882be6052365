"""Read a landed CSV file into records that keep their exact line number and raw text.

Why not ``polars.read_csv``: on a ragged row it either fails the whole file or (with
``truncate_ragged_lines``) silently pads and cuts fields; invalid UTF-8 fails the whole file; and
its row index is not a line number once a quoted field spans lines. Quarantine needs all three
(file, line, raw text, and the reason). So polars reads the file as plain lines — still its
multi-threaded reader, streaming-friendly, lossy UTF-8 so a bad byte marks one line instead of
failing the file — and the RFC 4180 field split is a vectorised regular expression over those
lines. ``tests/unit/test_csv_records.py`` checks the split against Python's ``csv`` module.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import polars as pl

# The whole line is one column: a unit separator never occurs in text exports, and no quoting.
_LINE_SEPARATOR = "\x1f"
# One RFC 4180 field, anchored by the comma before it (every line gets a leading comma, so an
# empty first field is a real match instead of an empty match the regex engine would skip).
_FIELD = r',("(?:[^"]|"")*"|[^,"]*)'
_REPLACEMENT_CHARACTER = "\ufffd"
# About 32 MiB of a file at a time: ~300,000 lines of an events export, a few hundred MB of
# polars frames while they are split and parsed, however large the file is.
BATCH_BYTES = 32 * 2**20
_EMPTY_LINES = pl.DataFrame(schema={"line": pl.UInt32, "text": pl.String})


def _lines_of(block: bytes, first_line: int) -> pl.DataFrame:
    """Every physical line of ``block`` (whole lines of a file) numbered from ``first_line``."""
    lines = pl.read_csv(
        io.BytesIO(block),
        has_header=False,
        separator=_LINE_SEPARATOR,
        quote_char=None,
        schema={"text": pl.String},
        encoding="utf8-lossy",
        truncate_ragged_lines=True,
    )
    return lines.with_row_index("line", offset=first_line).with_columns(
        pl.col("text").fill_null("").str.strip_suffix("\r")
    )


def read_line_batches(path: Path, batch_bytes: int = BATCH_BYTES) -> Iterator[pl.DataFrame]:
    """The physical lines of ``path`` with their 1-based line numbers, in batches of whole lines
    of about ``batch_bytes`` each (a line longer than that is one batch of its own); invalid
    UTF-8 kept visible. Memory stays bounded by the batch, not the file."""
    first_line = 1
    with path.open("rb") as file:
        rest = b""
        while chunk := file.read(batch_bytes):
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest = data
                continue
            block, rest = data[:cut], data[cut:]
            lines = _lines_of(block, first_line)
            first_line += lines.height
            yield lines
        if rest:
            yield _lines_of(rest, first_line)


def read_lines(path: Path) -> pl.DataFrame:
    """Every physical line of ``path`` with its 1-based line number, as one frame."""
    return pl.concat([_EMPTY_LINES, *read_line_batches(path)], how="vertical")


def group_records(lines: pl.DataFrame) -> pl.DataFrame:
    """Join lines that continue a quoted field into one record starting at its first line.

    A line starts a record when the quotes before it are balanced. A file that ends inside a
    quote gives one last record that runs to the end (its field count then fails validation).
    """
    quotes = pl.col("text").str.count_matches('"', literal=True)
    starts = (quotes.cum_sum().shift(1, fill_value=0) % 2) == 0
    marked = lines.with_columns(record=starts.cast(pl.UInt32).cum_sum())
    if marked.height == 0 or marked["record"].max() == marked.height:
        return marked.select("line", "text")
    return (
        marked.group_by("record", maintain_order=True)
        .agg(pl.col("line").first(), pl.col("text").str.join("\n"))
        .select("line", "text")
    )


def split_fields(records: pl.DataFrame) -> pl.DataFrame:
    """Add ``fields`` (list of unquoted values, empty as null) and ``quoting_ok`` per record."""
    with_comma = pl.lit(",") + pl.col("text")
    raw_fields = with_comma.str.extract_all(_FIELD)
    matched_chars = raw_fields.list.eval(pl.element().str.len_chars()).list.sum()
    unquoted = raw_fields.list.eval(
        pl.element()
        .str.strip_prefix(",")
        .pipe(
            lambda v: (
                pl.when(v.str.starts_with('"'))
                .then(
                    v.str.slice(1, v.str.len_chars() - 2).str.replace_all('""', '"', literal=True)
                )
                .otherwise(pl.when(v == "").then(None).otherwise(v))
            )
        )
    )
    return records.with_columns(
        fields=unquoted,
        quoting_ok=matched_chars == with_comma.str.len_chars(),
        utf8_ok=~pl.col("text").str.contains(_REPLACEMENT_CHARACTER, literal=True),
    )


def _complete_records(lines: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split ``lines`` (starting at a record's first line) into the lines of complete records
    and those of a last record whose quoted field is still open (it continues in the next
    batch)."""
    quotes = pl.col("text").str.count_matches('"', literal=True)
    balanced_before = lines.select((quotes.cum_sum().shift(1, fill_value=0) % 2) == 0)
    total = lines.select(quotes.sum()).item() or 0
    if total % 2 == 0:
        return lines, _EMPTY_LINES
    last_start = balanced_before.to_series().arg_true()[-1]
    return lines.slice(0, last_start), lines.slice(last_start)


def stream_records(path: Path, batch_bytes: int = BATCH_BYTES) -> Iterator[pl.DataFrame]:
    """Every non-blank record of ``path`` (header included), batch by batch, as ``read_records``
    describes them. A record whose quoted field spans a batch boundary is held back and joined
    with the next batch, so records and their line numbers do not depend on the batch size."""
    open_record = _EMPTY_LINES
    for lines in read_line_batches(path, batch_bytes):
        complete, open_record = _complete_records(pl.concat([open_record, lines]))
        yield _records(complete)
    if open_record.height:
        # The file ends inside a quote: one last record that runs to the end.
        yield _records(open_record)


def _records(lines: pl.DataFrame) -> pl.DataFrame:
    records = split_fields(group_records(lines))
    return records.filter(pl.col("text").str.strip_chars() != "")


def read_record_batches(
    path: Path, batch_bytes: int = BATCH_BYTES
) -> tuple[list[str], Iterator[pl.DataFrame]]:
    """The header's column names and the data records of ``path`` in batches (see
    ``stream_records``); no header for a file without records."""
    batches = stream_records(path, batch_bytes)
    for batch in batches:
        if batch.height:
            header = [(name or "").strip().lstrip("\ufeff") for name in batch["fields"][0]]
            return header, chain([batch.slice(1)], batches)
    return [], iter(())


def read_records(path: Path) -> tuple[list[str], pl.DataFrame]:
    """The header's column names and every non-blank data record of ``path``.

    Records carry ``line`` (where the record starts), ``text`` (raw), ``fields``, ``quoting_ok``
    and ``utf8_ok``. Blank lines are not records: CSV readers skip them and so do we.
    """
    header, batches = read_record_batches(path)
    if not header:
        return [], split_fields(_EMPTY_LINES)
    return header, pl.concat(list(batches), how="vertical")
