"""Turn export text into landing text: timestamps in a stated format, decimals with a comma or a
point, yes/no flags, and spreadsheet apostrophes. Each parser raises ``ValueError`` with what it
expected, quoting the text only for dates and numbers (never personal values)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

LANDING_OFFSET_FORMAT = "%Y-%m-%d %H:%M:%S %z"
LANDING_UTC_FORMAT = "%Y-%m-%d %H:%M:%S"
_TRUE = {"true", "yes", "y", "1", "subscribed"}
_FALSE = {"false", "no", "n", "0", "unsubscribed", "never_subscribed"}
# Currency signs and ISO codes that exports put beside an amount ("€ 12,50", "12.50 EUR").
_CURRENCY_AROUND = re.compile(r"^\s*(?:[€$£]|[A-Z]{3})?\s*(.*?)\s*(?:[€$£]|[A-Z]{3})?\s*$")
_MAX_QUOTED = 40


def _quoted(text: str) -> str:
    return repr(text[:_MAX_QUOTED])


def strip_apostrophe(text: str) -> str:
    """Shopify prefixes number-like cells with ' so spreadsheets keep them as text."""
    return text[1:] if text.startswith("'") else text


def parse_timestamp(text: str, date_format: str, time_zone: str) -> dt.datetime:
    """A time in the stated strftime format; a time without offset is read in ``time_zone``:
    in the autumn fold its first occurrence, in the spring gap it does not exist (an error)."""
    try:
        value = dt.datetime.strptime(text.strip(), date_format)
    except ValueError:
        example = dt.datetime(2025, 10, 7, 9, 5, 26, tzinfo=dt.UTC).strftime(date_format)
        raise ValueError(
            f"expected a date in the format {date_format!r} (like {example!r}), got {_quoted(text)}"
        ) from None
    if value.tzinfo is not None:
        return value
    zone = ZoneInfo(time_zone)
    local = value.replace(tzinfo=zone, fold=0)
    if local.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise ValueError(f"{_quoted(text)} does not exist in {time_zone} (clocks went forward)")
    return local


def offset_text(value: dt.datetime, time_zone: str) -> str:
    """Landing's timestamp+offset: the shop's local time with its UTC offset."""
    return value.astimezone(ZoneInfo(time_zone)).strftime(LANDING_OFFSET_FORMAT)


def utc_text(value: dt.datetime) -> str:
    """Landing's UTC timestamp without a zone (email contacts)."""
    return value.astimezone(dt.UTC).strftime(LANDING_UTC_FORMAT)


def iso_text(value: dt.datetime) -> str:
    """Landing's ISO-8601 timestamp (email events and campaigns)."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_decimal(text: str, decimal_comma: bool) -> Decimal:
    """An amount: optional currency sign or code, thousands separators, and a decimal comma
    when the config says so (``1.234,50``), else a decimal point (``1,234.50``)."""
    core = _CURRENCY_AROUND.match(text).group(1).replace(" ", "")
    core = core.replace(".", "").replace(",", ".") if decimal_comma else core.replace(",", "")
    try:
        value = Decimal(core)
    except InvalidOperation:
        separator = "a decimal comma" if decimal_comma else "a decimal point"
        raise ValueError(f"expected a number with {separator}, got {_quoted(text)}") from None
    if not value.is_finite():
        raise ValueError(f"expected a number, got {_quoted(text)}")
    return value


def decimal_text(value: Decimal) -> str:
    return f"{value:.2f}"


def parse_quantity(text: str, decimal_comma: bool) -> int:
    value = parse_decimal(text, decimal_comma)
    if value != value.to_integral_value():
        raise ValueError(f"expected a whole quantity, got {_quoted(text)}")
    return int(value)


def parse_flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"expected yes/no or true/false, got {_quoted(text)}")


def stable_id(prefix: str, *parts: str) -> str:
    """A made-up id that is the same on every run for the same parts and reveals none of them
    (some parts are email addresses, and ids end up in check metadata)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    return f"{prefix}-{digest}"
