"""Writing days of deliveries into the warehouse: idempotent per day, independent of the order
days are ingested in, one winner per key, and right at the size where DuckDB 2.0.0 once lost a
table created in the same transaction."""

import datetime as dt

import duckdb
import polars as pl
import pytest

from pipelines.ingest.load import QUARANTINE_SCHEMA, Delivery, TableLoad, empty_rows
from pipelines.ingest.schemas import EMAIL_EVENTS, SHOP_CUSTOMERS, Table
from pipelines.ingest.staging import StagedRows
from pipelines.ingest.warehouse_writes import write_deliveries

MONDAY, TUESDAY, WEDNESDAY = dt.date(2026, 11, 2), dt.date(2026, 11, 3), dt.date(2026, 11, 4)


def _load(table: Table, day: dt.date, keys: list[str], note: str = "") -> TableLoad:
    """A day's delivery of ``table`` with one row per key (``note`` goes in a non-key column
    to tell versions apart)."""
    template = empty_rows(table)
    key, other = (
        table.key[0],
        next(c.name for c in table.columns if c.kind == "string" and c.name != table.key[0]),
    )
    delivered = pl.DataFrame(
        {
            key: keys,
            other: [f"{note}{k}" for k in keys],
            "_delivered_on": [day] * len(keys),
            "_source_file": [f"{table.source}/{day}/{table.file_name}"] * len(keys),
            "_source_line": list(range(2, len(keys) + 2)),
        }
    )
    delivered = template.vstack(
        delivered.select(
            [
                pl.col(c).cast(t) if c in delivered.columns else pl.lit(None, dtype=t).alias(c)
                for c, t in template.schema.items()
            ]
        )
    )
    staged = StagedRows(template)
    staged.append(delivered)
    return TableLoad(
        table=table,
        delivered=staged,
        quarantine=pl.DataFrame(schema=QUARANTINE_SCHEMA),
        files=[f"{table.source}/{day}/{table.file_name}"],
        landed=len(keys),
        deliveries=[Delivery(day, f"{table.source}/{day}/{table.file_name}", len(keys), 0, 1, 1)],
    )


def _ingest(connection, load: TableLoad, day: dt.date) -> dict[str, int]:
    return write_deliveries(connection, load, [day], run_id="test")


def _raw(connection, table: Table) -> list[tuple]:
    other = next(c.name for c in table.columns if c.kind == "string" and c.name != table.key[0])
    return connection.execute(
        f'select "{table.key[0]}", "{other}", _delivered_on '
        f"from raw_{table.source}.{table.name} order by all"
    ).fetchall()


@pytest.fixture
def connection():
    with duckdb.connect(config={"threads": 2}) as connection:
        yield connection


def test_a_first_load_above_duckdbs_row_group_size_is_found_by_joins(connection):
    keys = [f"event-{n:07d}" for n in range(150_000)]
    counts = _ingest(connection, _load(EMAIL_EVENTS, MONDAY, keys), MONDAY)
    assert counts["loaded"] == 150_000
    assert connection.execute("select count(*) from raw_email.events").fetchone()[0] == 150_000


def test_the_same_day_ingested_twice_changes_nothing(connection):
    load = _load(EMAIL_EVENTS, MONDAY, ["a", "b", "c"])
    first = _ingest(connection, load, MONDAY)
    before = _raw(connection, EMAIL_EVENTS)
    second = _ingest(connection, load, MONDAY)
    assert _raw(connection, EMAIL_EVENTS) == before
    assert (
        first
        == second
        == {
            "landed": 3,
            "loaded": 3,
            "duplicates": 0,
            "conflicting": 0,
            "quarantined": 0,
            "suppressed": 0,
        }
    )
    delivered = connection.execute("select count(*) from raw_email.events__deliveries")
    assert delivered.fetchone()[0] == 3


def test_an_event_delivered_again_counts_once_and_keeps_its_first_delivery(connection):
    _ingest(connection, _load(EMAIL_EVENTS, MONDAY, ["a", "b"]), MONDAY)
    counts = _ingest(connection, _load(EMAIL_EVENTS, TUESDAY, ["b", "c"]), TUESDAY)
    assert counts["loaded"] == 1
    assert counts["duplicates"] == 1
    assert [(k, day) for k, _, day in _raw(connection, EMAIL_EVENTS)] == [
        ("a", MONDAY),
        ("b", MONDAY),
        ("c", TUESDAY),
    ]


@pytest.mark.parametrize("table", [EMAIL_EVENTS, SHOP_CUSTOMERS])
def test_the_order_days_are_ingested_in_does_not_matter(table):
    days = {
        MONDAY: _load(table, MONDAY, ["a", "b"], note="mon-"),
        TUESDAY: _load(table, TUESDAY, ["b", "c"], note="tue-"),
        WEDNESDAY: _load(table, WEDNESDAY, ["a", "c"], note="wed-"),
    }
    results = []
    for order in ([MONDAY, TUESDAY, WEDNESDAY], [WEDNESDAY, MONDAY, TUESDAY]):
        with duckdb.connect(config={"threads": 2}) as connection:
            for day in order:
                _ingest(connection, days[day], day)
            results.append(_raw(connection, table))
    assert results[0] == results[1]
    newest = {k: note for k, note, _ in results[0]}
    if table.snapshot:
        assert newest == {"a": "wed-a", "b": "tue-b", "c": "wed-c"}
    else:
        assert newest == {"a": "mon-a", "b": "mon-b", "c": "tue-c"}


def test_a_corrected_delivery_that_drops_a_record_removes_it_and_brings_back_the_older_version(
    connection,
):
    _ingest(connection, _load(SHOP_CUSTOMERS, MONDAY, ["a", "b"], note="mon-"), MONDAY)
    _ingest(connection, _load(SHOP_CUSTOMERS, TUESDAY, ["a", "x"], note="tue-"), TUESDAY)
    _ingest(connection, _load(SHOP_CUSTOMERS, TUESDAY, ["b"], note="fix-"), TUESDAY)
    assert _raw(connection, SHOP_CUSTOMERS) == [
        ("a", "mon-a", MONDAY),
        ("b", "fix-b", TUESDAY),
    ]
