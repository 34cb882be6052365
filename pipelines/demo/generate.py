"""Generate the demo shop: landed exports of shop, email and social, and their ground truth.

The same arguments give byte-identical files: every random draw comes from one seed, split into
an independent stream per concern, and nothing depends on the clock, the machine or Faker's own
random state.

Persons are made a block at a time (``block_persons``, e.g. 50,000) and each block's records are
appended to the landed and ground-truth files before the next block is made, so memory grows
with the block, not with ``customers``. A person and all their records live in one block. What
the whole shop shares is made once: the catalogue, the mail calendar, the brand's social posts
and ad campaigns, the shop's test account, and every id sequence (sequences.py); mailboxes and
social handles stay unique across blocks. Block 0 draws from the run's streams exactly as a run
of one block always did; block b > 0 from child b - 1 of each stream.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo import rates
from pipelines.demo.ads import build_ad_spend
from pipelines.demo.campaigns import Calendar, campaigns_table
from pipelines.demo.catalog import Catalog, build_catalog
from pipelines.demo.clock import Period, make_period
from pipelines.demo.deliveries import cut_deliveries, delivery_dates
from pipelines.demo.email import build_email
from pipelines.demo.landing import Landed, land_tables, landed_path
from pipelines.demo.mess import duplicate_rows
from pipelines.demo.people import build_people, mailboxes
from pipelines.demo.purchases import simulate_purchases
from pipelines.demo.sequences import IdSequences
from pipelines.demo.shop import build_shop
from pipelines.demo.social import BrandPosts, build_social
from pipelines.demo.truth import EVENTS, person_ids, truth_tables
from pipelines.demo.writer import CsvParts
from pipelines.ingest.schemas import TABLES

# Persons per block: big enough that a block's random draws are vectorised well, small enough
# that one block's tables fit in a few hundred MB. A demo at the default 5,000 is one block.
BLOCK_PERSONS = 50_000
TRUTH_FILES = ("persons.csv", "record_links.csv", "malformed_rows.csv", "duplicates.csv")
_TABLE_NAMES = tuple(f"{t.source}/{t.name}" for t in TABLES)

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


@dataclass
class _Shop:
    """What every block of persons shares, and the totals over the blocks written so far."""

    catalog: Catalog
    ad_spend: pl.DataFrame
    ids: IdSequences = field(default_factory=IdSequences)
    mailboxes: pl.Series = field(default_factory=lambda: pl.Series(dtype=pl.String))
    handles: pl.Series = field(default_factory=lambda: pl.Series(dtype=pl.String))
    calendar: Calendar | None = None
    posts: BrandPosts | None = None
    recipients: np.ndarray | None = None  # per campaign, over all blocks
    landed: Landed = field(default_factory=Landed)
    parts: CsvParts = field(default_factory=CsvParts)
    late_rows: dict[date, int] = field(default_factory=dict)
    duplicate_event_rows: int = 0


def _streams(seed: int, block: int) -> dict[str, np.random.Generator]:
    """Block 0 draws from the run's streams, so a run of one block is what it always was."""
    seeds = np.random.SeedSequence(seed).spawn(len(_STREAMS))
    if block > 0:
        seeds = [np.random.SeedSequence(seed, spawn_key=(i, block - 1)) for i in range(len(seeds))]
    return {
        name: np.random.Generator(np.random.PCG64(stream))
        for name, stream in zip(_STREAMS, seeds, strict=True)
    }


def generate_demo(
    landing_dir: Path,
    truth_dir: Path,
    *,
    customers: int = 5000,
    days: int = 730,
    seed: int = 42,
    end_date: date = date(2026, 10, 31),
    daily_deliveries: int = 0,
    block_persons: int = BLOCK_PERSONS,
) -> DemoSummary:
    """Write the history up to ``end_date`` as deliveries, the last dated the day after it.

    ``customers`` is the number of true persons; ``days`` the length of the history. With
    ``daily_deliveries`` = 0, one full-history delivery per source; with K >= 1, an initial
    delivery holding the history up to ``end_date - K`` and then one delivery per day for the
    last K days, late-arriving events included (pipelines/demo/deliveries.py says what each
    delivery holds). ``rows`` and ``malformed_rows`` are summed over the deliveries.
    ``block_persons``: persons made and written at a time (the module docstring says why).
    """
    if customers < 1:
        raise ValueError("customers must be at least 1")
    if block_persons < 1:
        raise ValueError("block_persons must be at least 1")
    period = make_period(end_date, days)
    dates = delivery_dates(period, daily_deliveries)  # a wrong count fails before any writing
    landing, truth = _check_dirs(Path(landing_dir), Path(truth_dir))
    first_streams = _streams(seed, 0)
    shop = _Shop(
        catalog=build_catalog(first_streams["catalog"]),
        ad_spend=build_ad_spend(first_streams["ads"], period),
    )
    starts = range(0, customers, block_persons)
    for block, first in enumerate(starts):
        _write_block(
            _streams(seed, block) if block else first_streams,
            shop,
            period,
            daily_deliveries,
            persons=range(first, min(first + block_persons, customers)),
            total=customers,
            last=block == len(starts) - 1,
            landing=landing,
            truth=truth,
        )
    shop.parts.publish()
    landed = shop.landed
    return DemoSummary(
        landing_dir=landing,
        truth_dir=truth,
        delivery_date=period.delivery_date,
        persons=customers,
        rows={name: landed.rows[name] for name in _TABLE_NAMES},  # in the contract's order
        malformed_rows={name: landed.malformed_counts[name] for name in _TABLE_NAMES},
        duplicate_event_rows=shop.duplicate_event_rows,
        landed_files=tuple(landing / landed_path(t, d) for d in dates for t in TABLES),
        truth_files=tuple(truth / name for name in TRUTH_FILES),
        deliveries=tuple(
            DeliveryWritten(d, landed.rows_by_delivery[d], shop.late_rows[d]) for d in dates
        ),
    )


def _write_block(rngs, shop: _Shop, period: Period, daily: int, *, persons: range, total: int,
                 last: bool, landing: Path, truth: Path) -> None:  # fmt: skip
    """Make one block of persons and their records, and append them to the files. The tables
    of the whole shop (products, campaigns, ad spend) go with the ``last`` block."""
    people = build_people(rngs["people"], len(persons), period, shop.mailboxes)
    purchases = simulate_purchases(rngs["purchases"], people, period)
    sold = build_shop(
        rngs["shop"],
        people,
        purchases,
        shop.catalog,
        period,
        shop.ids,
        with_staff=not persons.start,
    )
    email = build_email(
        rngs["email"], people, purchases, sold.accounts.sms_only, period, shop.ids, shop.calendar
    )
    social = build_social(
        rngs["social"], people, purchases, period, shop.ids, shop.posts, shop.handles
    )
    shop.mailboxes = pl.concat(
        [shop.mailboxes, people.identity.select(mailboxes(pl.col("email"))).to_series()]
    )
    shop.handles = pl.concat([shop.handles, social.handles])
    shop.calendar, shop.posts = email.calendar, social.posts
    shop.recipients = email.recipients + (0 if shop.recipients is None else shop.recipients)
    frames = {
        **{("shop", name): frame for name, frame in sold.tables.items()},
        **{("email", name): frame for name, frame in email.tables.items()},
        **{("social", name): frame for name, frame in social.tables.items()},
    }
    if last:
        frames[("shop", "products")] = shop.catalog.table()
        frames[("email", "campaigns")] = campaigns_table(shop.calendar, shop.recipients)
        frames[("social", "ad_spend")] = shop.ad_spend
    events, is_copy, duplicated, source_row = duplicate_rows(
        rngs["mess"], frames[EVENTS], rates.DUPLICATE_EVENT_SHARE
    )
    frames[EVENTS] = events
    deliveries = cut_deliveries(
        rngs["deliveries"],
        period,
        frames,
        daily,
        together={EVENTS: source_row},
        spare={EVENTS: duplicated},
    )
    malformed, rows_before = land_tables(rngs["mess"], deliveries, landing, shop.parts, shop.landed)
    ids = person_ids(persons.start, len(persons), total)
    parts = truth_tables(
        people, purchases, sold, email, social, malformed, deliveries, is_copy, source_row, ids,
        rows_before,
    )  # fmt: skip
    for name in TRUTH_FILES:
        shop.parts.append(truth / name, parts[name])
    for delivery in deliveries:
        shop.late_rows[delivery.date] = shop.late_rows.get(delivery.date, 0) + delivery.late_rows
    shop.duplicate_event_rows += int(is_copy.sum())
