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

from pathlib import Path

import polars as pl

# The whole line is one column: a unit separator never occurs in text exports, and no quoting.
_LINE_SEPARATOR = "\x1f"
# One RFC 4180 field, anchored by the comma before it (every line gets a leading comma, so an
# empty first field is a real match instead of an empty match the regex engine would skip).
_FIELD = r',("(?:[^"]|"")*"|[^,"]*)'
_REPLACEMENT_CHARACTER = "\ufffd"


def read_lines(path: Path) -> pl.DataFrame:
    """Every physical line of ``path`` with its 1-based line number; invalid UTF-8 kept visible."""
    if path.stat().st_size == 0:
        return pl.DataFrame(schema={"line": pl.UInt32, "text": pl.String})
    lines = pl.read_csv(
        path,
        has_header=False,
        separator=_LINE_SEPARATOR,
        quote_char=None,
        schema={"text": pl.String},
        encoding="utf8-lossy",
        truncate_ragged_lines=True,
    )
    return lines.with_row_index("line", offset=1).with_columns(
        pl.col("text").fill_null("").str.strip_suffix("\r")
    )


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


def read_records(path: Path) -> tuple[list[str], pl.DataFrame]:
    """The header's column names and every non-blank data record of ``path``.

    Records carry ``line`` (where the record starts), ``text`` (raw), ``fields``, ``quoting_ok``
    and ``utf8_ok``. Blank lines are not records: CSV readers skip them and so do we.
    """
    records = split_fields(group_records(read_lines(path)))
    records = records.filter(pl.col("text").str.strip_chars() != "")
    if records.height == 0:
        return [], records
    header = [(name or "").strip().lstrip("\ufeff") for name in records["fields"][0]]
    return header, records.slice(1)
