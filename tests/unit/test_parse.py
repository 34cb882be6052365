"""Each column kind parses exactly its documented format and explains what it expected."""

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from pipelines.ingest.parse import parse_column
from pipelines.ingest.schemas import Column, Kind


def _parse(kind: Kind, values: list[str | None], **column_options):
    column = Column("c", kind, "test column", **column_options)
    value, error = parse_column(column, pl.col("raw"))
    out = pl.DataFrame({"raw": values}, schema={"raw": pl.String}).select(value, error)
    return out["c"].to_list(), out["_error_c"].to_list()


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Kind.INTEGER, " 42 ", 42),
        (Kind.INTEGER, "-7", -7),
        (Kind.DECIMAL, "12.50", Decimal("12.5")),
        (Kind.DECIMAL, "0.1234", Decimal("0.1234")),
        (Kind.BOOLEAN, "Yes", True),
        (Kind.BOOLEAN, "false", False),
        (Kind.DATE, "2025-10-07", dt.date(2025, 10, 7)),
        (Kind.TIMESTAMP_OFFSET, "2025-10-07 11:50:26 +0200", dt.datetime(2025, 10, 7, 9, 50, 26)),
        (Kind.TIMESTAMP_ISO, "2025-10-07T09:50:26Z", dt.datetime(2025, 10, 7, 9, 50, 26)),
        (Kind.TIMESTAMP_ISO, "2025-10-07T11:50:26+02:00", dt.datetime(2025, 10, 7, 9, 50, 26)),
        (Kind.TIMESTAMP_UTC, "2025-10-07 09:50:26", dt.datetime(2025, 10, 7, 9, 50, 26)),
        (Kind.TIMESTAMP_LOCAL, "2025-07-01 12:00:00", dt.datetime(2025, 7, 1, 10, 0, 0)),
        (Kind.TIMESTAMP_LOCAL, "2025-01-01 12:00:00", dt.datetime(2025, 1, 1, 11, 0, 0)),
        (Kind.EPOCH_SECONDS, "1700000000", dt.datetime(2023, 11, 14, 22, 13, 20)),
    ],
)
def test_valid_text_parses_to_utc_values(kind, text, expected):
    values, errors = _parse(kind, [text])
    assert values == [expected]
    assert errors == [None]


@pytest.mark.parametrize(
    ("kind", "text", "expected_in_message"),
    [
        (Kind.INTEGER, "4.5", "expected a whole number, got '4.5'"),
        (Kind.DECIMAL, "12,50", "expected a decimal number"),
        (Kind.DECIMAL, "€ 12.50", "got '€ 12.50'"),
        (Kind.DECIMAL, "1e3", "expected a decimal number"),
        (Kind.DECIMAL, "N/A", "got 'N/A'"),
        (Kind.BOOLEAN, "maybe", "expected true/false or yes/no"),
        (Kind.DATE, "07-10-2025", "expected a date YYYY-MM-DD"),
        (Kind.TIMESTAMP_OFFSET, "2025-13-45 25:61:00 +0200", "YYYY-MM-DD HH:MM:SS +HHMM"),
        (Kind.TIMESTAMP_OFFSET, "gisteren", "got 'gisteren'"),
        (Kind.TIMESTAMP_ISO, "2025-10-07 09:50:26", "ISO-8601"),
        (Kind.EPOCH_SECONDS, "1700000000000", "Unix seconds between 1990 and 2100"),
    ],
)
def test_invalid_text_is_null_with_a_reason(kind, text, expected_in_message):
    values, errors = _parse(kind, [text])
    assert values == [None]
    assert errors[0].startswith("c: expected")
    assert expected_in_message in errors[0]


def test_autumn_fold_reads_the_first_occurrence_and_offsets_disambiguate():
    local, _ = _parse(Kind.TIMESTAMP_LOCAL, ["2025-10-26 02:30:00"])
    assert local == [dt.datetime(2025, 10, 26, 0, 30)]
    with_offsets, _ = _parse(
        Kind.TIMESTAMP_OFFSET, ["2025-10-26 02:30:00 +0200", "2025-10-26 02:30:00 +0100"]
    )
    assert with_offsets[1] - with_offsets[0] == dt.timedelta(hours=1)


def test_spring_gap_time_is_rejected_as_nonexistent():
    values, errors = _parse(Kind.TIMESTAMP_LOCAL, ["2025-03-30 02:30:00"])
    assert values == [None]
    assert "does not exist in Europe/Amsterdam" in errors[0]


def test_required_and_allowed_values_are_enforced():
    _, errors = _parse(Kind.STRING, ["", "  ", "x"], required=True)
    assert errors == ["c: required value missing"] * 2 + [None]
    _, errors = _parse(Kind.STRING, ["web", "shop"], allowed=("web", "app"))
    assert errors == [None, "c: expected one of web, app, got 'shop'"]


def test_free_text_is_never_quoted_in_a_reason():
    # STRING columns (names, emails) can only fail on presence or vocabulary, and a failing
    # typed column quotes only its own non-personal value.
    _, errors = _parse(Kind.STRING, [None], required=True)
    assert errors == ["c: required value missing"]


def test_strings_are_trimmed_and_empty_is_null():
    values, errors = _parse(Kind.STRING, ["  Anna  ", "", None])
    assert values == ["Anna", None, None]
    assert errors == [None, None, None]
