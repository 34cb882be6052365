"""One as-of date per run: the run tag wins, then KLANTBEELD_AS_OF_DATE, then the schedule's
date, then the run's creation day in the shop's time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dagster import AssetExecutionContext, DagsterInstance, asset, materialize

from pipelines.analysis_date import AS_OF_TAG, SCHEDULED_TAG, analysis_date
from pipelines.settings import SHOP_TIME_ZONE


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


def test_the_environment_wins_over_the_schedule(monkeypatch):
    monkeypatch.setenv("KLANTBEELD_AS_OF_DATE", "2026-01-15")
    assert _as_of({SCHEDULED_TAG: "2026-03-01T06:00:00+01:00"}) == dt.date(2026, 1, 15)


def test_a_scheduled_run_uses_its_scheduled_day_in_shop_time(monkeypatch):
    monkeypatch.delenv("KLANTBEELD_AS_OF_DATE", raising=False)
    # 23:30 UTC on 28 Feb is already 1 March in Amsterdam.
    assert _as_of({SCHEDULED_TAG: "2026-02-28T23:30:00+00:00"}) == dt.date(2026, 3, 1)


def test_otherwise_the_day_the_run_was_created(monkeypatch):
    monkeypatch.delenv("KLANTBEELD_AS_OF_DATE", raising=False)
    before = dt.datetime.now(ZoneInfo(SHOP_TIME_ZONE)).date()
    as_of = _as_of({})
    after = dt.datetime.now(ZoneInfo(SHOP_TIME_ZONE)).date()
    assert before <= as_of <= after


def test_a_malformed_tag_is_a_clear_error():
    with pytest.raises(Exception, match="must be a date like 2026-10-31"):
        _as_of({AS_OF_TAG: "31-10-2026"})
