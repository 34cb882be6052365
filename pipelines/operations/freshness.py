"""One ``delivered_recently`` check per landed table: a source that stops delivering (or drops
one of its files) shows up on the table's ingestion asset.

Not blocking, severity WARN: a stale source makes the outputs older, not wrong, so the run goes
on and publishes what the other sources brought; the stale-delivery alert (alerts/sensors.py)
tells the operator. Judged against the calendar, not against the end of the data the analyses are
dated by (a stale feed is news): on the run's day (``run_day``: the scheduled day, or the day the
run was created; a date pinned by the run tag or KLANTBEELD_AS_OF_DATE, as the tests do, wins).
A backfill (``klantbeeld backfill``, `make run`, a backfill launched in the Dagster UI) re-processes
deliveries that came on their own days: it is judged as of the last delivery day it covers, so
re-building history (or a fresh demo, whose deliveries end on a fixed day) does not warn that
history is old. A live run (the schedule, ``klantbeeld run``) is judged against today.

Dagster's own freshness checks (``build_last_update_freshness_checks``, ``FreshnessPolicy``) judge
when an asset was last materialised or observed; every daily run re-materialises every raw table
from all deliveries, so only the landing folder can tell whether anything new arrived.
"""

import datetime as dt

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    asset_check,
)

from pipelines.adapters.landing import configured_sources
from pipelines.analysis_date import pinned_date, run_day
from pipelines.ingest.partitions import BACKFILL_TAG, run_dates
from pipelines.ingest.schemas import TABLES, Table
from pipelines.operations.delivery_age import DeliveryAge, delivery_age, max_age_days
from pipelines.settings import load_settings

CHECK_NAME = "delivered_recently"
SEVERITY = AssetCheckSeverity.WARN
# Dagster's tag on every run of a backfill launched in its UI.
DAGSTER_BACKFILL_TAG = "dagster/backfill"


def judged_on(context) -> dt.date:
    """The day deliveries are judged on (see the module's docstring)."""
    tags = context.run.tags
    dates = run_dates(tags)
    backfill = tags.get(BACKFILL_TAG) == "true" or DAGSTER_BACKFILL_TAG in tags
    if backfill and dates and pinned_date(context) is None:
        return dates[-1]
    return run_day(context)


def check_metadata(age: DeliveryAge) -> dict[str, object]:
    """Dates and counts only: nothing here comes from inside a file."""
    return {
        "source": age.table.source,
        "newest_delivery": age.newest.isoformat() if age.newest else None,
        "age_days": age.age_days,
        "max_age_days": age.max_age_days,
        "as_of_date": age.as_of.isoformat(),
        "deliveries": len(age.deliveries),
    }


def build_delivery_check(table: Table):
    @asset_check(
        asset=AssetKey(table.asset_name),
        name=CHECK_NAME,
        description=f"The newest delivery of {table.source}/{table.file_name} is at most "
        f"KLANTBEELD_MAX_DELIVERY_AGE_DAYS(_{table.source.upper()}) days old on the run's date "
        "(default 2). Warns, does not block.",
        blocking=False,
    )
    def delivered_recently(context: AssetCheckExecutionContext) -> AssetCheckResult:
        landing_dir = load_settings().landing_dir
        configured = configured_sources(landing_dir)
        if configured is not None and table.source not in configured:
            # The shop's exports config has no source for it: nothing is expected to arrive.
            return AssetCheckResult(
                passed=True,
                severity=SEVERITY,
                description=f"Source {table.source} is not configured (klantbeeld.yml): "
                "no deliveries expected, skipped.",
                metadata={"source": table.source, "configured": False},
            )
        age = delivery_age(
            landing_dir,
            table,
            judged_on(context.op_execution_context),
            max_age_days(table.source),
        )
        return AssetCheckResult(
            passed=age.is_fresh,
            severity=SEVERITY,
            description=age.describe(),
            metadata=check_metadata(age),
        )

    return delivered_recently


def build_delivery_checks() -> list:
    return [build_delivery_check(table) for table in TABLES]
