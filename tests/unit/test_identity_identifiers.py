"""Identifier normalisation and junk rules (pipelines/identity)."""

import polars as pl
import pytest

from pipelines.identity.identifiers import e164, matching_email, parsed_phones, region
from pipelines.identity.junk import JunkRules, junk_email, junk_phone, load_junk_rules


@pytest.mark.parametrize(
    ("given", "matching"),
    [
        (" Anna@Example.nl ", "anna@example.nl"),
        ("anna+webshop@example.nl", "anna@example.nl"),
        ("j.van.dijk@gmail.com", "jvandijk@gmail.com"),
        ("J.vanDijk+promo@GoogleMail.com", "jvandijk@gmail.com"),
        # Dots matter outside Gmail.
        ("j.van.dijk@outlook.com", "j.van.dijk@outlook.com"),
        ("not-an-address", None),
        ("+tag@example.nl", None),
        (None, None),
    ],
)
def test_matching_email(given, matching):
    frame = pl.DataFrame({"email": [given]}, schema={"email": pl.String})
    assert frame.select(matching_email(pl.col("email"))).item() == matching


def test_phones_become_e164_with_the_netherlands_as_default():
    phones = pl.Series(["06-12 34 56 78", "+31 6 12345678", "0031612345678", "020 123 4567",
                        "+32 470 12 34 56", "12", None])  # fmt: skip
    assert e164(phones).to_list() == [
        "+31612345678",
        "+31612345678",
        "+31612345678",
        "+31201234567",
        "+32470123456",
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("phone", "country", "number", "kind"),
    [
        # A Belgian mobile written nationally is Belgian, not the Dutch landline of Roermond.
        ("0475 12 34 56", "BE", "+32475123456", "mobile"),
        ("0475 12 34 56", None, "+31475123456", "landline"),
        ("0486/23.45.67", "be", "+32486234567", "mobile"),
        ("0032 497 11 22 33", "BE", "+32497112233", "mobile"),
        ("09 223 45 67", "BE", "+3292234567", "landline"),
        ("0171 2345678", "DE", "+491712345678", "mobile"),
        ("030 123 45 67", "DE", "+49301234567", "landline"),
        # A country code in the number wins over the record's country.
        ("+32 470 55 66 77", "NL", "+32470556677", "mobile"),
        ("06-12 34 56 78", "NL", "+31612345678", "mobile"),
        ("030-2345678", "NL", "+31302345678", "landline"),
        # NL 088 is a company number: neither one person's mobile nor a home's line.
        ("088 776 55 00", "NL", "+31887765500", "other"),
        # A country we cannot read: the Netherlands.
        ("06-12 34 56 78", "Atlantis", "+31612345678", "mobile"),
        ("12", "BE", None, None),
    ],
)
def test_phones_are_read_in_the_records_country_with_their_kind(phone, country, number, kind):
    parsed = parsed_phones(pl.Series([phone]), pl.Series([country], dtype=pl.String))
    assert parsed.row(0) == (number, kind)


def test_countries_are_read_as_iso_codes_that_staging_made_of_any_name():
    # Names ("België") become codes in staging (tests/unit/test_country_names.py).
    assert [region(c) for c in ("BE", "be ", "de", "", None, "XX")] == [
        "BE", "BE", "DE", "NL", "NL", "NL"
    ]  # fmt: skip


def test_phones_keep_their_rows_order_when_numbers_repeat():
    phones = pl.Series(["0475 12 34 56", None, "0475 12 34 56", "+32475123456"])
    countries = pl.Series(["NL", "BE", "BE", None])
    assert parsed_phones(phones, countries)["phone_e164"].to_list() == [
        "+31475123456", None, "+32475123456", "+32475123456"
    ]  # fmt: skip


RULES = JunkRules(
    local_parts=frozenset({"test", "info"}),
    domains=frozenset({"example.com", "mijnwinkel.nl"}),
    reserved_tlds=frozenset({"example", "invalid"}),
    phones=frozenset({"+31612345678"}),
    max_accounts_per_identifier=5,
)


@pytest.mark.parametrize(
    ("email", "junk"),
    [
        ("test@gmail.com", True),
        ("info@bakkerij.nl", True),
        ("anna@example.com", True),
        ("staff@mijnwinkel.nl", True),
        ("test@stijlvolwonen.example", True),
        ("anna@gmail.com", False),
        ("testa@gmail.com", False),
        (None, False),
    ],
)
def test_junk_emails(email, junk):
    frame = pl.DataFrame({"email": [email]}, schema={"email": pl.String})
    assert frame.select(junk_email(pl.col("email"), RULES)).item() is junk


@pytest.mark.parametrize(
    ("phone", "junk"),
    [("+31612345678", True), ("+31000000000", True), ("+31999999999", True),
     ("+31638183738", False), (None, False)],
)  # fmt: skip
def test_junk_phones(phone, junk):
    frame = pl.DataFrame({"phone": [phone]}, schema={"phone": pl.String})
    assert frame.select(junk_phone(pl.col("phone"), RULES)).item() is junk


def test_the_shipped_rules_load_and_a_broken_file_names_itself(tmp_path):
    rules = load_junk_rules()
    assert "example" in rules.reserved_tlds
    assert rules.max_accounts_per_identifier >= 1
    broken = tmp_path / "junk.yml"
    broken.write_text("emails: [unclosed\n")
    with pytest.raises(ValueError, match=str(broken)):
        load_junk_rules(broken)
