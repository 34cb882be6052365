"""Small building blocks of the demo generator: time zone, formats, ids, planted bytes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

from pipelines.demo.clock import (
    MISSING,
    at_local_time,
    fmt_date,
    fmt_epoch,
    fmt_iso,
    fmt_local,
    fmt_offset,
    fmt_utc,
    fold_windows,
    local_day,
    make_period,
    utc_offset,
)
from pipelines.demo.draw import group_starts, hex_ids, money, numeric_ids, scrambled
from pipelines.demo.mess import DROP_FIELD, EXTRA_FIELD, RAW_BYTE
from pipelines.demo.writer import csv_chunks

ZONE = ZoneInfo("Europe/Amsterdam")


def test_utc_offset_matches_the_time_zone_database_around_every_switch() -> None:
    rng = np.random.default_rng(0)
    instants = rng.integers(
        datetime(2019, 1, 1, tzinfo=UTC).timestamp(),
        datetime(2031, 1, 1, tzinfo=UTC).timestamp(),
        20_000,
    )
    switches = [
        int(datetime(y, m, d, 1, tzinfo=UTC).timestamp()) + delta
        for y, m, d in ((2025, 3, 30), (2025, 10, 26), (2026, 3, 29), (2026, 10, 25))
        for delta in (-1, 0, 1)
    ]
    instants = np.concatenate((instants, switches))
    expected = [
        datetime.fromtimestamp(int(t), tz=UTC).astimezone(ZONE).utcoffset().total_seconds()
        for t in instants
    ]
    assert utc_offset(instants).tolist() == expected


def test_the_fold_window_is_the_hour_that_happens_twice() -> None:
    period = make_period(date(2026, 10, 31), 400)
    windows = fold_windows(period)
    assert [
        (datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC)) for a, b in windows
    ] == [
        (datetime(2025, 10, 26, 0, tzinfo=UTC), datetime(2025, 10, 26, 2, tzinfo=UTC)),
        (datetime(2026, 10, 25, 0, tzinfo=UTC), datetime(2026, 10, 25, 2, tzinfo=UTC)),
    ]
    a, b = windows[1]
    assert fmt_offset(np.array([a + 1800, b - 1800])).to_list() == [
        "2026-10-25 02:30:00 +0200",
        "2026-10-25 02:30:00 +0100",
    ]
    assert fmt_local(np.array([a + 1800, b - 1800])).to_list() == ["2026-10-25 02:30:00"] * 2


def test_period_runs_from_local_midnight_to_local_midnight() -> None:
    period = make_period(date(2026, 10, 31), 730)
    assert period.start_date == date(2024, 11, 1)
    assert fmt_offset(np.array([period.start, period.end])).to_list() == [
        "2024-11-01 00:00:00 +0100",
        "2026-11-01 00:00:00 +0100",
    ]
    assert period.delivery_date == date(2026, 11, 1)
    assert period.days == 730


def test_local_wall_clock_times_land_on_their_day_even_on_switch_days() -> None:
    days = np.array([(date(2026, 3, 29) - date(1970, 1, 1)).days] * 24)
    instants = at_local_time(days, np.arange(24) * 3600)
    assert (local_day(instants) == days).all()
    assert all(
        ZONE.fromutc(datetime.fromtimestamp(int(t), UTC).replace(tzinfo=ZONE)).date()
        == date(2026, 3, 29)
        for t in instants
    )


def test_formats_follow_the_contract_and_leave_missing_times_blank() -> None:
    t = np.array([int(datetime(2025, 10, 7, 9, 50, 26, tzinfo=UTC).timestamp()), MISSING])
    assert fmt_iso(t).to_list() == ["2025-10-07T09:50:26Z", None]
    assert fmt_utc(t).to_list() == ["2025-10-07 09:50:26", None]
    assert fmt_local(t).to_list() == ["2025-10-07 11:50:26", None]
    assert fmt_offset(t).to_list() == ["2025-10-07 11:50:26 +0200", None]
    assert fmt_epoch(t).to_list() == ["1759830626", None]
    assert fmt_date(np.array([20368])).to_list() == ["2025-10-07"]


def test_ids_are_distinct_and_have_their_promised_shape() -> None:
    rng = np.random.default_rng(1)
    values = scrambled(rng, 100_000)
    assert len(np.unique(values)) == 100_000
    ids = numeric_ids(rng, 50_000, 19)
    assert ids.n_unique() == 50_000
    assert (ids.str.len_chars() == 19).all()
    assert hex_ids(np.array([0, 255, 2**48 - 1]), 12).to_list() == [
        "000000000000",
        "0000000000ff",
        "ffffffffffff",
    ]


def test_money_and_group_helpers() -> None:
    assert money(np.array([0, 5, 1250, 123456])).to_list() == ["0.00", "0.05", "12.50", "1234.56"]
    assert group_starts(np.array([2, 0, 3])).tolist() == [0, 2, 2]
    assert group_starts(np.array([], dtype=np.int64)).tolist() == []


def test_planted_characters_become_raw_bytes_only_on_their_lines() -> None:
    frame = pl.DataFrame(
        {
            "a": ["ok, quoted", "M" + chr(RAW_BYTE + 0xFC) + "ller", "x" + EXTRA_FIELD + "y", "z"],
            "b": ["1", "2", "3", DROP_FIELD],
            "c": ["", None, "Zoë", "4"],
        }
    )
    data = b"".join(bytes(chunk) for chunk in csv_chunks(frame))
    assert data == b'a,b,c\n"ok, quoted",1,\nM\xfcller,2,\nx,y,3,Zo\xc3\xab\nz,4\n'
