"""Identifier normalisation and junk rules (pipelines/identity)."""

import polars as pl
import pytest

from pipelines.identity.identifiers import e164, matching_email
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
