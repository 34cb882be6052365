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

# The whole line is one column: the reader is given, as its separator, a byte the block does not
# hold, and no quoting. A separator found in the text would cut the line short without a word (a
# 0x1F in a last field once did): so the byte is chosen per block, among control bytes text
# exports should not hold, and a record that holds one anyway is quarantined by ingestion.
_SEPARATOR_CANDIDATES = bytes([0x1F, 0x1E, 0x1D, 0x1C, *range(0x01, 0x09), 0x0B, 0x0C, 0x7F])
# One RFC 4180 field, anchored by the comma before it (every line gets a leading comma, so an
# empty first field is a real match instead of an empty match the regex engine would skip).
_FIELD = r',("(?:[^"]|"")*"|[^,"]*)'
_REPLACEMENT_CHARACTER = "\ufffd"
# About 32 MiB of a file at a time: ~300,000 lines of an events export, a few hundred MB of
# polars frames while they are split and parsed, however large the file is.
BATCH_BYTES = 32 * 2**20
# The most physical lines one record may span. A quoted field may hold line breaks (a review's
# paragraphs), but a quote that is never closed would otherwise join the rest of the file into one
# record: every later row lost to quarantine, and the whole remainder held in memory. A quote still
# open after this many lines is taken for a stray one: its line becomes a record of its own
# (quarantined as unterminated) and reading resumes at the next line.
MAX_RECORD_LINES = 100
_EMPTY_LINES = pl.DataFrame(schema={"line": pl.UInt32, "text": pl.String, "utf8_ok": pl.Boolean})


def _lines_of(block: bytes, first_line: int) -> pl.DataFrame:
    """Every physical line of ``block`` (whole lines of a file, line ends made LF by
    ``_universal_newlines``) numbered from ``first_line``, with ``utf8_ok``: whether the line's
    bytes are valid UTF-8 (invalid bytes read as U+FFFD; a U+FFFD the file really holds is
    valid)."""
    separator = next((chr(b) for b in _SEPARATOR_CANDIDATES if bytes([b]) not in block), None)
    if separator is None:
        # Every candidate byte occurs: a binary file, not an export. Split without polars.
        text = block.decode("utf-8", errors="replace").split("\n")[: block.count(b"\n")]
        lines = pl.DataFrame({"text": text}, schema={"text": pl.String})
    else:
        lines = pl.read_csv(
            io.BytesIO(block),
            has_header=False,
            separator=separator,
            quote_char=None,
            schema={"text": pl.String},
            encoding="utf8-lossy",
            truncate_ragged_lines=True,
        )
    lines = lines.with_row_index("line", offset=first_line).with_columns(
        pl.col("text").fill_null("")
    )
    return lines.with_columns(utf8_ok=_valid_utf8(block, lines))


def _valid_utf8(block: bytes, lines: pl.DataFrame) -> pl.Series:
    """Per line of ``block``: its bytes are valid UTF-8. Only lines holding U+FFFD after the
    lossy read are checked byte by byte, and only when the block as a whole is not valid."""
    valid = pl.Series("utf8_ok", [True] * lines.height, dtype=pl.Boolean)
    try:
        block.decode("utf-8")
        return valid
    except UnicodeDecodeError:
        pass
    suspects = lines.with_row_index("row").filter(
        pl.col("text").str.contains(_REPLACEMENT_CHARACTER, literal=True)
    )["row"]
    raw_lines = block.split(b"\n")
    for row in suspects:
        try:
            raw_lines[row].decode("utf-8")
        except UnicodeDecodeError:
            valid[row] = False
    return valid


def _universal_newlines(data: bytes) -> bytes:
    """CRLF and a lone CR (old Mac exports, some Excel versions) as LF, as Python's universal
    newlines and its csv module read them: a CR-only file is lines, not one header line."""
    if b"\r" not in data:
        return data
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def read_line_batches(path: Path, batch_bytes: int = BATCH_BYTES) -> Iterator[pl.DataFrame]:
    """The physical lines of ``path`` with their 1-based line numbers, in batches of whole lines
    of about ``batch_bytes`` each (a line longer than that is one batch of its own); invalid
    UTF-8 kept visible. A line ends at LF, CRLF or a lone CR. Memory stays bounded by the batch,
    not the file."""
    first_line = 1
    with path.open("rb") as file:
        rest = b""
        while chunk := file.read(batch_bytes):
            data = rest + chunk
            # A CR that ends the chunk may be half of a CRLF: it waits for the next chunk.
            pending_cr = b"\r" if data.endswith(b"\r") else b""
            data = _universal_newlines(data[: len(data) - len(pending_cr)])
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest = data + pending_cr
                continue
            block, rest = data[:cut], data[cut:] + pending_cr
            lines = _lines_of(block, first_line)
            first_line += lines.height
            yield lines
        if rest:
            yield _lines_of(_universal_newlines(rest), first_line)


def read_lines(path: Path) -> pl.DataFrame:
    """Every physical line of ``path`` with its 1-based line number, as one frame."""
    return pl.concat([_EMPTY_LINES, *read_line_batches(path)], how="vertical")


def _marked(lines: pl.DataFrame) -> pl.DataFrame:
    """``lines`` (starting at a record's first line) with ``open``, whether a quote is open
    after the line, and ``record``, numbered from 1: a line starts a record when no quote is
    open before it. The one pass over the quotes that grouping and holding back both read."""
    counted = lines.with_columns(
        open=(pl.col("text").str.count_matches('"', literal=True).cum_sum() % 2) == 1
    )
    starts = ~pl.col("open").shift(1, fill_value=False)
    return counted.with_columns(record=starts.cast(pl.UInt32).cum_sum())


def group_records(marked: pl.DataFrame) -> pl.DataFrame:
    """Join the lines of each record of ``marked`` (``_marked``, ending where a record does:
    ``stream_records`` holds back one still open) into one record at its first line."""
    if marked.height == 0 or marked["record"].max() == marked.height:
        return marked.select("line", "text", "utf8_ok")
    return (
        marked.group_by("record", maintain_order=True)
        .agg(pl.col("line").first(), pl.col("text").str.join("\n"), pl.col("utf8_ok").all())
        .select("line", "text", "utf8_ok")
    )


def _first_overlong(marked: pl.DataFrame, max_record_lines: int) -> int | None:
    """The row in ``marked`` (``_marked``) where the first record spanning more than
    ``max_record_lines`` lines starts, if any."""
    if marked.height == 0 or marked["record"].max() == marked.height:
        return None
    spans = (
        marked.with_row_index("row")
        .group_by("record", maintain_order=True)
        .agg(pl.col("row").first(), pl.len().alias("span"))
    )
    overlong = spans.filter(pl.col("span") > max_record_lines)
    return int(overlong["row"][0]) if overlong.height else None


def split_fields(records: pl.DataFrame) -> pl.DataFrame:
    """Add ``fields`` (list of unquoted values, empty as null) and ``quoting_ok`` per record
    (``utf8_ok`` comes with the lines: ``_lines_of``)."""
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
    )


def _complete_records(lines: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split ``lines`` (starting at a record's first line) into the complete records, marked
    (``_marked``), and the lines of a last record whose quoted field is still open (it
    continues in the next batch)."""
    marked = _marked(lines)
    if marked.height == 0 or not marked["open"][-1]:
        return marked, _EMPTY_LINES
    last_start = marked["record"].search_sorted(marked["record"][-1], side="left")
    return marked.slice(0, last_start), lines.slice(last_start)


def _can_wait(open_record: pl.DataFrame, max_record_lines: int, at_end: bool) -> bool:
    """Whether the record still open, if any, may wait for the next batch to close it."""
    return not open_record.height or (open_record.height <= max_record_lines and not at_end)


def stream_records(
    path: Path, batch_bytes: int = BATCH_BYTES, max_record_lines: int = MAX_RECORD_LINES
) -> Iterator[pl.DataFrame]:
    """Every non-blank record of ``path`` (header included), batch by batch, as ``read_records``
    describes them. A record whose quoted field spans a batch boundary is held back and joined
    with the next batch, so records and their line numbers do not depend on the batch size.

    A quote that does not close within ``max_record_lines`` lines, or before the file ends, is a
    stray: its line alone is a record with ``unterminated`` set, and the lines after it are read
    again as records of their own. So at most that many lines are ever held back."""
    held = _EMPTY_LINES
    for lines in read_line_batches(path, batch_bytes):
        records, held = _settle(pl.concat([held, lines]), max_record_lines, at_end=False)
        # One frame per batch, however many strays split it: each is staged as a file.
        yield pl.concat(records, how="vertical")
    if held.height:
        records, _ = _settle(held, max_record_lines, at_end=True)
        yield pl.concat(records, how="vertical")


def _settle(
    lines: pl.DataFrame, max_record_lines: int, at_end: bool
) -> tuple[list[pl.DataFrame], pl.DataFrame]:
    """The records of ``lines`` (which start at a record) that are settled, and the lines of a
    last record that may still close in the next batch (none ``at_end``)."""
    complete, open_record = _complete_records(lines)
    if _first_overlong(complete, max_record_lines) is None and _can_wait(
        open_record, max_record_lines, at_end
    ):
        return [_records(complete)], open_record
    # A stray quote. Each one read past means reading the lines after it again, so that happens a
    # window at a time: a file full of stray quotes costs a window per stray, not a batch.
    window = 8 * (max_record_lines + 1)
    settled, held = [], _EMPTY_LINES
    for first in range(0, lines.height, window):
        last = first + window >= lines.height
        records, held = _read_past_strays(
            pl.concat([held, lines.slice(first, window)]), max_record_lines, at_end and last
        )
        settled += records
    return settled, held


def _read_past_strays(
    lines: pl.DataFrame, max_record_lines: int, at_end: bool
) -> tuple[list[pl.DataFrame], pl.DataFrame]:
    """``_settle`` for lines with a stray quote: each stray's line is a record of its own, the
    lines after it are records read afresh."""
    settled = []
    while lines.height:
        complete, open_record = _complete_records(lines)
        stray = _first_overlong(complete, max_record_lines)
        if stray is None:
            settled.append(_records(complete))
            if _can_wait(open_record, max_record_lines, at_end):
                return settled, open_record
            stray, lines, complete = 0, open_record, _marked(open_record)
        settled.append(_records(complete.slice(0, stray)))
        settled.append(_records(_marked(lines.slice(stray, 1)), unterminated=True))
        lines = lines.slice(stray + 1)
    return settled, _EMPTY_LINES


def _records(marked: pl.DataFrame, unterminated: bool = False) -> pl.DataFrame:
    records = split_fields(group_records(marked)).with_columns(unterminated=pl.lit(unterminated))
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

    Records carry ``line`` (where the record starts), ``text`` (raw), ``fields``, ``quoting_ok``,
    ``utf8_ok`` and ``unterminated`` (a stray quote's line, see ``stream_records``). Blank lines
    are not records: CSV readers skip them and so do we.
    """
    header, batches = read_record_batches(path)
    if not header:
        return [], _records(_marked(_EMPTY_LINES))
    return header, pl.concat(list(batches), how="vertical")
