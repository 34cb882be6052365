"""The value scan behind the column policy: it finds the demo's own ways of typing emails and
phone numbers, and not the hex keys, decimals and dates a mart is full of."""

import duckdb
import numpy as np
import polars as pl
import pytest

from pipelines.demo.variants import email_variants, phone_formats
from pipelines.publish.column_policy import quoted
from pipelines.publish.personal_values import (
    PATTERNS,
    TYPES_WITHOUT_PERSONAL_VALUES,
    Finding,
    scan_relation,
)

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


# Random values of the years 1000-9999 (a year of three digits or five can look like a phone
# number's digits: 0407-05-08 06), and random integers of each type with its extremes.
_RANDOM_VALUES_OF_EACH_SKIPPED_TYPE = """
    with micros as (
        select cast(random() * 284012524799000000 - 30610224000000000 as bigint) as us
        from range(200000)
    )
    select
        make_timestamp(us) as "TIMESTAMP",
        cast(make_timestamp(us) as date) as "DATE",
        cast(make_timestamp(us) as time) as "TIME",
        cast(make_timestamp(us) as timestamp_s) as "TIMESTAMP_S",
        cast(make_timestamp(us) as timestamp_ms) as "TIMESTAMP_MS",
        us % 2 = 0 as "BOOLEAN",
        cast(us % 128 as tinyint) as "TINYINT",
        cast(us % 32768 as smallint) as "SMALLINT",
        cast(us % 2147483648 as integer) as "INTEGER",
        cast(abs(us) % 256 as utinyint) as "UTINYINT",
        cast(abs(us) % 65536 as usmallint) as "USMALLINT",
        cast(abs(us) % 4294967296 as uinteger) as "UINTEGER"
    from micros
    union all
    -- the integers' extremes: the longest texts they have
    select null, null, null, null, null, null, (-128)::tinyint, (-32768)::smallint,
        (-2147483648)::integer, 255::utinyint, 65535::usmallint, 4294967295::uinteger
    union all
    select null, null, null, null, null, null, 127::tinyint, 32767::smallint,
        2147483647::integer, 0::utinyint, 0::usmallint, 3199999999::uinteger
"""


def test_the_types_the_scan_leaves_out_never_look_personal():
    with duckdb.connect() as connection:
        connection.execute(f"create table t as {_RANDOM_VALUES_OF_EACH_SKIPPED_TYPE}")
        types = dict(
            connection.execute("select column_name, column_type from (describe t)").fetchall()
        )
        assert set(types.values()) == TYPES_WITHOUT_PERSONAL_VALUES
        counts = [
            f"count(*) filter (where regexp_matches(cast({quoted(c)} as varchar), '{p}'))"
            for c in types
            for p in PATTERNS.values()
        ]
        assert set(connection.execute(f"select {', '.join(counts)} from t").fetchone()) == {0}


def test_a_scan_leaves_out_only_columns_of_those_types(connection):
    connection.execute(
        "create table typed as select 'anna@example.nl' as contact, now() as seen_at, "
        "true as flag, 31612345678 as number"
    )
    findings = scan_relation(connection, "typed", ["contact", "seen_at", "flag", "number"])
    assert [(f.column, f.kind) for f in findings] == [
        ("contact", "email"),
        ("number", "dutch phone"),
    ]
