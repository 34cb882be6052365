"""Two sensors that turn finished runs into alerts (notify.py says where they go):

- ``klantbeeld_run_failure_alert``: any run that fails;
- ``klantbeeld_stale_delivery_alert``: a run that succeeded although a ``delivered_recently``
  check warned, so a source that stopped delivering is not only a yellow mark in the UI.

Both watch every run of the Dagster instance (``monitor_all_code_locations``): a run started by
``klantbeeld run`` (e.g. from cron) executes in-process and carries no code-location origin, so a
sensor limited to its own code location would never see it fail. The instance is klantbeeld's own
(DAGSTER_HOME), so "every run" is the daily job, runs launched in the UI and the CLI's runs.

Both start RUNNING and need the Dagster daemon (``make dev`` starts one). Each run is alerted on
once: Dagster's run-status cursor moves past it whether or not the webhook answered.
"""

from __future__ import annotations

import datetime as dt

from dagster import (
    DagsterEventType,
    DagsterInstance,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunStatusSensorContext,
    SkipReason,
    run_failure_sensor,
    run_status_sensor,
)

from pipelines.operations.alert import Alert, AlertKind, ErrorSummary, StaleDelivery, StepFailure
from pipelines.operations.freshness import CHECK_NAME
from pipelines.operations.notify import alert_log_path, send_alert


def stale_deliveries(instance: DagsterInstance, run_id: str) -> list[StaleDelivery]:
    """The ``delivered_recently`` checks that did not pass in this run."""
    records = instance.get_records_for_run(
        run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    stale = []
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        if evaluation.check_name != CHECK_NAME or evaluation.passed:
            continue
        metadata = {key: value.value for key, value in evaluation.metadata.items()}
        stale.append(
            StaleDelivery(
                asset=evaluation.asset_key.to_user_string(),
                # A check written before "source" was in its metadata: the asset names it.
                source=metadata.get("source") or evaluation.asset_key.to_user_string(),
                newest_delivery=metadata.get("newest_delivery"),
                age_days=metadata.get("age_days"),
                max_age_days=metadata.get("max_age_days"),
            )
        )
    return sorted(stale, key=lambda s: s.asset)


def failure_alert(context: RunFailureSensorContext, now: dt.datetime) -> Alert:
    run = context.dagster_run
    steps = [
        StepFailure(event.step_key, *_summary_fields(event.event_specific_data.error))
        for event in context.get_step_failure_events()
    ]
    run_error = getattr(context.failure_event.event_specific_data, "error", None)
    return Alert(
        alert=AlertKind.RUN_FAILED,
        job=run.job_name,
        run_id=run.run_id,
        at=now,
        failed_steps=steps,
        # Only when no step failed (the run could not start, or its process died): otherwise
        # the run error repeats the first step's.
        run_error=ErrorSummary.of(run_error) if run_error and not steps else None,
        stale_deliveries=stale_deliveries(context.instance, run.run_id),
    )


def _summary_fields(error) -> tuple[str, str]:
    if error is None:
        return ("Error", "")
    summary = ErrorSummary.of(error)
    return (summary.error, summary.message)


@run_failure_sensor(
    name="klantbeeld_run_failure_alert",
    description="Writes an alert (log line, alerts.log, webhook) for every failed run.",
    default_status=DefaultSensorStatus.RUNNING,
    monitor_all_code_locations=True,
)
def run_failure_alert(context: RunFailureSensorContext) -> None:
    alert = failure_alert(context, dt.datetime.now(dt.UTC))
    send_alert(alert, context.log, alert_log_path(context.instance.root_directory))


@run_status_sensor(
    run_status=DagsterRunStatus.SUCCESS,
    name="klantbeeld_stale_delivery_alert",
    description="Writes an alert when a run succeeded but a source has not delivered recently.",
    default_status=DefaultSensorStatus.RUNNING,
    monitor_all_code_locations=True,
)
def stale_delivery_alert(context: RunStatusSensorContext) -> SkipReason | None:
    run = context.dagster_run
    stale = stale_deliveries(context.instance, run.run_id)
    if not stale:
        return SkipReason(f"Run {run.run_id[:8]}: every source delivered recently.")
    alert = Alert(
        alert=AlertKind.STALE_DELIVERIES,
        job=run.job_name,
        run_id=run.run_id,
        at=dt.datetime.now(dt.UTC),
        stale_deliveries=stale,
    )
    send_alert(alert, context.log, alert_log_path(context.instance.root_directory))
    return None
