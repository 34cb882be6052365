"""One as-of date per run: the run tag wins, then KLANTBEELD_AS_OF_DATE, then the end of the data
(the newest order, in the shop's time zone), decided once and kept for every step of the run."""

import datetime as dt
from zoneinfo import ZoneInfo

import duckdb
import pytest
from dagster import AssetExecutionContext, DagsterInstance, asset, materialize

from pipelines.analysis_date import (
    AS_OF_TAG,
    BY_DATA,
    BY_RUN_DAY,
    SCHEDULED_TAG,
    analysis_date,
    decide_analysis_date,
    run_day,
)
from pipelines.data_end import data_end, data_lag_days
from pipelines.settings import SHOP_TIME_ZONE

SHOP_DDL = """
create schema staging;
create table staging.stg_shop__orders (ordered_at timestamp, is_test boolean, _delivered_on date);
create table staging.stg_email__events (occurred_at timestamp, _delivered_on date);
create table staging.stg_social__interactions (occurred_at timestamp, _delivered_on date);
"""


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    """An empty warehouse file with the three staging tables the data's end is read from."""
    path = tmp_path / "klantbeeld.duckdb"
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(path))
    monkeypatch.delenv("KLANTBEELD_AS_OF_DATE", raising=False)
    with duckdb.connect(str(path)) as db:
        db.execute(SHOP_DDL)
    return path


def _insert(path, table: str, *rows: tuple) -> None:
    with duckdb.connect(str(path)) as db:
        for row in rows:
            db.execute(f"insert into staging.{table} values ({', '.join('?' * len(row))})", row)


def _run(tags: dict[str, str], calls: int = 1):
    """Each probe step asks for the run's date (one run): what each got, and the run id."""
    seen = []

    def probe(name: str):
        @asset(name=name)
        def step(context: AssetExecutionContext) -> None:
            seen.append(decide_analysis_date(context))

        return step

    result = materialize(
        [probe(f"step_{n}") for n in range(calls)],
        instance=DagsterInstance.ephemeral(),
        tags=tags,
    )
    assert result.success
    return seen


def _as_of(tags: dict[str, str]) -> dt.date:
    seen: list[dt.date] = []

    @asset
    def probe(context: AssetExecutionContext) -> None:
        seen.append(analysis_date(context))

    assert materialize([probe], instance=DagsterInstance.ephemeral(), tags=tags).success
    return seen[0]


def test_the_run_tag_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("KLANTBEELD_AS_OF_DATE", "2026-01-15")
    assert _as_of({AS_OF_TAG: "2025-12-31", SCHEDULED_TAG: "2026-03-01T06:00:00+01:00"}) == (
        dt.date(2025, 12, 31)
    )


def test_the_environment_wins_over_the_data(warehouse, monkeypatch):
    _insert(
        warehouse, "stg_shop__orders", (dt.datetime(2026, 2, 20, 10), False, dt.date(2026, 3, 1))
    )
    monkeypatch.setenv("KLANTBEELD_AS_OF_DATE", "2026-01-15")
    assert _as_of({SCHEDULED_TAG: "2026-03-01T06:00:00+01:00"}) == dt.date(2026, 1, 15)


def test_by_default_the_day_of_the_newest_order_in_shop_time(warehouse):
    # 23:30 UTC on 30 June 2023 is already 1 July in Amsterdam (CEST, UTC+2).
    _insert(
        warehouse,
        "stg_shop__orders",
        (dt.datetime(2023, 6, 12, 9), False, dt.date(2026, 12, 5)),
        (dt.datetime(2023, 6, 30, 23, 30), False, dt.date(2026, 12, 5)),
        # A test order is not the shop's trade.
        (dt.datetime(2023, 9, 1, 12), True, dt.date(2026, 12, 5)),
    )
    # Events after the last order do not move the date while there are orders.
    _insert(warehouse, "stg_email__events", (dt.datetime(2026, 12, 4, 8), dt.date(2026, 12, 5)))
    (decided,) = _run({})
    assert decided.as_of == dt.date(2023, 7, 1)
    assert (decided.basis, decided.data_end) == (BY_DATA, dt.date(2023, 7, 1))


def test_a_scheduled_run_is_dated_by_its_data_not_by_its_scheduled_day(warehouse):
    _insert(
        warehouse,
        "stg_shop__orders",
        (dt.datetime(2026, 2, 28, 20), False, dt.date(2026, 3, 1)),
    )
    (decided,) = _run({SCHEDULED_TAG: "2026-03-01T05:00:00+00:00"})
    assert decided.as_of == dt.date(2026, 2, 28)


def test_timestamps_from_the_future_do_not_date_the_run(warehouse):
    _insert(
        warehouse,
        "stg_shop__orders",
        (dt.datetime(2026, 2, 27, 10), False, dt.date(2026, 3, 1)),
        # After the day of its own delivery: no export holds its future.
        (dt.datetime(2026, 2, 28, 10), False, dt.date(2026, 2, 27)),
        # After the run's (scheduled) day, in a delivery dated later still.
        (dt.datetime(2062, 2, 28, 10), False, dt.date(2062, 3, 1)),
    )
    (decided,) = _run({SCHEDULED_TAG: "2026-03-01T05:00:00+00:00"})
    assert decided.as_of == dt.date(2026, 2, 27)


def test_without_orders_email_and_social_events_date_the_data(warehouse):
    _insert(warehouse, "stg_email__events", (dt.datetime(2025, 5, 2, 8), dt.date(2025, 5, 3)))
    _insert(
        warehouse, "stg_social__interactions", (dt.datetime(2025, 5, 9, 8), dt.date(2025, 5, 10))
    )
    (decided,) = _run({})
    assert decided.as_of == dt.date(2025, 5, 9)


def test_with_nothing_held_the_run_day(warehouse):
    before = dt.datetime.now(ZoneInfo(SHOP_TIME_ZONE)).date()
    (decided,) = _run({})
    after = dt.datetime.now(ZoneInfo(SHOP_TIME_ZONE)).date()
    assert before <= decided.as_of <= after
    assert decided.basis == BY_RUN_DAY


def test_every_step_of_a_run_gets_the_date_decided_by_the_first(warehouse, monkeypatch):
    _insert(
        warehouse, "stg_shop__orders", (dt.datetime(2025, 1, 10, 9), False, dt.date(2025, 2, 1))
    )
    decided_by = []
    original = data_end

    def data_end_then_newer_data(db, until):
        # Between the first and the second step, newer orders reach the warehouse.
        decided_by.append(until)
        end = original(db, until)
        db.execute(
            "insert into staging.stg_shop__orders values ('2025-01-20 09:00', false, '2025-02-01')"
        )
        return end

    monkeypatch.setattr("pipelines.analysis_date.data_end", data_end_then_newer_data)
    first, second = _run({}, calls=2)
    assert first == second
    assert first.as_of == dt.date(2025, 1, 10)
    assert len(decided_by) == 1


def test_run_day_a_scheduled_run_uses_its_scheduled_day_in_shop_time(monkeypatch):
    monkeypatch.delenv("KLANTBEELD_AS_OF_DATE", raising=False)
    seen = []

    @asset
    def probe(context: AssetExecutionContext) -> None:
        seen.append(run_day(context))

    # 23:30 UTC on 28 Feb is already 1 March in Amsterdam.
    tags = {SCHEDULED_TAG: "2026-02-28T23:30:00+00:00"}
    assert materialize([probe], instance=DagsterInstance.ephemeral(), tags=tags).success
    assert seen == [dt.date(2026, 3, 1)]


def test_data_end_of_an_empty_warehouse_is_none():
    with duckdb.connect() as db:
        assert data_end(db, until=dt.date(2026, 12, 6)) is None


def test_the_lag_is_told_only_beyond_a_month():
    today = dt.date(2026, 12, 6)
    assert data_lag_days(dt.date(2026, 11, 6), today) is None
    assert data_lag_days(dt.date(2026, 10, 31), today) == 36
    assert data_lag_days(dt.date(2023, 6, 30), today) == 1255


def test_a_malformed_tag_is_a_clear_error():
    with pytest.raises(Exception, match="must be a date like 2026-10-31"):
        _as_of({AS_OF_TAG: "31-10-2026"})
