"""Gates on small shops: a proportional expectation (``mostly``) fails only when its bad rows are
more than chance at the tolerated share explains, and persons sharing an identifier fail the
identity gate only when the identifier was allowed to link them (docs/analytics.md#small-shops)."""

import json
from math import comb

import pandas as pd
import polars as pl
import pytest

from pipelines.identity.shared_identifiers import identifiers_on_several_persons
from pipelines.quality.gx_suites import load_suite, validate, within_tolerance


def _tail(rows: int, bad: int, share: float) -> float:
    """P(at least ``bad`` of ``rows``) at ``share``, summed by hand."""
    return sum(comb(rows, k) * share**k * (1 - share) ** (rows - k) for k in range(bad, rows + 1))


@pytest.mark.parametrize(
    ("rows", "bad"), [(50, 1), (50, 2), (50, 3), (50, 4), (6, 1), (6, 2), (400, 9), (400, 10)]
)
def test_mostly_tolerates_what_chance_gives(rows, bad):
    assert within_tolerance(0.99, rows, bad) == (
        bad <= 0.01 * rows or _tail(rows, bad, 0.01) >= 0.01
    )


def test_mostly_on_50_rows_and_on_large_tables():
    # One bad row of 50 is 2 %: GX's plain `mostly: 0.99` fails it, we do not.
    assert within_tolerance(0.99, 50, 1)
    assert within_tolerance(0.99, 50, 3)
    assert not within_tolerance(0.99, 50, 4)
    # On a large table the rule is the tolerance itself, within a few hundredths of a percent.
    assert within_tolerance(0.99, 1_000_000, 10_000)
    assert not within_tolerance(0.99, 1_000_000, 10_300)
    assert within_tolerance(0.99, 0, 0)


def _customers(emails: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [f"p{i}" for i in range(len(emails))], "email": emails})


def test_the_customer_360_suite_passes_a_small_shop_with_one_typo_and_shared_role_addresses():
    """50 persons: three on one role address (not merged, by the junk rule), one typo'd address.
    The suite's email-uniqueness expectation is gone; the address check tolerates one typo."""
    suite = load_suite("customer_360")
    assert not [
        e
        for e in suite["expectations"]
        if e["type"] == "expect_column_values_to_be_unique" and e["kwargs"]["column"] == "email"
    ]
    emails = [f"klant{i}@example.nl" for i in range(46)] + ["info@dehoek.nl"] * 3 + ["m.bos@gmail"]
    regex = next(e for e in suite["expectations"] if e["type"].endswith("match_regex"))
    small_suite = {"name": "emails", "expectations": [regex]}
    assert validate(_customers(emails), small_suite)["success"]
    typos = [*emails[:46], "a@b", "c@d", "e@f", "g@h"]
    outcome = validate(_customers(typos), small_suite)
    assert not outcome["success"]
    assert outcome["failed"][0]["unexpected_count"] == 4
    assert outcome["statistics"]["unsuccessful_expectations"] == 1
    assert "a@b" not in json.dumps(outcome)


def _records(rows: list[tuple[str, str, str, str | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema=dict.fromkeys(
            ["record_type", "record_id", "customer_id", "matching_email", "phone_e164"], pl.String
        ),
        orient="row",
    )


def test_role_addresses_on_several_persons_are_the_rule_not_a_bug():
    records = _records(
        [
            ("shop_customer", "1045", "p45", "info@dehoek.nl", None),
            ("shop_customer", "1046", "p46", "info@dehoek.nl", None),
            ("shop_customer", "1047", "p47", "info@dehoek.nl", None),
            ("shop_order", "5050", "p50", "info@fietsclub.nl", None),
            ("email_contact", "c12", "p49", "info@fietsclub.nl", None),
        ]
    )
    assert identifiers_on_several_persons(records) == (0, 2)


def test_an_address_on_more_accounts_than_allowed_is_shared_not_a_bug():
    """junk_identifiers.yml allows 5 accounts per identifier: six family accounts on one
    address stay six persons."""
    records = _records(
        [("shop_customer", f"{i}", f"p{i}", "familie@thuis.nl", None) for i in range(6)]
    )
    assert identifiers_on_several_persons(records) == (0, 1)


def test_a_linking_address_or_phone_on_two_persons_is_an_identity_bug():
    records = _records(
        [
            ("shop_customer", "1", "p1", "jan@thuis.nl", "+31612345670"),
            ("email_contact", "c1", "p2", "jan@thuis.nl", None),
            ("shop_customer", "2", "p3", "els@thuis.nl", "+31612345670"),
        ]
    )
    assert identifiers_on_several_persons(records) == (2, 2)


def _named(rows: list[tuple[str, str, str, str, str, str]]) -> pl.DataFrame:
    columns = ["record_type", "record_id", "customer_id", "matching_email", "first_name"]
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String), orient="row").with_columns(
        phone_e164=pl.lit(None, pl.String), last_name=pl.lit("Jansen")
    )


def test_a_family_address_given_by_different_first_names_links_nobody_so_is_no_bug():
    """The graph does not link records whose first names conflict (identity/evidence.py): the
    gate judges the same way, from the names on the records."""
    records = _named(
        [
            ("shop_customer", "1", "p1", "fam.jansen@thuis.nl", "Pieter"),
            ("shop_customer", "2", "p2", "fam.jansen@thuis.nl", "Els"),
        ]
    )
    assert identifiers_on_several_persons(records) == (0, 1)


def test_a_partners_address_on_an_order_from_another_account_joins_nobody():
    """Els typed Pieter's address at checkout while logged in as herself: the order stays
    hers, the address joins only Pieter's own account."""
    records = _named(
        [
            ("shop_customer", "1", "p1", "pieter@thuis.nl", "Pieter"),
            ("shop_order_of_account", "2", "p2", "pieter@thuis.nl", "Els"),
        ]
    )
    assert identifiers_on_several_persons(records) == (0, 1)


def test_the_same_first_name_on_two_persons_sharing_an_address_is_a_bug():
    records = _named(
        [
            ("shop_customer", "1", "p1", "pieter@thuis.nl", "Pieter"),
            ("email_contact", "c1", "p2", "pieter@thuis.nl", "Pieter"),
        ]
    )
    assert identifiers_on_several_persons(records) == (1, 1)
