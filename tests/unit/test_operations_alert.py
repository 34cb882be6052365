"""What an alert says: the step and the first line of its error without Dagster's wrapper, no
email address or phone number even when a library quoted one, and JSON that a chat webhook
shows as one line."""

import datetime as dt
import json

from dagster_shared.error import SerializableErrorInfo

from pipelines.operations.alert import (
    MAX_MESSAGE,
    Alert,
    AlertKind,
    ErrorSummary,
    StaleDelivery,
    StepFailure,
    first_line,
    redact,
)

AT = dt.datetime(2026, 11, 23, 5, 3, tzinfo=dt.UTC)


def _error(cls_name: str, message: str, cause=None) -> SerializableErrorInfo:
    return SerializableErrorInfo(message=message, stack=[], cls_name=cls_name, cause=cause)


def test_emails_and_phone_numbers_are_replaced_and_their_edges_kept():
    text = "could not parse 'Anna@Example.nl' or (06-12345678), +32 470 12 34 56 and 0031612345678"
    assert redact(text) == "could not parse '<email>' or (<phone>), <phone> and <phone>"


def test_ids_amounts_and_dates_are_not_mistaken_for_phone_numbers():
    text = "order 5999 total 1.0612345678 on 2026-11-01, run 3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert redact(text) == text


def test_only_the_first_non_empty_line_is_kept_and_cut_to_the_limit():
    assert first_line("\n  first line  \nsecond line with anna@example.nl") == "first line"
    long = first_line("x" * (MAX_MESSAGE + 50))
    assert len(long) == MAX_MESSAGE
    assert long.endswith("…")


def test_the_error_a_step_raised_is_reported_not_dagsters_wrapper():
    user = _error("ValueError", "ValueError: could not parse 'anna@example.nl'\nline two\n")
    wrapper = _error(
        "DagsterExecutionStepExecutionError",
        "dagster._core.errors.DagsterExecutionStepExecutionError: Error occurred while executing "
        'op "raw_shop__orders":\n',
        cause=user,
    )
    assert ErrorSummary.of(wrapper) == ErrorSummary("ValueError", "could not parse '<email>'")


def test_a_failure_keeps_its_description_without_the_qualified_class_name():
    failure = _error(
        "Failure",
        "dagster._core.definitions.events.Failure: shop/2026-11-01/orders.csv, line 1 (header): "
        "missing required column(s) order_id.\n",
    )
    summary = ErrorSummary.of(failure)
    assert summary.error == "Failure"
    assert summary.message.startswith("shop/2026-11-01/orders.csv, line 1 (header): missing")


def test_a_failed_run_alert_names_job_run_steps_and_errors_in_json():
    alert = Alert(
        alert=AlertKind.RUN_FAILED,
        job="klantbeeld_daily",
        run_id="3fa85f64-5717-4562-b3fc-2c963f66afa6",
        at=AT,
        failed_steps=[StepFailure("published_warehouse", "Failure", "KLANTBEELD_PSEUDONYM_KEY…")],
        stale_deliveries=[StaleDelivery("raw_social__profiles", "social", "2026-11-01", 22, 2)],
    )
    payload = json.loads(json.dumps(alert.payload()))
    assert payload["alert"] == "run_failed"
    assert payload["job"] == "klantbeeld_daily"
    assert payload["at"] == "2026-11-23T05:03:00+00:00"
    assert payload["failed_steps"] == [
        {"step": "published_warehouse", "error": "Failure", "message": "KLANTBEELD_PSEUDONYM_KEY…"}
    ]
    assert payload["run_error"] is None
    assert payload["stale_deliveries"][0]["age_days"] == 22
    assert payload["text"] == (
        "klantbeeld: run 3fa85f64 of klantbeeld_daily FAILED at published_warehouse "
        "(Failure: KLANTBEELD_PSEUDONYM_KEY…); not delivered recently: social (1 table(s), "
        "newest 2026-11-01)"
    )


def test_a_run_that_failed_before_any_step_reports_the_run_error():
    alert = Alert(
        AlertKind.RUN_FAILED,
        "klantbeeld_daily",
        "abcdef0123",
        AT,
        run_error=ErrorSummary("OSError", "x"),
    )
    assert (
        alert.text == "klantbeeld: run abcdef01 of klantbeeld_daily FAILED before any step "
        "(OSError: x)"
    )


def test_a_stale_delivery_alert_lists_the_tables_and_their_newest_delivery():
    alert = Alert(
        AlertKind.STALE_DELIVERIES,
        "klantbeeld_daily",
        "abcdef0123",
        AT,
        stale_deliveries=[
            StaleDelivery("raw_email__events", "email", "2026-11-18", 5, 2),
            StaleDelivery("raw_email__contacts", "email", "2026-11-15", 8, 2),
            StaleDelivery("raw_shop__reviews", "shop", None, None, 2),
        ],
    )
    assert alert.payload()["failed_steps"] == []
    assert alert.text == (
        "klantbeeld: run abcdef01 of klantbeeld_daily succeeded with stale deliveries; not "
        "delivered recently: email (2 table(s), newest 2026-11-18), shop (1 table(s), newest "
        "never)"
    )
