"""How old a landed table's newest delivery is, and how old it may be.

Delivery folders are named by the day the export was taken (``<source>/<YYYY-MM-DD>/``), so the
age is a whole number of days between that name and the run's date: no file timestamps, which
change when a landing folder is copied or restored.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.load import delivery_date, delivery_files
from pipelines.ingest.schemas import Table

# A daily export dated the evening before is 1 day old at 06:00; 2 tolerates one late or missed
# export before the check fails.
DEFAULT_MAX_AGE_DAYS = 2
MAX_AGE_VARIABLE = "KLANTBEELD_MAX_DELIVERY_AGE_DAYS"


def max_age_days(source: str, environ: Mapping[str, str] = os.environ) -> int:
    """``KLANTBEELD_MAX_DELIVERY_AGE_DAYS_<SOURCE>`` (e.g. ``…_SOCIAL``), else
    ``KLANTBEELD_MAX_DELIVERY_AGE_DAYS``, else the default."""
    for variable in (f"{MAX_AGE_VARIABLE}_{source.upper()}", MAX_AGE_VARIABLE):
        value = environ.get(variable, "").strip()
        if not value:
            continue
        if not (value.isascii() and value.isdigit()):
            raise ValueError(f"{variable} must be a whole number of days (0, 1, …), got {value!r}")
        return int(value)
    return DEFAULT_MAX_AGE_DAYS


def delivery_dates(landing_dir: Path, table: Table) -> list[dt.date]:
    """The dates of the delivery folders that hold this table, oldest first. Folders not named
    like a date are not deliveries (ingestion warns about them) and are left out."""
    dates = {delivery_date(path) for path in delivery_files(landing_dir, table)}
    return sorted(dates - {None})


@dataclass(frozen=True)
class DeliveryAge:
    """The newest delivery of one table as seen on ``as_of`` (the run's date)."""

    table: Table
    as_of: dt.date
    max_age_days: int
    deliveries: tuple[dt.date, ...]

    @property
    def newest(self) -> dt.date | None:
        return self.deliveries[-1] if self.deliveries else None

    @property
    def age_days(self) -> int | None:
        """Negative when the run is computed as of a day before the newest delivery (tests,
        re-analysis of an earlier date): the data is then as fresh as it can be."""
        return (self.as_of - self.newest).days if self.newest else None

    @property
    def is_fresh(self) -> bool:
        return self.age_days is not None and self.age_days <= self.max_age_days

    def describe(self) -> str:
        name = f"{self.table.source}/{self.table.file_name}"
        if self.newest is None:
            return f"{name} has never been delivered (no {self.table.source}/<YYYY-MM-DD>/ folder)."
        return (
            f"{name}: newest delivery {self.newest.isoformat()} is {self.age_days} day(s) old "
            f"on {self.as_of.isoformat()}; the limit is {self.max_age_days}."
        )


def delivery_age(landing_dir: Path, table: Table, as_of: dt.date, limit: int) -> DeliveryAge:
    return DeliveryAge(table, as_of, limit, tuple(delivery_dates(landing_dir, table)))
