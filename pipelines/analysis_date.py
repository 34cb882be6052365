"""The date a run's analytics (RFM, CLV, churn) are computed as of: one date for every step.

Steps of one run may start minutes or hours apart (and on either side of midnight), so the date
is derived from the run, not from the clock when a step starts.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from dagster import AssetExecutionContext

from pipelines.settings import SHOP_TIME_ZONE, load_settings

# Launch a run with this tag (Dagster UI: "Add tags") to compute it as of another date.
AS_OF_TAG = "klantbeeld/as_of_date"
SCHEDULED_TAG = "dagster/scheduled_execution_time"


def analysis_date(context: AssetExecutionContext) -> dt.date:
    """In order: the run's ``klantbeeld/as_of_date`` tag, ``KLANTBEELD_AS_OF_DATE``, the
    scheduled date of a scheduled run, else the day the run was created — the last two in the
    shop's time zone."""
    tags = context.run.tags
    if tags.get(AS_OF_TAG):
        try:
            return dt.date.fromisoformat(tags[AS_OF_TAG])
        except ValueError:
            raise ValueError(
                f"run tag {AS_OF_TAG} must be a date like 2026-10-31, got {tags[AS_OF_TAG]!r}"
            ) from None
    configured = load_settings().as_of_date
    if configured:
        return configured
    if tags.get(SCHEDULED_TAG):
        moment = dt.datetime.fromisoformat(tags[SCHEDULED_TAG])
    else:
        record = context.instance.get_run_record_by_id(context.run_id)
        moment = record.create_timestamp if record else dt.datetime.now(dt.UTC)
    return moment.astimezone(ZoneInfo(SHOP_TIME_ZONE)).date()
