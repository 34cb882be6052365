"""Typed parsing of landed text, one exact format per column kind, with a reason when it fails.

Every parser returns two expressions over a trimmed text column: the typed value (null when the
text is empty or does not parse) and an error message (null when the value is fine). Messages
name the column and the expected format, and quote the offending text only for non-personal
kinds (dates, numbers, codes), so they are safe in logs and check metadata.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pipelines.ingest.schemas import Column, Kind
from pipelines.settings import SHOP_TIME_ZONE

# Money and prices: up to 4 decimals are kept (unit prices can have more than cents); the
# warehouse rounds to cents where it sums.
DECIMAL_TYPE = pl.Decimal(18, 4)
_DECIMAL_PATTERN = r"^[+-]?\d{1,14}(\.\d{1,4})?$"
_INTEGER_PATTERN = r"^[+-]?\d{1,18}$"
_TRUE = ("true", "yes", "y", "1")
_FALSE = ("false", "no", "n", "0")
# Unix seconds outside 1990..2100 are a unit mistake (milliseconds) or garbage, not a time.
_EPOCH_RANGE = (631_152_000, 4_102_444_800)

_FORMATS = {
    Kind.DATE: "%Y-%m-%d",
    Kind.TIMESTAMP_OFFSET: "%Y-%m-%d %H:%M:%S %z",
    Kind.TIMESTAMP_ISO: "%Y-%m-%dT%H:%M:%S%.f%#z",
    Kind.TIMESTAMP_UTC: "%Y-%m-%d %H:%M:%S",
    Kind.TIMESTAMP_LOCAL: "%Y-%m-%d %H:%M:%S",
}
_EXPECTED = {
    Kind.INTEGER: "a whole number",
    Kind.DECIMAL: "a decimal number like 12.50 (dot as decimal point, no currency sign)",
    Kind.BOOLEAN: "true/false or yes/no",
    Kind.DATE: "a date YYYY-MM-DD",
    Kind.TIMESTAMP_OFFSET: "a timestamp YYYY-MM-DD HH:MM:SS +HHMM",
    Kind.TIMESTAMP_ISO: "an ISO-8601 timestamp with zone, like 2025-10-07T09:50:26Z",
    Kind.TIMESTAMP_UTC: "a timestamp YYYY-MM-DD HH:MM:SS (UTC)",
    Kind.TIMESTAMP_LOCAL: f"a timestamp YYYY-MM-DD HH:MM:SS ({SHOP_TIME_ZONE} time)",
    Kind.EPOCH_SECONDS: "Unix seconds between 1990 and 2100",
}
# Kinds whose text may be quoted in an error message: none of them carries personal data.
_QUOTABLE = frozenset(_EXPECTED)
_MAX_QUOTED = 40

Parsed = tuple[pl.Expr, pl.Expr]


def _to_utc_naive(value: pl.Expr) -> pl.Expr:
    """Warehouse timestamps are naive and mean UTC (portable to engines without zone types)."""
    return value.dt.convert_time_zone("UTC").dt.replace_time_zone(None)


def _parse_kind(text: pl.Expr, kind: Kind) -> pl.Expr:
    match kind:
        case Kind.STRING:
            return text
        case Kind.INTEGER:
            return pl.when(text.str.contains(_INTEGER_PATTERN)).then(
                text.str.strip_prefix("+").cast(pl.Int64, strict=False)
            )
        case Kind.DECIMAL:
            return pl.when(text.str.contains(_DECIMAL_PATTERN)).then(
                text.str.strip_prefix("+").cast(DECIMAL_TYPE, strict=False)
            )
        case Kind.BOOLEAN:
            lowered = text.str.to_lowercase()
            return (
                pl.when(lowered.is_in(_TRUE))
                .then(pl.lit(True))
                .when(lowered.is_in(_FALSE))
                .then(pl.lit(False))
            )
        case Kind.DATE:
            return text.str.to_date(_FORMATS[kind], strict=False)
        case Kind.TIMESTAMP_OFFSET | Kind.TIMESTAMP_ISO:
            parsed = text.str.to_datetime(_FORMATS[kind], strict=False, time_zone="UTC")
            return _to_utc_naive(parsed)
        case Kind.TIMESTAMP_UTC:
            return text.str.to_datetime(_FORMATS[kind], strict=False)
        case Kind.TIMESTAMP_LOCAL:
            wall_clock = text.str.to_datetime(_FORMATS[kind], strict=False)
            # Autumn fold: the first (summer-time) occurrence. Spring gap: null, quarantined.
            local = wall_clock.dt.replace_time_zone(
                SHOP_TIME_ZONE, ambiguous="earliest", non_existent="null"
            )
            return _to_utc_naive(local)
        case Kind.EPOCH_SECONDS:
            seconds = pl.when(text.str.contains(r"^\d{1,12}$")).then(
                text.cast(pl.Int64, strict=False)
            )
            in_range = seconds.is_between(*_EPOCH_RANGE)
            return pl.when(in_range).then(pl.from_epoch(seconds, time_unit="s"))
    raise ValueError(f"unknown column kind {kind}")


def _problem(column: Column, text: pl.Expr) -> pl.Expr:
    if column.kind == Kind.TIMESTAMP_LOCAL:
        in_gap = text.str.to_datetime(_FORMATS[column.kind], strict=False).is_not_null()
        gap_note = pl.when(in_gap).then(
            pl.lit(f" (this wall-clock time does not exist in {SHOP_TIME_ZONE}: DST gap)")
        )
    else:
        gap_note = pl.lit(None, dtype=pl.String)
    quoted = (
        pl.lit(", got '") + text.str.slice(0, _MAX_QUOTED) + pl.lit("'")
        if column.kind in _QUOTABLE
        else pl.lit("")
    )
    return pl.concat_str(
        pl.lit(f"{column.name}: expected {_EXPECTED[column.kind]}"),
        quoted,
        gap_note.fill_null(""),
    )


def parse_column(column: Column, raw: pl.Expr) -> Parsed:
    """Typed value and error message for one landed column (``raw`` is the untrimmed text)."""
    text = raw.str.strip_chars()
    text = pl.when(text != "").then(text)
    value = _parse_kind(text, column.kind)
    conditions: list[tuple[pl.Expr, pl.Expr]] = []
    if column.required:
        conditions.append((text.is_null(), pl.lit(f"{column.name}: required value missing")))
    if column.kind != Kind.STRING:
        conditions.append((text.is_not_null() & value.is_null(), _problem(column, text)))
    if column.allowed is not None:
        allowed = ", ".join(column.allowed)
        conditions.append(
            (
                text.is_not_null() & ~text.is_in(column.allowed),
                pl.lit(f"{column.name}: expected one of {allowed}, got '")
                + text.str.slice(0, _MAX_QUOTED)
                + pl.lit("'"),
            )
        )
    return value.alias(column.name), _first_error(conditions).alias(f"_error_{column.name}")


def _first_error(conditions: list[tuple[pl.Expr, pl.Expr]]) -> pl.Expr:
    error = pl.lit(None, dtype=pl.String)
    for failed, message in reversed(conditions):
        error = pl.when(failed).then(message).otherwise(error)
    return error


def polars_type(kind: Kind) -> pl.DataType:
    types: dict[Kind, Callable[[], pl.DataType]] = {
        Kind.STRING: pl.String,
        Kind.INTEGER: pl.Int64,
        Kind.DECIMAL: lambda: DECIMAL_TYPE,
        Kind.BOOLEAN: pl.Boolean,
        Kind.DATE: pl.Date,
    }
    return types.get(kind, lambda: pl.Datetime("us"))()
