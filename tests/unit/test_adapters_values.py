"""Export text to landing text: stated date formats, decimal commas, currencies, flags."""

from decimal import Decimal

import pytest

from pipelines.adapters.values import (
    offset_text,
    parse_decimal,
    parse_flag,
    parse_quantity,
    parse_timestamp,
    stable_id,
    strip_apostrophe,
    utc_text,
)

AMSTERDAM = "Europe/Amsterdam"


@pytest.mark.parametrize(
    ("text", "date_format", "landing"),
    [
        ("2025-10-07 09:50:26 +0200", "%Y-%m-%d %H:%M:%S %z", "2025-10-07 09:50:26 +0200"),
        ("07-10-2025 09:50", "%d-%m-%Y %H:%M", "2025-10-07 09:50:00 +0200"),
        ("12/1/2025 7:45", "%m/%d/%Y %H:%M", "2025-12-01 07:45:00 +0100"),
        # A Shopify time in another offset is kept as the same instant, in shop time.
        ("2025-10-07 03:50:26 -0400", "%Y-%m-%d %H:%M:%S %z", "2025-10-07 09:50:26 +0200"),
    ],
)
def test_timestamps_in_the_stated_format_become_shop_time_with_offset(text, date_format, landing):
    assert offset_text(parse_timestamp(text, date_format, AMSTERDAM), AMSTERDAM) == landing


def test_a_local_time_in_the_autumn_fold_is_its_first_occurrence():
    value = parse_timestamp("26-10-2025 02:30", "%d-%m-%Y %H:%M", AMSTERDAM)
    assert utc_text(value) == "2025-10-26 00:30:00"


def test_a_local_time_in_the_spring_gap_does_not_exist():
    with pytest.raises(ValueError, match="does not exist in Europe/Amsterdam"):
        parse_timestamp("30-03-2025 02:30", "%d-%m-%Y %H:%M", AMSTERDAM)


def test_a_date_in_another_format_names_the_expected_one():
    with pytest.raises(ValueError, match=r"format '%d-%m-%Y %H:%M' \(like '07-10-2025 09:05'\)"):
        parse_timestamp("2025-10-07 10:00", "%d-%m-%Y %H:%M", AMSTERDAM)


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        ("12,50", True, Decimal("12.50")),
        ("1.234,50", True, Decimal("1234.50")),
        ("€ 12,50", True, Decimal("12.50")),
        ("1,234.50", False, Decimal("1234.50")),
        ("12.50 EUR", False, Decimal("12.50")),
        ("163056", False, Decimal("163056")),
        ("-2", False, Decimal("-2")),
    ],
)
def test_amounts_with_either_decimal_separator_and_a_currency(text, decimal_comma, value):
    assert parse_decimal(text, decimal_comma) == value


def test_an_amount_that_is_no_number_says_which_separator_was_expected():
    with pytest.raises(ValueError, match="expected a number with a decimal comma, got 'N/A'"):
        parse_decimal("N/A", True)


def test_quantities_are_whole():
    assert parse_quantity("-3", False) == -3
    with pytest.raises(ValueError, match="whole quantity"):
        parse_quantity("1,5", True)


def test_flags_and_spreadsheet_apostrophes():
    assert (parse_flag("yes"), parse_flag("FALSE"), parse_flag("SUBSCRIBED")) == (True, False, True)
    with pytest.raises(ValueError, match="expected yes/no or true/false"):
        parse_flag("misschien")
    assert strip_apostrophe("'04616") == "04616"
    assert strip_apostrophe("04616") == "04616"


def test_made_up_ids_are_stable_and_do_not_reveal_the_address():
    first = stable_id("shopify", "anna@example.com")
    assert first == stable_id("shopify", "anna@example.com")
    assert first != stable_id("shopify", "bob@example.com")
    assert "anna" not in first
    assert first.startswith("shopify-")
