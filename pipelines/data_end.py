"""Where a shop's data ends: the day of the newest order the warehouse holds.

Orders, because the analyses dated by it (RFM recency, CLV, churn) measure time since a
purchase: their clock must stop where the purchase record stops. Email events and social
interactions date the data only when it holds no orders at all: a Mailchimp export taken today
beside an orders export of last year would otherwise make every buyer look a year lapsed.
Delivery folder dates and file times are not used: they say when a file came, not what it covers.

Read from the staging models (timestamps in UTC, see dbt_project/models/staging), so it is known
as soon as staging is built. Leaves out test orders, and any timestamp after the day of the
delivery that brought it or after ``until`` (the run's day): no export holds its own future, so
such a value is a broken clock or a typo, and must not date a whole run.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import duckdb

from pipelines.settings import SHOP_TIME_ZONE
from pipelines.warehouse_tables import table_exists

# Data that ends more than this many days before today is called out once in the run summary
# and the report: a month covers a monthly export's gap and a shop's quiet weeks.
OLD_DATA_DAYS = 30

# (relation, timestamp column, extra condition), in order of preference.
ORDERS = ("staging.stg_shop__orders", "ordered_at", "not is_test")
EVENTS = (
    ("staging.stg_email__events", "occurred_at", "true"),
    ("staging.stg_social__interactions", "occurred_at", "true"),
)


def data_end(db: duckdb.DuckDBPyConnection, until: dt.date) -> dt.date | None:
    """The shop-time day of the newest order (else email event or social interaction) held,
    at most ``until``; None when there is none."""
    shop = ZoneInfo(SHOP_TIME_ZONE)
    # Timestamps are stored as UTC without a zone: compare with the end of `until` in UTC.
    next_day = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), shop)
    limit = next_day.astimezone(dt.UTC).replace(tzinfo=None)
    for sources in ((ORDERS,), EVENTS):
        newest = [_newest(db, *source, limit) for source in sources]
        held = [moment for moment in newest if moment is not None]
        if held:
            return max(held).replace(tzinfo=dt.UTC).astimezone(shop).date()
    return None


def _newest(
    db: duckdb.DuckDBPyConnection, relation: str, column: str, condition: str, limit: dt.datetime
) -> dt.datetime | None:
    if not table_exists(db, relation):
        return None
    [(newest,)] = db.execute(
        f"select max({column}) from {relation} where {condition} and {column} < ? "
        f"and cast({column} as date) <= _delivered_on",
        [limit],
    ).fetchall()
    return newest


def data_lag_days(as_of: dt.date | None, today: dt.date | None = None) -> int | None:
    """How many days ``as_of`` lies before ``today`` (default: today in the shop's time zone),
    when that is more than OLD_DATA_DAYS; else None."""
    if as_of is None:
        return None
    today = today or dt.datetime.now(ZoneInfo(SHOP_TIME_ZONE)).date()
    lag = (today - as_of).days
    return lag if lag > OLD_DATA_DAYS else None
