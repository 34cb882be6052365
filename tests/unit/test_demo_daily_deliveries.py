"""`klantbeeld demo --daily-deliveries K`: the same history as one initial delivery and K daily
ones, late-arriving events included, with a ground truth that stays exact per file."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.demo import rates
from pipelines.demo.deliveries import EVENT_TIME
from pipelines.demo.generate import BLOCK_PERSONS, DeliveryWritten, DemoSummary, generate_demo
from pipelines.ingest.schemas import TABLES, Kind, Table, table
from tests.unit.test_demo_contract import TIME_KINDS, data_lines, problem

ZONE = ZoneInfo("Europe/Amsterdam")
CUSTOMERS, DAYS, SEED, DAILY = 200, 60, 3, 3
DATES = [date(2026, 10, 29), date(2026, 10, 30), date(2026, 10, 31), date(2026, 11, 1)]
EVENT_LIKE = [*(table(*key) for key in EVENT_TIME), table("shop", "order_lines")]
SNAPSHOTS = [t for t in TABLES if t not in EVENT_LIKE]


def generate(root: Path, **kwargs) -> DemoSummary:
    arguments = {"customers": CUSTOMERS, "days": DAYS, "seed": SEED} | kwargs
    return generate_demo(root / "landing", root / "truth", **arguments)


def fingerprint(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def path(demo: DemoSummary, t: Table, delivery: date) -> Path:
    return demo.landing_dir / t.source / delivery.isoformat() / t.file_name


def records(file: Path) -> list[dict[str, str]]:
    with file.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def local_date(value: str, kind: Kind) -> date:
    """The shop-local day of a landed value, read with the time-zone database."""
    match kind:
        case Kind.TIMESTAMP_ISO:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        case Kind.TIMESTAMP_UTC:
            moment = datetime.fromisoformat(value).replace(tzinfo=UTC)
        case Kind.EPOCH_SECONDS:
            moment = datetime.fromtimestamp(int(value), UTC)
        case _:  # a date, or a shop-local time: its day as written
            return date.fromisoformat(value[:10])
    return moment.astimezone(ZONE).date()


def no_damage(rng, frame, t, spare=None, *, wanted=None):
    return frame, []


# One block of persons, and blocks of 60: each block's deliveries append to the same files.
@pytest.fixture(scope="module", params=[BLOCK_PERSONS, 60], ids=["one_block", "blocks_of_60"])
def block_persons(request) -> int:
    return request.param


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, block_persons: int) -> dict[int, DemoSummary]:
    """The history as one delivery (0) and as daily deliveries (DAILY), with no row damaged, so
    the two can be compared line for line."""
    root = tmp_path_factory.mktemp("daily_clean")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipelines.demo.landing.damage", no_damage)
        return {
            k: generate(root / str(k), daily_deliveries=k, block_persons=block_persons)
            for k in (0, DAILY)
        }


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory, block_persons: int) -> DemoSummary:
    return generate(
        tmp_path_factory.mktemp("daily_messy"), daily_deliveries=DAILY, block_persons=block_persons
    )


def test_zero_daily_deliveries_is_the_single_full_history_delivery(tmp_path: Path) -> None:
    default = generate(tmp_path / "default")
    zero = generate(tmp_path / "zero", daily_deliveries=0)
    assert fingerprint(tmp_path / "default") == fingerprint(tmp_path / "zero")
    assert len(fingerprint(tmp_path / "zero")) == len(TABLES) + 4
    for t in TABLES:
        assert [p.name for p in (zero.landing_dir / t.source).iterdir()] == ["2026-11-01"]
        assert len(data_lines(path(zero, t, DATES[-1]))) == zero.rows[f"{t.source}/{t.name}"]
    assert zero.rows == default.rows
    assert zero.deliveries == (DeliveryWritten(DATES[-1], sum(zero.rows.values()), 0),)


def test_an_initial_delivery_then_one_per_day(messy: DemoSummary) -> None:
    assert [d.date for d in messy.deliveries] == DATES
    assert messy.delivery_date == DATES[-1]
    for source in ("shop", "email", "social"):
        folders = sorted(p.name for p in (messy.landing_dir / source).iterdir())
        assert folders == [d.isoformat() for d in DATES]
    for t in TABLES:
        for delivery in DATES:
            assert (
                path(messy, t, delivery).read_bytes().startswith(",".join(t.column_names).encode())
            )
    landed = sorted(messy.landing_dir.rglob("*.csv"))
    assert landed == sorted(messy.landed_files)
    assert len(landed) == len(TABLES) * len(DATES)
    for written in messy.deliveries:
        files = [path(messy, t, written.date) for t in TABLES]
        assert written.rows == sum(len(data_lines(f)) for f in files)


def test_every_event_row_lands_once_and_together_they_are_the_whole_history(
    clean: dict[int, DemoSummary],
) -> None:
    whole, daily = clean[0], clean[DAILY]
    for t in EVENT_LIKE:
        per_delivery = {d: data_lines(path(daily, t, d)) for d in DATES}
        union = Counter(line for lines in per_delivery.values() for line in lines)
        assert union == Counter(data_lines(path(whole, t, DATES[-1]))), t.name
        # A key is in one delivery only (re-exported email events repeat within their file).
        where = {}
        for delivery, lines in per_delivery.items():
            for row in csv.DictReader([",".join(t.column_names), *(x.decode() for x in lines)]):
                key = key_of(row, t)
                assert where.setdefault(key, delivery) == delivery, (t.name, key)
        assert len(per_delivery[DATES[0]]) > max(len(per_delivery[d]) for d in DATES[1:])


def test_snapshots_are_full_exports_of_the_records_as_they_stood_that_day(
    clean: dict[int, DemoSummary],
) -> None:
    whole, daily = clean[0], clean[DAILY]
    undone = 0
    for t in SNAPSHOTS:
        # The last delivery is taken after the last day: the whole history, as it ended.
        assert path(daily, t, DATES[-1]).read_bytes() == path(whole, t, DATES[-1]).read_bytes()
        final = {key_of(r, t): r for r in records(path(whole, t, DATES[-1]))}
        times = [c for c in t.columns if c.kind in TIME_KINDS]
        earlier: set[tuple[str, ...]] = set()
        for delivery in DATES:
            rows = {key_of(r, t): r for r in records(path(daily, t, delivery))}
            assert earlier <= rows.keys(), t.name  # a record, once exported, stays
            earlier = set(rows)
            for key, row in rows.items():
                # Nothing in an export happened after the day before it was taken.
                for c in times:
                    if row[c.name]:
                        assert local_date(row[c.name], c.kind) < delivery, (t.name, c.name)
                undone += row != final[key]
    products = {path(daily, table("shop", "products"), d).read_bytes() for d in DATES}
    assert len(products) == 1
    assert undone > 0  # a consent withdrawn or a contact gone after an earlier export


def key_of(row: dict[str, str], t: Table) -> tuple[str, ...]:
    return tuple(row[k] for k in t.key)


def test_a_few_event_rows_arrive_exactly_two_days_late(clean: dict[int, DemoSummary]) -> None:
    daily = clean[DAILY]
    on_time, late, late_by_two = 0, Counter(), 0
    order_delivery = {}
    for key, column in EVENT_TIME.items():
        t = table(*key)
        kind = next(c.kind for c in t.columns if c.name == column)
        for delivery in DATES:
            for row in records(path(daily, t, delivery)):
                day = local_date(row[column], kind)
                expected = max(day + timedelta(days=1), DATES[0])
                if delivery == expected:
                    on_time += 1
                else:
                    late[delivery] += 1
                    two_days = day + timedelta(days=1 + rates.LATE_EVENT_DAYS)
                    assert delivery == min(two_days, DATES[-1]), (key, row)
                    late_by_two += delivery == two_days
                if key == ("shop", "orders"):
                    order_delivery[row["order_id"]] = delivery
    for delivery in DATES:
        for line in records(path(daily, table("shop", "order_lines"), delivery)):
            assert order_delivery[line["order_id"]] == delivery
    assert late_by_two > 0
    assert 0 < sum(late.values()) < 0.1 * on_time
    assert {d.date: d.late_rows for d in daily.deliveries} == {d: late[d] for d in DATES}


def test_malformed_lines_in_the_truth_are_exactly_the_broken_lines(
    messy: DemoSummary, clean: dict[int, DemoSummary]
) -> None:
    listed = pl.read_csv(messy.truth_dir / "malformed_rows.csv", infer_schema=False)
    expected = {(r["file"], int(r["line"])): r["defect"] for r in listed.iter_rows(named=True)}
    found = {}
    for t in TABLES:
        for delivery in DATES:
            file = path(messy, t, delivery)
            relative = file.relative_to(messy.landing_dir).as_posix()
            for number, raw in enumerate(data_lines(file), start=2):
                if (reason := problem(raw, t)) is not None:
                    found[(relative, number)] = reason
    assert found == expected
    assert sum(messy.malformed_rows.values()) == listed.height
    initial = listed.filter(pl.col("file").str.contains(DATES[0].isoformat()))
    assert initial.group_by("source", "table").len().height == len(TABLES)
    # Damage replaces rows: every other line is one of the history's, and none goes missing.
    whole = clean[0]
    for t in EVENT_LIKE:
        intact = Counter()
        for delivery in DATES:
            file = path(messy, t, delivery)
            relative = file.relative_to(messy.landing_dir).as_posix()
            lines = enumerate(data_lines(file), start=2)
            intact.update(raw for n, raw in lines if (relative, n) not in expected)
        history = Counter(data_lines(path(whole, t, DATES[-1])))
        assert not intact - history, t.name
        assert messy.rows[f"{t.source}/{t.name}"] == whole.rows[f"{t.source}/{t.name}"]


def test_duplicates_in_the_truth_point_at_their_first_copy_in_the_same_file(
    messy: DemoSummary, clean: dict[int, DemoSummary]
) -> None:
    duplicates = pl.read_csv(messy.truth_dir / "duplicates.csv", infer_schema=False)
    assert duplicates.height == messy.duplicate_event_rows == clean[0].duplicate_event_rows > 0
    assert duplicates["file"].n_unique() > 1
    for row in duplicates.iter_rows(named=True):
        lines = (messy.landing_dir / row["file"]).read_bytes().split(b"\n")
        copy, first = lines[int(row["line"]) - 1], lines[int(row["original_line"]) - 1]
        assert int(row["original_line"]) < int(row["line"])
        assert copy == first
        assert copy.startswith(row["event_id"].encode() + b",")


def test_same_arguments_give_the_same_deliveries(tmp_path: Path) -> None:
    generate(tmp_path / "a", daily_deliveries=DAILY)
    generate(tmp_path / "b", daily_deliveries=DAILY)
    assert fingerprint(tmp_path / "a") == fingerprint(tmp_path / "b")


@pytest.mark.parametrize("daily", [-1, DAYS])
def test_the_initial_delivery_keeps_at_least_one_day(tmp_path: Path, daily: int) -> None:
    with pytest.raises(ValueError, match="daily deliveries"):
        generate(tmp_path, daily_deliveries=daily)
    assert not tmp_path.joinpath("landing").exists()


def test_the_command_says_which_deliveries_it_wrote(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("KLANTBEELD_GROUND_TRUTH_DIR", str(tmp_path / "truth"))
    arguments = ["demo", "--customers", "100", "--days", "30", "--daily-deliveries", "2"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert "2026-10-30  history up to 2026-10-29" in result.output
    assert "2026-10-31  the day 2026-10-30" in result.output
    assert "2026-11-01  the day 2026-10-31" in result.output
    assert sorted(p.name for p in (tmp_path / "landing" / "email").iterdir()) == [
        "2026-10-30", "2026-10-31", "2026-11-01"
    ]  # fmt: skip
    refused = CliRunner().invoke(main, [*arguments[:-1], "30"])
    assert refused.exit_code != 0
    assert "--daily-deliveries" in refused.output
    assert (tmp_path / "landing" / "email" / "2026-11-01").exists()  # the earlier demo stays
