"""The alert sensors on real (tiny) runs: a failed run becomes one JSON line in
``<DAGSTER_HOME>/logs/alerts.log`` and one POST to the webhook, naming the failed steps and their
errors without the email a library quoted; a webhook that is down loses nothing but the POST; a
run that succeeded with a stale source raises a stale-delivery alert, and a clean one none."""

import datetime as dt
import json
import logging

import pytest
from dagster import (
    DagsterInstance,
    Definitions,
    Failure,
    SkipReason,
    asset,
    build_run_status_sensor_context,
    define_asset_job,
)

from pipelines.analysis_date import AS_OF_TAG
from pipelines.ingest.schemas import TABLES
from pipelines.operations import webhook
from pipelines.operations.freshness import build_delivery_check
from pipelines.operations.notify import send_alert
from pipelines.operations.sensors import failure_alert, run_failure_alert, stale_delivery_alert
from tests.webhook_server import closed_port_url, webhook_receiver

ORDERS = next(t for t in TABLES if (t.source, t.name) == ("shop", "orders"))
STALE_AS_OF, FRESH_AS_OF = "2026-11-10", "2026-11-02"
NOW = dt.datetime(2026, 11, 23, 6, 5, tzinfo=dt.UTC)


@asset(name=ORDERS.asset_name)
def raw_orders_stand_in() -> None:
    """Stands in for the ingestion asset that the delivery check sits on."""


@asset(deps=[raw_orders_stand_in])
def parse_step() -> None:
    raise ValueError("could not parse 'Anna@Example.nl' as a date\nsecond line of detail")


@asset(deps=[raw_orders_stand_in])
def landing_step() -> None:
    raise Failure(description="shop/2026-11-01/orders.csv, line 1 (header): missing order_id.")


@asset(deps=[raw_orders_stand_in])
def fine_step() -> None:
    """Succeeds."""


def _definitions(*assets) -> Definitions:
    return Definitions(
        assets=[raw_orders_stand_in, *assets],
        asset_checks=[build_delivery_check(ORDERS)],
        jobs=[define_asset_job("daily_stand_in")],
    )


@pytest.fixture
def home(tmp_path, monkeypatch):
    landing = tmp_path / "landing" / "shop" / "2026-11-01"
    landing.mkdir(parents=True)
    (landing / "orders.csv").write_text("order_id\n")
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(tmp_path / "landing"))
    for variable in ("KLANTBEELD_ALERT_LOG", "KLANTBEELD_ALERT_WEBHOOK_URL"):
        monkeypatch.delenv(variable, raising=False)
    # Every retry still happens, without the pauses between them.
    monkeypatch.setattr(webhook, "BACKOFF_SECONDS", 0.0)
    folder = tmp_path / "dagster_home"
    folder.mkdir()
    return folder


def _run(home, definitions: Definitions, as_of: str):
    instance = DagsterInstance.from_config(str(home))
    job = definitions.resolve_job_def("daily_stand_in")
    result = job.execute_in_process(
        instance=instance, tags={AS_OF_TAG: as_of}, raise_on_error=False
    )
    event = result.get_run_success_event() if result.success else result.get_run_failure_event()
    context = build_run_status_sensor_context(
        sensor_name="test",
        dagster_event=event,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
    )
    return result, context


def _alerts(home) -> list[dict]:
    path = home / "logs" / "alerts.log"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_a_failed_run_is_one_alert_line_naming_steps_errors_and_stale_sources(home):
    result, context = _run(home, _definitions(parse_step, landing_step, fine_step), STALE_AS_OF)
    run_failure_alert(context)

    (alert,) = _alerts(home)
    assert alert["alert"] == "run_failed"
    assert (alert["job"], alert["run_id"]) == ("daily_stand_in", result.run_id)
    assert sorted(alert["failed_steps"], key=lambda s: s["step"]) == [
        {
            "step": "landing_step",
            "error": "Failure",
            "message": "shop/2026-11-01/orders.csv, line 1 (header): missing order_id.",
        },
        {
            "step": "parse_step",
            "error": "ValueError",
            "message": "could not parse '<email>' as a date",
        },
    ]
    assert alert["run_error"] is None
    assert alert["stale_deliveries"] == [
        {
            "asset": "raw_shop__orders",
            "source": "shop",
            "newest_delivery": "2026-11-01",
            "age_days": 9,
            "max_age_days": 2,
        }
    ]
    log_text = (home / "logs" / "alerts.log").read_text().lower()
    assert "anna" not in log_text
    assert "second line" not in log_text


def test_the_webhook_gets_the_same_json_as_the_alert_log(home, monkeypatch):
    _, context = _run(home, _definitions(parse_step), FRESH_AS_OF)
    with webhook_receiver() as receiver:
        monkeypatch.setenv("KLANTBEELD_ALERT_WEBHOOK_URL", receiver.url)
        run_failure_alert(context)
    assert receiver.bodies == _alerts(home)
    assert receiver.bodies[0]["stale_deliveries"] == []


def test_a_webhook_that_is_down_does_not_stop_the_sensor_or_the_alert_log(home, monkeypatch):
    _, context = _run(home, _definitions(parse_step), FRESH_AS_OF)
    monkeypatch.setenv("KLANTBEELD_ALERT_WEBHOOK_URL", closed_port_url())
    run_failure_alert(context)
    assert [a["alert"] for a in _alerts(home)] == ["run_failed"]


def test_the_alert_log_can_be_moved_by_the_environment(home, tmp_path, monkeypatch):
    elsewhere = tmp_path / "volume" / "klantbeeld-alerts.jsonl"
    monkeypatch.setenv("KLANTBEELD_ALERT_LOG", str(elsewhere))
    _, context = _run(home, _definitions(parse_step), FRESH_AS_OF)
    run_failure_alert(context)
    assert json.loads(elsewhere.read_text())["alert"] == "run_failed"
    assert _alerts(home) == []


def test_a_successful_run_with_a_stale_source_raises_a_stale_delivery_alert(home):
    result, context = _run(home, _definitions(fine_step), STALE_AS_OF)
    assert result.success
    assert stale_delivery_alert(context) is None
    (alert,) = _alerts(home)
    assert alert["alert"] == "stale_deliveries"
    assert [s["asset"] for s in alert["stale_deliveries"]] == ["raw_shop__orders"]
    assert alert["text"].endswith("not delivered recently: shop (1 table(s), newest 2026-11-01)")


def test_a_successful_run_with_fresh_sources_raises_no_alert(home):
    result, context = _run(home, _definitions(fine_step), FRESH_AS_OF)
    assert result.success
    assert isinstance(stale_delivery_alert(context), SkipReason)
    assert _alerts(home) == []


def test_the_log_line_is_the_alert_and_a_lost_post_is_logged_without_the_url(home, caplog):
    _, context = _run(home, _definitions(parse_step), FRESH_AS_OF)
    alert = failure_alert(context.for_run_failure(), NOW)
    logger = logging.getLogger("test_operations_sensors")
    url = closed_port_url()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KLANTBEELD_ALERT_WEBHOOK_URL", url)
        with caplog.at_level(logging.INFO, logger=logger.name):
            send_alert(alert, logger, home / "logs" / "alerts.log")
    error, warning = (r for r in caplog.records if r.name == logger.name)
    assert error.levelno == logging.ERROR
    assert json.loads(error.getMessage().removeprefix("klantbeeld alert ")) == alert.payload()
    assert warning.levelno == logging.WARNING
    assert "NOT posted to http://127.0.0.1 after 3 attempt(s)" in warning.getMessage()
    assert "secret-token" not in caplog.text
