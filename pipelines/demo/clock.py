"""Time for the demo shop: the simulated period, Amsterdam's UTC offset and the landed formats.

Every instant is an int64 of Unix seconds (UTC); ``MISSING`` marks "no time". The shop's zone
follows the EU rule (summer time from the last Sunday of March to the last Sunday of October,
switching at 01:00 UTC), computed here rather than read from a time-zone database so the output
is the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import polars as pl

DAY = 86_400
HOUR = 3_600
MISSING = -1
_WINTER, _SUMMER = 3_600, 7_200


@dataclass(frozen=True)
class Period:
    """The simulated history: from start_date 00:00 to end_date 24:00, shop-local."""

    start_date: date
    end_date: date
    start: int
    end: int

    @property
    def delivery_date(self) -> date:
        """The exports are taken the morning after the last simulated day."""
        return self.end_date + timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


def _epoch(d: date, hour: int = 0) -> int:
    return int(datetime(d.year, d.month, d.day, hour, tzinfo=UTC).timestamp())


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def local_midnight(d: date) -> int:
    """UTC instant of 00:00 shop-local on day d (midnight is never near a DST switch)."""
    naive = _epoch(d)
    return naive - int(utc_offset(np.array([naive - _SUMMER]))[0])


def make_period(end_date: date, days: int) -> Period:
    if days < 1:
        raise ValueError("days must be at least 1")
    start_date = end_date - timedelta(days=days - 1)
    return Period(
        start_date, end_date, local_midnight(start_date), local_midnight(end_date + timedelta(1))
    )


def utc_offset(ts: np.ndarray) -> np.ndarray:
    """Europe/Amsterdam's offset from UTC in seconds at each instant."""
    ts = np.asarray(ts, dtype=np.int64)
    if ts.size == 0:
        return np.zeros(0, dtype=np.int64)
    years = ts.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970
    first = int(years.min())
    span = range(first, int(years.max()) + 1)
    summer_from = np.array([_epoch(_last_sunday(y, 3), 1) for y in span], dtype=np.int64)
    summer_to = np.array([_epoch(_last_sunday(y, 10), 1) for y in span], dtype=np.int64)
    k = years - first
    summer = (ts >= summer_from[k]) & (ts < summer_to[k])
    return np.where(summer, _SUMMER, _WINTER).astype(np.int64)


def local_day(ts: np.ndarray) -> np.ndarray:
    """Shop-local calendar day of each instant, as days since 1970-01-01."""
    ts = np.asarray(ts, dtype=np.int64)
    return (ts + utc_offset(ts)) // DAY


def at_local_time(days: np.ndarray, seconds_of_day: np.ndarray) -> np.ndarray:
    """UTC instants for shop-local wall-clock times on the given local days.

    A time in the autumn fold takes its first (summer-time) occurrence; a time inside the spring
    gap, which does not exist, moves an hour on. Either way it stays on its local day.
    """
    naive = np.asarray(days, dtype=np.int64) * DAY + np.asarray(seconds_of_day, dtype=np.int64)
    as_summer = naive - _SUMMER
    return np.where(utc_offset(as_summer) == _SUMMER, as_summer, naive - _WINTER)


def fold_windows(period: Period) -> list[tuple[int, int]]:
    """UTC spans [a, b) of the autumn-fold hours (local 02:00-02:59 twice) inside the period.

    The first half of each span shows as +0200, the second as +0100.
    """
    windows = []
    for year in range(period.start_date.year, period.end_date.year + 1):
        fold_day = _last_sunday(year, 10)
        a, b = _epoch(fold_day, 0), _epoch(fold_day, 2)
        if period.start <= a and b <= period.end:
            windows.append((a, b))
    return windows


def _frame(ts: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame({"t": np.asarray(ts, dtype=np.int64)})


def _finish(ts: np.ndarray, text: pl.Expr) -> pl.Series:
    frame = _frame(ts)
    return frame.select(pl.when(pl.col("t") == MISSING).then(None).otherwise(text)).to_series()


def _strftime(column: str, pattern: str) -> pl.Expr:
    return pl.from_epoch(pl.col(column), time_unit="s").dt.strftime(pattern)


def fmt_offset(ts: np.ndarray) -> pl.Series:
    """TIMESTAMP_OFFSET: ``2025-10-26 02:30:00 +0200``, shop-local with its real offset."""
    offset = utc_offset(ts)
    local = pl.Series("l", np.asarray(ts, dtype=np.int64) + offset)
    suffix = pl.Series("s", np.where(offset == _SUMMER, " +0200", " +0100"))
    frame = _frame(ts).with_columns(local, suffix)
    return frame.select(
        pl.when(pl.col("t") == MISSING)
        .then(None)
        .otherwise(_strftime("l", "%Y-%m-%d %H:%M:%S") + pl.col("s"))
    ).to_series()


def fmt_iso(ts: np.ndarray) -> pl.Series:
    """TIMESTAMP_ISO: ``2025-10-07T09:50:26Z``."""
    return _finish(ts, _strftime("t", "%Y-%m-%dT%H:%M:%SZ"))


def fmt_utc(ts: np.ndarray) -> pl.Series:
    """TIMESTAMP_UTC: ``2025-10-07 09:50:26``, UTC without a zone."""
    return _finish(ts, _strftime("t", "%Y-%m-%d %H:%M:%S"))


def fmt_local(ts: np.ndarray) -> pl.Series:
    """TIMESTAMP_LOCAL: ``2025-10-07 11:50:26``, Amsterdam wall-clock time without a zone."""
    local = np.asarray(ts, dtype=np.int64) + utc_offset(ts)
    frame = _frame(ts).with_columns(pl.Series("l", local))
    return frame.select(
        pl.when(pl.col("t") == MISSING).then(None).otherwise(_strftime("l", "%Y-%m-%d %H:%M:%S"))
    ).to_series()


def fmt_date(days: np.ndarray) -> pl.Series:
    """DATE: ``2025-10-07`` from days since 1970-01-01."""
    return (
        _frame(np.asarray(days, dtype=np.int64) * DAY)
        .select(_strftime("t", "%Y-%m-%d"))
        .to_series()
    )


def fmt_epoch(ts: np.ndarray) -> pl.Series:
    """EPOCH_SECONDS: the integer itself."""
    return _finish(ts, pl.col("t").cast(pl.String))
