"""The value scan behind the column policy: it finds the demo's own ways of typing emails and
phone numbers, and not the hex keys, decimals and dates a mart is full of."""

import duckdb
import numpy as np
import polars as pl
import pytest

from pipelines.demo.variants import email_variants, phone_formats
from pipelines.publish.personal_values import PATTERNS, Finding, scan_relation

NOT_PERSONAL = [
    "6fb214bb63f4dc6971c72fd5116612c0f8e90d24e830fe00397aef736fc8e441",
    "b54912377bee7686bd06dcd0b3ea4159",
    "6100024157280",
    "1.0612345678",
    "20.0612345678",
    "0.612345678",
    "2026-01-05 12:34:56",
    "1234",
    "Can't Lose Them",
]


def _kinds(connection: duckdb.DuckDBPyConnection, value: str) -> set[str]:
    in_duckdb = {
        kind
        for kind, pattern in PATTERNS.items()
        if connection.execute(f"select regexp_matches(?, '{pattern}')", [value]).fetchone()[0]
    }
    # The same patterns in polars (what the tests scan Parquet with) must agree.
    in_polars = {k for k, p in PATTERNS.items() if pl.Series([value]).str.contains(p)[0]}
    assert in_duckdb == in_polars, value
    return in_duckdb


@pytest.fixture(scope="module")
def connection():
    with duckdb.connect() as connection:
        yield connection


def test_every_way_the_demo_types_a_phone_number_is_found(connection):
    mobiles = pl.Series("phone", [f"06{n}" for n in range(10_000_000, 10_000_060)])
    typed = phone_formats(np.random.default_rng(1), mobiles)
    assert typed.n_unique() > 50
    for value in [*typed.to_list(), "020-1234567", "+31 (0)20 123 4567", "31612345678"]:
        assert "dutch phone" in _kinds(connection, value), value
    assert _kinds(connection, "+32 470 12 34 56") == {"international phone"}


def test_every_way_the_demo_types_an_email_is_found(connection):
    canonical = pl.Series("email", ["leon.hofman@gmail.com", "sdejong@outlook.com"] * 20)
    for value in email_variants(np.random.default_rng(1), canonical, share=1.0).to_list():
        assert _kinds(connection, value) == {"email"}, value


@pytest.mark.parametrize("value", NOT_PERSONAL)
def test_keys_numbers_and_dates_are_not_taken_for_personal_values(connection, value):
    assert _kinds(connection, value) == set()


def test_a_scan_reports_counts_per_column_never_values(connection):
    connection.execute(
        "create table t as select * from (values "
        "('anna@example.nl', 1.5, '0612345678'), ('x', 2.0, '06-12345678'), ('y', 3.0, null)"
        ") as v(contact, amount, note)"
    )
    findings = scan_relation(connection, "t", ["contact", "amount", "note"])
    assert findings == [
        Finding("t", "contact", "email", 1),
        Finding("t", "note", "dutch phone", 2),
    ]
    assert "anna" not in " ".join(str(f) for f in findings)
