"""The ``delivered_recently`` check on an ingestion asset: judged against the calendar (a pinned
date, or the day the run was made), a backfill as of the last delivery day it covers; it warns
without blocking what comes after, and tells dates and counts only."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dagster import AssetCheckSeverity, DagsterInstance, asset, materialize

from pipelines.analysis_date import AS_OF_TAG
from pipelines.ingest.partitions import BACKFILL_TAG, range_tags
from pipelines.ingest.schemas import TABLES
from pipelines.operations.freshness import (
    CHECK_NAME,
    DAGSTER_BACKFILL_TAG,
    build_delivery_check,
)
from pipelines.settings import SHOP_TIME_ZONE

ORDERS = next(t for t in TABLES if (t.source, t.name) == ("shop", "orders"))


@asset(name=ORDERS.asset_name)
def raw_orders_stand_in() -> None:
    """Stands in for the ingestion asset: the check only reads the landing folder."""


@asset(deps=[raw_orders_stand_in])
def downstream() -> None:
    """Must still run when the check warns."""


@pytest.fixture
def landing(tmp_path, monkeypatch):
    folder = tmp_path / "landing"
    (folder / "shop" / "2026-11-01").mkdir(parents=True)
    (folder / "shop" / "2026-11-01" / "orders.csv").write_text("order_id\n")
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(folder))
    for variable in ("KLANTBEELD_MAX_DELIVERY_AGE_DAYS", "KLANTBEELD_MAX_DELIVERY_AGE_DAYS_SHOP"):
        monkeypatch.delenv(variable, raising=False)
    return folder


def _run(as_of: str | None = None, tags: dict[str, str] | None = None):
    result = materialize(
        [raw_orders_stand_in, downstream, build_delivery_check(ORDERS)],
        instance=DagsterInstance.ephemeral(),
        tags={AS_OF_TAG: as_of} if as_of else tags,
        raise_on_error=False,
    )
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.check_name == CHECK_NAME
    return result, evaluation


def test_a_delivery_within_the_limit_passes_with_its_dates_as_metadata(landing):
    result, evaluation = _run("2026-11-02")
    assert result.success
    assert evaluation.passed
    assert {key: value.value for key, value in evaluation.metadata.items()} == {
        "source": "shop",
        "newest_delivery": "2026-11-01",
        "age_days": 1,
        "max_age_days": 2,
        "as_of_date": "2026-11-02",
        "deliveries": 1,
    }


def test_a_stale_source_warns_and_the_run_goes_on(landing):
    result, evaluation = _run("2026-11-10")
    assert not evaluation.passed
    assert evaluation.severity == AssetCheckSeverity.WARN
    assert evaluation.metadata["age_days"].value == 9
    assert result.success
    materialized = {
        e.event_specific_data.materialization.asset_key.to_user_string()
        for e in result.get_asset_materialization_events()
    }
    assert "downstream" in materialized
    (spec,) = build_delivery_check(ORDERS).check_specs
    assert not spec.blocking


def test_the_limit_is_read_per_source_when_the_check_runs(landing, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_MAX_DELIVERY_AGE_DAYS_SHOP", "14")
    _, evaluation = _run("2026-11-10")
    assert evaluation.passed
    assert evaluation.metadata["max_age_days"].value == 14


def test_a_malformed_limit_fails_the_run_with_a_clear_error(landing, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_MAX_DELIVERY_AGE_DAYS", "two days")
    result = materialize(
        [raw_orders_stand_in, build_delivery_check(ORDERS)],
        instance=DagsterInstance.ephemeral(),
        tags={AS_OF_TAG: "2026-11-02"},
        raise_on_error=False,
    )
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert "KLANTBEELD_MAX_DELIVERY_AGE_DAYS must be a whole number" in str(
        failure.event_specific_data.error.to_string()
    )


def test_a_live_run_is_judged_against_today_not_against_the_data(landing, monkeypatch):
    """The delivery of 2026-11-01 is weeks old on any day this test runs after 2026-11-03."""
    monkeypatch.delenv("KLANTBEELD_AS_OF_DATE", raising=False)
    today = dt.datetime.now(ZoneInfo(SHOP_TIME_ZONE)).date()
    _, evaluation = _run(tags=range_tags(dt.date(2026, 11, 1), dt.date(2026, 11, 1)))
    assert evaluation.metadata["as_of_date"].value == today.isoformat()
    assert evaluation.passed == ((today - dt.date(2026, 11, 1)).days <= 2)


@pytest.mark.parametrize("backfill_tag", [BACKFILL_TAG, DAGSTER_BACKFILL_TAG])
def test_a_backfill_is_judged_as_of_the_last_delivery_day_it_covers(
    landing, monkeypatch, backfill_tag
):
    """Re-building history (`klantbeeld backfill`, `make run` of the demo, a UI backfill) is
    not news about a feed: it is judged as of the day of its last delivery."""
    monkeypatch.delenv("KLANTBEELD_AS_OF_DATE", raising=False)
    tags = {**range_tags(dt.date(2026, 10, 1), dt.date(2026, 11, 1)), backfill_tag: "true"}
    _, evaluation = _run(tags=tags)
    assert evaluation.passed
    assert evaluation.metadata["as_of_date"].value == "2026-11-01"
    # The backfill's last day came without a delivery of orders: that still warns.
    tags = {**range_tags(dt.date(2026, 10, 1), dt.date(2026, 11, 5)), backfill_tag: "true"}
    _, evaluation = _run(tags=tags)
    assert not evaluation.passed
    assert evaluation.metadata["age_days"].value == 4
