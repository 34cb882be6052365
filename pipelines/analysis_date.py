"""The date a run's analytics (RFM, CLV, churn, personas) are computed as of: one date per run.

In order: the run's ``klantbeeld/as_of_date`` tag, ``KLANTBEELD_AS_OF_DATE``, else the end of the
data (pipelines/data_end.py): the day of the newest order the warehouse holds, in the shop's time
zone. Recency, P(alive) and churn measure time since a purchase, so they must be measured from
the end of the purchase record, not from the day someone happens to run them: a 2023 export run
in 2026 would otherwise make every customer three years lapsed. A scheduled run of a live shop is
dated by its data as well: its newest orders are from the day before the 06:00 run, so that is the
day its data covers. The end of the data is never later than the run's day (``run_day``), so a
timestamp from the future cannot date a run ahead of the calendar.

The date is decided once per run, by the first step that asks (dbt's segments step, after staging
and the warehouse models are built), and kept in ``ops.analysis_dates``: every later step of the
run (CLV, churn, personas) reads the same date, whatever the clock or the warehouse says by then.
Freshness checks do not use it: they judge deliveries by ``run_day`` (pipelines/operations/).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import duckdb
from dagster import AssetExecutionContext

from pipelines.data_end import data_end
from pipelines.settings import SHOP_TIME_ZONE, load_settings
from pipelines.warehouse_tables import table_exists

# Launch a run with this tag (Dagster UI: "Add tags") to compute it as of another date.
AS_OF_TAG = "klantbeeld/as_of_date"
SCHEDULED_TAG = "dagster/scheduled_execution_time"
DECISIONS_TABLE = "ops.analysis_dates"
# How the date was decided, as kept in ops.analysis_dates.basis.
BY_DATA, BY_RUN_DAY = "data", "run day (the warehouse holds no orders or events)"


@dataclass(frozen=True)
class AnalysisDate:
    as_of: dt.date
    basis: str
    # The newest order's day (or event's, without orders); None when nothing is held.
    data_end: dt.date | None


def pinned_date(context: AssetExecutionContext) -> tuple[dt.date, str] | None:
    """The date a run tag or KLANTBEELD_AS_OF_DATE pins, with which of the two it was."""
    tags = context.run.tags
    if tags.get(AS_OF_TAG):
        try:
            return dt.date.fromisoformat(tags[AS_OF_TAG]), f"run tag {AS_OF_TAG}"
        except ValueError:
            raise ValueError(
                f"run tag {AS_OF_TAG} must be a date like 2026-10-31, got {tags[AS_OF_TAG]!r}"
            ) from None
    configured = load_settings().as_of_date
    return (configured, "KLANTBEELD_AS_OF_DATE") if configured else None


def run_day(context: AssetExecutionContext) -> dt.date:
    """The calendar day the run stands on: a pinned date, else the scheduled day of a scheduled
    run, else the day the run was created; the last two in the shop's time zone."""
    pinned = pinned_date(context)
    if pinned:
        return pinned[0]
    tags = context.run.tags
    if tags.get(SCHEDULED_TAG):
        moment = dt.datetime.fromisoformat(tags[SCHEDULED_TAG])
    else:
        record = context.instance.get_run_record_by_id(context.run_id)
        moment = record.create_timestamp if record else dt.datetime.now(dt.UTC)
    return moment.astimezone(ZoneInfo(SHOP_TIME_ZONE)).date()


def analysis_date(context: AssetExecutionContext) -> dt.date:
    return decide_analysis_date(context).as_of


def decide_analysis_date(context: AssetExecutionContext) -> AnalysisDate:
    """The run's date (see the module's docstring); decided by the run's first caller."""
    pinned = pinned_date(context)
    if pinned:
        return AnalysisDate(pinned[0], pinned[1], None)
    settings = load_settings()
    with duckdb.connect(str(settings.warehouse_path), config=settings.duckdb_config()) as db:
        decided = decided_for_run(db, context.run_id)
        if decided:
            return decided
        today = run_day(context)
        end = data_end(db, until=today)
        decision = AnalysisDate(end, BY_DATA, end) if end else AnalysisDate(today, BY_RUN_DAY, None)
        db.execute(
            f"create schema if not exists ops; create table if not exists {DECISIONS_TABLE} "
            "(run_id varchar primary key, as_of_date date not null, basis varchar not null, "
            "data_end date, decided_at timestamptz not null)"
        )
        db.execute(
            f"insert into {DECISIONS_TABLE} values (?, ?, ?, ?, now())",
            [context.run_id, decision.as_of, decision.basis, decision.data_end],
        )
    return decision


def decided_for_run(db: duckdb.DuckDBPyConnection, run_id: str) -> AnalysisDate | None:
    if not table_exists(db, DECISIONS_TABLE):
        return None
    rows = db.execute(
        f"select as_of_date, basis, data_end from {DECISIONS_TABLE} where run_id = ?", [run_id]
    ).fetchall()
    return AnalysisDate(*rows[0]) if rows else None
