"""Cutting the demo's history into deliveries: one export of it all, or a history and then days.

With ``daily`` = 0 every source gets one delivery, dated the day after the last simulated day,
holding the whole history. With ``daily`` = K >= 1 it gets an initial delivery dated
``end_date - K + 1`` holding everything up to and including day ``end_date - K``, then K daily
deliveries dated ``end_date - K + 2`` … ``end_date + 1``, each holding the shop-local day
before its date. The last delivery is dated ``end_date + 1`` either way.

Event-like rows (orders, refunds, reviews, email events, social interactions, ad spend) are cut
by their own time (``EVENT_TIME``) and land exactly once: in the delivery the day after they
happened, or in the initial one for the history. ``rates.LATE_EVENT_SHARE`` of them, drawn per
row, arrive ``rates.LATE_EVENT_DAYS`` days later than that, and in the last delivery when that
day is past it. Order lines travel with their order, and a re-exported email event with its
first copy, so a duplicate is always in the same file as its original.

Snapshot tables (customers, products, contacts, campaigns, profiles) are full exports of the
records as they stood at the end of the delivery's last day: a record is in every delivery from
the day after its creation on (``_CREATED``), and products, which carry no time, in every
delivery. Full exports because that is what the real tools send on a schedule, because the demo
keeps only each record's final state (an export of only the rows changed that day would need a
change history it does not have), and because ingestion keeps the newest delivery's version of a
key either way. The two later changes the demo does know are undone in the exports taken before
them (``_UNDONE``): a withdrawn marketing consent shows as still given, a contact who later left
the list as still subscribed. Every other value is the final one: a contact's member_rating, and
an order's financial_status and cancelled_at, also when the cancellation or refund came after
the order's delivery (the refund rows themselves land on their own day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from pipelines.demo import rates
from pipelines.demo.clock import MISSING, Period, local_day
from pipelines.ingest.schemas import TABLES, Kind, table

TableKey = tuple[str, str]
_EPOCH = date(1970, 1, 1)

# Event-like tables: the column whose shop-local day says when a row happened.
EVENT_TIME: dict[TableKey, str] = {
    ("shop", "orders"): "created_at",
    ("shop", "refunds"): "created_at",
    ("shop", "reviews"): "created_at",
    ("email", "events"): "occurred_at",
    ("social", "interactions"): "occurred_at",
    ("social", "ad_spend"): "date",
}
# Tables whose rows land with a row of another table: (that table, the column naming its key).
_TRAVELS_WITH: dict[TableKey, tuple[TableKey, str]] = {
    ("shop", "order_lines"): (("shop", "orders"), "order_id"),
}
# Snapshot tables: the columns whose first non-blank value says when a record came to exist
# (a contact pending its opt-in has none, and its status_changed_at is its sign-up); none: always.
_CREATED: dict[TableKey, tuple[str, ...]] = {
    ("shop", "customers"): ("created_at",),
    ("shop", "products"): (),
    ("email", "contacts"): ("opted_in_at", "status_changed_at"),
    ("email", "campaigns"): ("sent_at",),
    ("social", "profiles"): ("first_seen_at",),
}
# Later changes undone in earlier snapshots: when the column's day is after the export, these
# columns show what they held before (the demo changes each of these at most once).
_UNDONE: dict[TableKey, tuple[str, dict[str, pl.Expr]]] = {
    ("shop", "customers"): (
        "accepts_marketing_updated_at",
        {"accepts_marketing": pl.lit("yes"), "accepts_marketing_updated_at": pl.col("created_at")},
    ),
    ("email", "contacts"): (
        "status_changed_at",
        {"status": pl.lit("subscribed"), "status_changed_at": pl.col("opted_in_at")},
    ),
}


@dataclass(frozen=True)
class Delivery:
    """What one delivery (one folder per source) holds."""

    date: date  # the folder's name: the morning the exports were taken
    frames: dict[TableKey, pl.DataFrame]  # contract columns, clean (damage comes when landing)
    rows: dict[TableKey, np.ndarray]  # per table, the rows of the whole-history frame it holds
    spare: dict[TableKey, np.ndarray]  # per table, rows that must not be damaged
    late_rows: int  # event rows in it that arrived LATE_EVENT_DAYS later than their day
    # The first (with daily = 0 the only) delivery: every table in it gets a malformed row. A
    # daily one draws how many, so that a day's file of a row or two is not broken for certain.
    initial: bool


def delivery_dates(period: Period, daily: int) -> list[date]:
    """The deliveries' dates, oldest first; the last is always ``period.delivery_date``."""
    if not 0 <= daily < period.days:
        raise ValueError(
            f"daily deliveries must be from 0 to days - 1 ({period.days - 1}): "
            "the initial delivery holds at least one day"
        )
    return [period.delivery_date - timedelta(days=k) for k in range(daily, -1, -1)]


def local_days(values: pl.Series, kind: Kind) -> np.ndarray:
    """Shop-local day (days since 1970-01-01) of each value as the demo writes it; MISSING when
    blank. Shop-local dates and times carry their day as written; the others are converted."""
    if kind in (Kind.DATE, Kind.TIMESTAMP_OFFSET, Kind.TIMESTAMP_LOCAL):
        day = values.str.slice(0, 10).str.to_date("%Y-%m-%d").cast(pl.Int64)
        return day.fill_null(MISSING).to_numpy()
    if kind == Kind.EPOCH_SECONDS:
        seconds = values.cast(pl.Int64)
    else:
        pattern = {
            Kind.TIMESTAMP_ISO: "%Y-%m-%dT%H:%M:%SZ",
            Kind.TIMESTAMP_UTC: "%Y-%m-%d %H:%M:%S",
        }
        seconds = values.str.to_datetime(pattern[kind], time_unit="ms").dt.epoch("s")
    ts = seconds.fill_null(MISSING).to_numpy()
    return np.where(ts == MISSING, MISSING, local_day(ts))


def _day_of(key: TableKey, frame: pl.DataFrame, columns: tuple[str, ...]) -> np.ndarray:
    """Per row, the day of the first of ``columns`` that is not blank (MISSING if none is)."""
    day = np.full(frame.height, MISSING, dtype=np.int64)
    for name in reversed(columns):
        kind = next(c.kind for c in table(*key).columns if c.name == name)
        found = local_days(frame[name], kind)
        day = np.where(found != MISSING, found, day)
    return day


def cut_deliveries(
    rng: np.random.Generator,
    period: Period,
    frames: dict[TableKey, pl.DataFrame],
    daily: int,
    *,
    together: dict[TableKey, np.ndarray] | None = None,
    spare: dict[TableKey, np.ndarray] | None = None,
) -> list[Delivery]:
    """Cut each whole-history table into the deliveries of ``delivery_dates(period, daily)``.

    ``together``: per event table, a group number per row; rows of one group land together
    (late or not as one). ``spare``: per table, rows that damage must leave alone. ``frames``
    may hold only some tables (a block of persons holds no products, campaigns or ad spend).
    """
    together, spare = together or {}, spare or {}
    dates = delivery_dates(period, daily)
    if daily == 0:
        rows = {key: np.arange(frame.height) for key, frame in frames.items()}
        return [Delivery(dates[0], dict(frames), rows, dict(spare), 0, initial=True)]
    keys = {(t.source, t.name) for t in TABLES}
    if keys != set(EVENT_TIME) | set(_TRAVELS_WITH) | set(_CREATED):
        raise ValueError("every landed table needs exactly one delivery rule")
    first = (dates[0] - _EPOCH).days
    target, late = {}, {}
    for key, column in EVENT_TIME.items():
        if key not in frames:
            continue
        target[key], late[key] = _event_targets(
            rng, _day_of(key, frames[key], (column,)), together.get(key), first, len(dates)
        )
    for key, (leader, column) in _TRAVELS_WITH.items():
        index = pl.Series(target[leader])
        target[key] = frames[key][column].replace_strict(frames[leader][column], index).to_numpy()
        late[key] = np.zeros(frames[key].height, dtype=bool)
    created = {
        key: _day_of(key, frames[key], columns)
        for key, columns in _CREATED.items()
        if key in frames
    }

    deliveries = []
    for d, day in enumerate(dates):
        rows = {key: np.flatnonzero(target[key] == d) for key in target}
        rows |= {key: np.flatnonzero(created[key] < first + d) for key in created}
        parts = {key: frames[key][rows[key]] for key in rows}
        for key, (column, before) in _UNDONE.items():
            if key in parts:
                parts[key] = _as_it_was(key, parts[key], column, before, first + d - 1)
        deliveries.append(
            Delivery(
                date=day,
                frames={key: parts[key] for key in frames},
                rows={key: rows[key] for key in frames},
                spare={key: mask[rows[key]] for key, mask in spare.items()},
                late_rows=sum(int(late[key][rows[key]].sum()) for key in late),
                initial=d == 0,
            )
        )
    return deliveries


def _event_targets(rng, day: np.ndarray, groups: np.ndarray | None, first: int, count: int):
    """Per row, the index of its delivery, and whether it arrived late (in a later one than on
    time). ``first`` is the initial delivery's date as days since 1970-01-01."""
    if groups is None:
        is_late = rng.random(len(day)) < rates.LATE_EVENT_SHARE
    else:
        is_late = (rng.random(int(groups.max(initial=-1)) + 1) < rates.LATE_EVENT_SHARE)[groups]
    on_time = np.clip(day + 1 - first, 0, count - 1)
    target = np.clip(day + 1 + is_late * rates.LATE_EVENT_DAYS - first, 0, count - 1)
    return target, target > on_time


def _as_it_was(key, frame: pl.DataFrame, column: str, before: dict[str, pl.Expr], through: int):
    """``frame`` as exported at the end of day ``through``: changes after it undone."""
    later = pl.Series(_day_of(key, frame, (column,)) > through)
    return frame.with_columns(
        pl.when(later).then(value).otherwise(pl.col(name)).alias(name)
        for name, value in before.items()
    )
