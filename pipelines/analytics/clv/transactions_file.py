"""Read a transactions file (CSV with or without header, or whitespace-separated like CDNOW) into
customer_id (string), purchase_date (date), net_amount (float), with errors that name the file,
the line and what was expected.

Rows are split in Python (csv module or str.split) so that every value keeps its physical line
number; the columns are then parsed vectorised by polars. Customer ids are never parsed as
numbers: CDNOW's "0001" stays "0001".
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

FORMATS = ("csv", "whitespace")


class TransactionFileError(ValueError):
    """The file cannot be read as transactions; the message says where and why."""


@dataclass(frozen=True)
class Layout:
    """How the file is laid out: ``format`` csv (``separator``) or whitespace (runs of spaces and
    tabs); ``header`` whether the first row names the columns; ``columns`` the names to use
    instead (required without a header)."""

    format: str = "csv"
    separator: str = ","
    header: bool = True
    columns: tuple[str, ...] | None = None


def read_transactions(
    path: Path,
    *,
    customer: str,
    date: str,
    amount: str,
    date_format: str = "%Y-%m-%d",
    layout: Layout = Layout(),
) -> pl.DataFrame:
    """The transactions of ``path`` as customer_id, purchase_date, net_amount (file order)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            lines, values = _columns(path, _rows(handle, layout), layout, (customer, date, amount))
    except OSError as error:
        raise TransactionFileError(f"{path}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise TransactionFileError(f"{path}: not UTF-8 text ({error.reason})") from error
    raw = pl.DataFrame(
        {"line": lines, "customer": values[0], "date": values[1], "amount": values[2]},
        schema={"line": pl.Int64, "customer": pl.String, "date": pl.String, "amount": pl.String},
    )
    parsed = raw.with_columns(
        pl.col("customer").str.strip_chars().alias("customer_id"),
        pl.col("date")
        .str.strip_chars()
        .str.strptime(pl.Date, date_format, strict=False)
        .alias("purchase_date"),
        pl.col("amount").str.strip_chars().cast(pl.Float64, strict=False).alias("net_amount"),
    )
    # (raw column, its name in the file, what it should hold, which parsed values are invalid)
    checks = [
        ("customer", customer, "a customer id", pl.col("customer_id").fill_null("") == ""),
        ("date", date, f"a date in the format {date_format}", pl.col("purchase_date").is_null()),
        (
            "amount",
            amount,
            "an amount (a number such as 12.50)",
            ~pl.col("net_amount").is_finite().fill_null(False),
        ),
    ]
    for raw_column, name, expected, invalid in checks:
        first_bad = parsed.filter(invalid).head(1)
        if first_bad.height:
            line, found = first_bad["line"][0], first_bad[raw_column][0]
            raise TransactionFileError(
                f"{path}, line {line}: expected {expected} in column '{name}', found {found!r}"
            )
    return parsed.select("customer_id", "purchase_date", "net_amount")


def _rows(handle, layout: Layout) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of every non-blank row."""
    if layout.format == "whitespace":
        for number, text in enumerate(handle, start=1):
            fields = text.split()
            if fields:
                yield number, fields
    elif layout.format == "csv":
        reader = csv.reader(handle, delimiter=layout.separator)
        for fields in reader:
            if fields and any(field.strip() for field in fields):
                # line_num is the line the record ends on; records span one line in practice.
                yield reader.line_num, fields
    else:
        raise TransactionFileError(f"unknown format {layout.format!r}; expected one of {FORMATS}")


def _columns(path, rows, layout, wanted) -> tuple[list[int], list[list[str]]]:
    """Line numbers and the values of the ``wanted`` columns, in file order."""
    names = list(layout.columns) if layout.columns else None
    if layout.header:
        first = next(rows, None)
        if first is None:
            raise TransactionFileError(f"{path}: empty file, expected a header row")
        names = names or [name.strip() for name in first[1]]
    if not names:
        raise TransactionFileError(f"{path}: without a header row the column names must be given")
    missing = [name for name in wanted if name not in names]
    if missing:
        raise TransactionFileError(
            f"{path}: no column {', '.join(map(repr, missing))}; the columns are {names}"
        )
    positions = [names.index(name) for name in wanted]
    lines: list[int] = []
    values: list[list[str]] = [[] for _ in wanted]
    for number, fields in rows:
        if len(fields) != len(names):
            raise TransactionFileError(
                f"{path}, line {number}: expected {len(names)} fields ({', '.join(names)}), "
                f"found {len(fields)}"
            )
        lines.append(number)
        for column, position in zip(values, positions, strict=True):
            column.append(fields[position])
    if not lines:
        raise TransactionFileError(f"{path}: no transactions")
    return lines, values
