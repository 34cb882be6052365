"""Generate the demo shop: landed exports of shop, email and social, and their ground truth.

The same arguments give byte-identical files: every random draw comes from one seed, split into
an independent stream per concern, and nothing depends on the clock, the machine or Faker's own
random state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from pipelines.demo import rates
from pipelines.demo.ads import build_ad_spend
from pipelines.demo.catalog import build_catalog
from pipelines.demo.clock import make_period
from pipelines.demo.deliveries import cut_deliveries, delivery_dates
from pipelines.demo.email import build_email
from pipelines.demo.landing import land_tables
from pipelines.demo.mess import duplicate_rows
from pipelines.demo.people import build_people
from pipelines.demo.purchases import simulate_purchases
from pipelines.demo.shop import build_shop
from pipelines.demo.social import build_social
from pipelines.demo.truth import truth_tables
from pipelines.demo.writer import csv_chunks, write_atomically

# A new stream goes at the end: each one is spawned by its position, so the others keep theirs.
_STREAMS = (
    "catalog",
    "people",
    "purchases",
    "shop",
    "email",
    "social",
    "ads",
    "mess",
    "deliveries",
)


@dataclass(frozen=True)
class DeliveryWritten:
    date: date  # the folders' name (one per source)
    rows: int  # data rows in all its files
    late_rows: int  # event rows later than their day's delivery (LATE_EVENT_DAYS, or in the last)


@dataclass(frozen=True)
class DemoSummary:
    landing_dir: Path
    truth_dir: Path
    delivery_date: date  # of the last delivery: the day after the last simulated day
    persons: int
    rows: Mapping[str, int]  # "source/table" -> data rows written, malformed and copies included
    malformed_rows: Mapping[str, int]  # "source/table" -> rows made malformed
    duplicate_event_rows: int  # email/events rows that repeat an earlier event_id
    landed_files: tuple[Path, ...]
    truth_files: tuple[Path, ...]
    deliveries: tuple[DeliveryWritten, ...]  # oldest first; one unless daily deliveries

    @property
    def total_malformed_rows(self) -> int:
        return sum(self.malformed_rows.values())


def _check_dirs(landing_dir: Path, truth_dir: Path) -> tuple[Path, Path]:
    landing, truth = landing_dir.resolve(), truth_dir.resolve()
    if truth == landing or truth.is_relative_to(landing):
        raise ValueError(
            f"ground truth ({truth}) must be outside the landing zone ({landing}): "
            "the pipeline reads everything under the landing zone"
        )
    return landing, truth


def generate_demo(
    landing_dir: Path,
    truth_dir: Path,
    *,
    customers: int = 5000,
    days: int = 730,
    seed: int = 42,
    end_date: date = date(2026, 10, 31),
    daily_deliveries: int = 0,
) -> DemoSummary:
    """Write the history up to ``end_date`` as deliveries, the last dated the day after it.

    ``customers`` is the number of true persons; ``days`` the length of the history. With
    ``daily_deliveries`` = 0, one full-history delivery per source; with K >= 1, an initial
    delivery holding the history up to ``end_date - K`` and then one delivery per day for the
    last K days, late-arriving events included (pipelines/demo/deliveries.py says what each
    delivery holds). ``rows`` and ``malformed_rows`` are summed over the deliveries.
    """
    if customers < 1:
        raise ValueError("customers must be at least 1")
    period = make_period(end_date, days)
    delivery_dates(period, daily_deliveries)  # a wrong count fails before anything is written
    landing, truth = _check_dirs(Path(landing_dir), Path(truth_dir))
    rngs = {
        name: np.random.Generator(np.random.PCG64(stream))
        for name, stream in zip(
            _STREAMS, np.random.SeedSequence(seed).spawn(len(_STREAMS)), strict=True
        )
    }
    catalog = build_catalog(rngs["catalog"])
    people = build_people(rngs["people"], customers, period)
    purchases = simulate_purchases(rngs["purchases"], people, period)
    shop = build_shop(rngs["shop"], people, purchases, catalog, period)
    email = build_email(rngs["email"], people, purchases, shop.accounts.sms_only, period)
    social = build_social(rngs["social"], people, purchases, period)
    frames = {
        **{("shop", name): frame for name, frame in shop.tables.items()},
        **{("email", name): frame for name, frame in email.tables.items()},
        **{("social", name): frame for name, frame in social.tables.items()},
        ("social", "ad_spend"): build_ad_spend(rngs["ads"], period),
    }
    events, is_copy, duplicated, source_row = duplicate_rows(
        rngs["mess"], frames[("email", "events")], rates.DUPLICATE_EVENT_SHARE
    )
    frames[("email", "events")] = events
    deliveries = cut_deliveries(
        rngs["deliveries"],
        period,
        frames,
        daily_deliveries,
        together={("email", "events"): source_row},
        spare={("email", "events"): duplicated},
    )
    landed = land_tables(rngs["mess"], deliveries, landing)

    truth_files = truth_tables(
        people, purchases, shop, email, social, landed, deliveries, is_copy, source_row
    )
    for name, frame in truth_files.items():
        write_atomically(truth / name, csv_chunks(frame))
    return DemoSummary(
        landing_dir=landing,
        truth_dir=truth,
        delivery_date=period.delivery_date,
        persons=people.n,
        rows=landed.rows,
        malformed_rows=landed.malformed_counts,
        duplicate_event_rows=int(is_copy.sum()),
        landed_files=tuple(landing / f for f in landed.files),
        truth_files=tuple(truth / name for name in truth_files),
        deliveries=tuple(
            DeliveryWritten(d.date, landed.rows_by_delivery[d.date], d.late_rows)
            for d in deliveries
        ),
    )
