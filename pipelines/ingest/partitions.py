"""Daily partitions: one per delivery date, the name of the landing folders
``<source>/<YYYY-MM-DD>/``.

A partition is a day's deliveries, not the events that happened that day: an order placed on
Monday and exported late on Wednesday is in Wednesday's partition and counts on Monday
(``ordered_at``) in every mart. A run covers one day (the schedule: today's deliveries) or a
range of days in one run (a backfill: ingestion reads the range, dbt and the analytics run once).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from pathlib import Path

import duckdb
from dagster import DailyPartitionsDefinition, PartitionKeyRange

from pipelines.ingest.load import delivery_date, delivery_files
from pipelines.ingest.schemas import TABLES
from pipelines.settings import SHOP_TIME_ZONE, duckdb_config
from pipelines.warehouse_tables import table_exists

FIRST_DELIVERY_VARIABLE = "KLANTBEELD_FIRST_DELIVERY_DATE"
DEFAULT_FIRST_DELIVERY = "2024-01-01"
PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# Run tag: the raw tables hold exactly the run's days afterwards, and dbt rebuilds its
# incremental models from them (`dbt build --full-refresh`).
FULL_REFRESH_TAG = "klantbeeld/full_refresh"
# Run tag of `klantbeeld backfill`: the run re-processes deliveries of earlier days, so their
# freshness is judged as of the last of those days (pipelines/operations/freshness.py).
BACKFILL_TAG = "klantbeeld/backfill"


@functools.cache
def delivery_partitions() -> DailyPartitionsDefinition:
    """Days from ``KLANTBEELD_FIRST_DELIVERY_DATE`` (default 2024-01-01) up to today, in the
    shop's time zone; today's partition exists from midnight (``end_offset=1``) so the 06:00
    schedule ingests the deliveries that landed overnight."""
    first = os.environ.get(FIRST_DELIVERY_VARIABLE) or DEFAULT_FIRST_DELIVERY
    try:
        dt.date.fromisoformat(first)
    except ValueError:
        raise ValueError(
            f"{FIRST_DELIVERY_VARIABLE} must be a date like 2024-01-01, got {first!r}"
        ) from None
    return DailyPartitionsDefinition(start_date=first, timezone=SHOP_TIME_ZONE, end_offset=1)


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def key_range_dates(key_range: PartitionKeyRange) -> list[dt.date]:
    return days(dt.date.fromisoformat(key_range.start), dt.date.fromisoformat(key_range.end))


def run_dates(tags: Mapping[str, str]) -> list[dt.date] | None:
    """The delivery dates a run covers, from its tags (one partition or a range); None for a
    run without partitions."""
    if tags.get(RANGE_START_TAG) and tags.get(RANGE_END_TAG):
        return days(
            dt.date.fromisoformat(tags[RANGE_START_TAG]),
            dt.date.fromisoformat(tags[RANGE_END_TAG]),
        )
    if tags.get(PARTITION_TAG):
        return [dt.date.fromisoformat(tags[PARTITION_TAG])]
    return None


def range_tags(first: dt.date, last: dt.date) -> dict[str, str]:
    """Tags that make one run cover the deliveries of ``first`` … ``last``."""
    if first == last:
        return {PARTITION_TAG: first.isoformat()}
    return {RANGE_START_TAG: first.isoformat(), RANGE_END_TAG: last.isoformat()}


def _landed_files(landing_dir: Path) -> list[tuple[dt.date, Path]]:
    """Every contract file in a folder named by a date, with that date."""
    return [
        (day, path)
        for table in TABLES
        for path in delivery_files(landing_dir, table)
        if (day := delivery_date(path)) is not None
    ]


def landed_dates(landing_dir: Path) -> list[dt.date]:
    """Every date that has a folder holding a contract file, oldest first."""
    return sorted({day for day, _ in _landed_files(landing_dir)})


def pending_dates(landing_dir: Path, warehouse_path: Path) -> list[dt.date]:
    """Delivery dates with a file the warehouse has not ingested as it is now (new, or changed
    in size or modification time since), oldest first."""
    landed = _landed_files(landing_dir)
    if not warehouse_path.exists():
        return sorted({day for day, _ in landed})
    with duckdb.connect(str(warehouse_path), read_only=True, config=duckdb_config()) as connection:
        has_log = table_exists(connection, "ops.deliveries")
        ingested = (
            {
                file: (size, modified)
                for file, size, modified in connection.execute(
                    "select file, size_bytes, modified_ns from ops.deliveries"
                ).fetchall()
            }
            if has_log
            else {}
        )
    changed = set()
    for day, path in landed:
        stat = path.stat()
        relative = path.relative_to(landing_dir).as_posix()
        if ingested.get(relative) != (stat.st_size, stat.st_mtime_ns):
            changed.add(day)
    return sorted(changed)
