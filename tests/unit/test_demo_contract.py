"""The demo shop's landed files follow the landing contract, except the rows it says it broke.

The strict checker below is written from the contract's text (pipelines/ingest/schemas.py), not
from the ingestion code, so the two can be held against each other.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from pipelines.demo.generate import BLOCK_PERSONS, DemoSummary, generate_demo
from pipelines.demo.oracle import malformed_lines
from pipelines.ingest.schemas import TABLES, Kind, Table

ZONE = ZoneInfo("Europe/Amsterdam")
TIME_KINDS = {Kind.DATE, Kind.TIMESTAMP_OFFSET, Kind.TIMESTAMP_ISO, Kind.TIMESTAMP_UTC,
              Kind.TIMESTAMP_LOCAL, Kind.EPOCH_SECONDS}  # fmt: skip
PATTERNS = {
    Kind.INTEGER: r"[+-]?\d+",
    Kind.DECIMAL: r"[+-]?\d+(\.\d+)?",
    Kind.DATE: r"\d{4}-\d{2}-\d{2}",
    Kind.TIMESTAMP_OFFSET: r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}",
    Kind.TIMESTAMP_ISO: r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
    Kind.TIMESTAMP_UTC: r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}",
    Kind.TIMESTAMP_LOCAL: r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}",
    Kind.EPOCH_SECONDS: r"\d+",
}


def exists_in_amsterdam(wall: datetime) -> bool:
    """False for wall-clock times inside the spring-forward gap."""
    there_and_back = wall.replace(tzinfo=ZONE).astimezone(UTC).astimezone(ZONE)
    return there_and_back.replace(tzinfo=None) == wall


def valid(kind: Kind, text: str) -> bool:
    if kind == Kind.STRING:
        return True
    if kind == Kind.BOOLEAN:
        return text.lower() in {"true", "false", "yes", "no", "1", "0"}
    if not re.fullmatch(PATTERNS[kind], text):
        return False
    try:
        match kind:
            case Kind.DATE:
                date.fromisoformat(text)
            case Kind.TIMESTAMP_OFFSET:
                datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
            case Kind.TIMESTAMP_ISO:
                datetime.fromisoformat(text.replace("Z", "+00:00"))
            case Kind.TIMESTAMP_UTC:
                datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
            case Kind.TIMESTAMP_LOCAL:
                return exists_in_amsterdam(datetime.strptime(text, "%Y-%m-%d %H:%M:%S"))
            case Kind.EPOCH_SECONDS:
                return 631_152_000 <= int(text) <= 4_102_444_800  # 1990..2100
    except ValueError:
        return False
    return True


def problem(raw: bytes, table: Table) -> str | None:
    """Why a data line breaks the contract (as a malformed_rows.csv defect), or None."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "wrong_encoding"
    fields = next(csv.reader([text], strict=True))
    if len(fields) != len(table.columns):
        return "wrong_field_count"
    for column, value in zip(table.columns, fields, strict=True):
        value = value.strip()
        if not value:
            if column.required:
                return "missing_required"
            continue
        if not valid(column.kind, value):
            return "bad_date" if column.kind in TIME_KINDS else "non_numeric"
        if column.allowed is not None and value not in column.allowed:
            return "value_not_allowed"
    return None


# One block of persons, and blocks of 250: a streamed demo keeps every promise of a whole one.
@pytest.fixture(scope="module", params=[BLOCK_PERSONS, 250], ids=["one_block", "blocks_of_250"])
def demo(tmp_path_factory: pytest.TempPathFactory, request) -> DemoSummary:
    root = tmp_path_factory.mktemp("demo_contract")
    return generate_demo(
        root / "landing", root / "truth", customers=600, days=120, seed=7,
        block_persons=request.param,
    )  # fmt: skip


def landed_file(demo: DemoSummary, table: Table) -> Path:
    return demo.landing_dir / table.source / demo.delivery_date.isoformat() / table.file_name


def data_lines(path: Path) -> list[bytes]:
    content = path.read_bytes()
    assert content.endswith(b"\n")
    return content.split(b"\n")[1:-1]


def test_the_checker_rejects_each_defect_kind() -> None:
    orders = next(t for t in TABLES if t.name == "orders")
    good = (
        b"1,#1001,,a@b.nl,2025-10-26 02:30:00 +0100,EUR,10.00,0.00,4.95,2.60,14.95,paid,,,"
        b"web,,false,"
    )
    assert problem(good, orders) is None
    assert problem(good.replace(b"2025-10-26 02:30:00", b"2025-13-45 25:61:00"), orders)
    assert problem(good.replace(b"14.95", b"14,95", 1), orders) == "wrong_field_count"
    assert problem(good.replace(b"14.95", b"N/A"), orders) == "non_numeric"
    assert problem(good.replace(b",EUR,", b",,"), orders) == "missing_required"
    assert problem(good.replace(b"a@b", b"M\xfcller"), orders) == "wrong_encoding"
    assert problem(good.replace(b",web,", b",phone,"), orders) == "value_not_allowed"
    assert not exists_in_amsterdam(datetime(2026, 3, 29, 2, 30))
    assert exists_in_amsterdam(datetime(2026, 10, 25, 2, 30))


def test_landing_holds_one_delivery_per_source_with_every_table(demo: DemoSummary) -> None:
    landed = sorted(p.relative_to(demo.landing_dir).as_posix() for p in demo.landing_dir.rglob("*"))
    day = demo.delivery_date.isoformat()
    sources = {"shop", "email", "social"}
    expected_dirs = sources | {f"{s}/{day}" for s in sources}
    expected_files = {f"{t.source}/{day}/{t.file_name}" for t in TABLES}
    assert set(landed) == expected_dirs | expected_files
    assert demo.delivery_date == date(2026, 11, 1)


def test_every_file_starts_with_exactly_the_contract_header(demo: DemoSummary) -> None:
    for table in TABLES:
        first_line = landed_file(demo, table).read_bytes().split(b"\n", 1)[0]
        assert first_line.decode("ascii") == ",".join(table.column_names)


def test_files_use_lf_line_ends_and_no_line_breaks_inside_fields(demo: DemoSummary) -> None:
    for table in TABLES:
        content = landed_file(demo, table).read_bytes()
        assert b"\r" not in content
        for line in content.split(b"\n"):
            assert line.count(b'"') % 2 == 0


def test_malformed_rows_are_exactly_the_lines_that_break_the_contract(demo: DemoSummary) -> None:
    listed = pl.read_csv(demo.truth_dir / "malformed_rows.csv", infer_schema=False)
    expected = {(r["file"], int(r["line"])): r["defect"] for r in listed.iter_rows(named=True)}
    found = {}
    for table in TABLES:
        path = landed_file(demo, table)
        relative = path.relative_to(demo.landing_dir).as_posix()
        for line_number, raw in enumerate(data_lines(path), start=2):
            reason = problem(raw, table)
            if reason is not None:
                found[(relative, line_number)] = reason
    assert found == expected


def test_every_table_has_at_least_one_malformed_row_and_all_defect_kinds_occur(
    demo: DemoSummary,
) -> None:
    listed = pl.read_csv(demo.truth_dir / "malformed_rows.csv", infer_schema=False)
    per_table = listed.group_by("source", "table").len()
    assert per_table.height == len(TABLES)
    assert set(listed["defect"]) == {
        "bad_date", "non_numeric", "missing_required", "wrong_encoding", "wrong_field_count"
    }  # fmt: skip
    assert sum(demo.malformed_rows.values()) == listed.height


def test_summary_counts_match_the_files(demo: DemoSummary) -> None:
    for table in TABLES:
        lines = data_lines(landed_file(demo, table))
        assert demo.rows[f"{table.source}/{table.name}"] == len(lines)
    assert demo.persons == 600
    assert all(p.exists() for p in (*demo.landed_files, *demo.truth_files))


def test_dst_fold_orders_appear_with_both_offsets(demo: DemoSummary) -> None:
    lines = data_lines(landed_file(demo, next(t for t in TABLES if t.name == "orders")))
    stamps = [re.search(rb"2026-10-25 02:\d\d:\d\d [+]0[12]00", line) for line in lines]
    offsets = {m.group()[-5:] for m in stamps if m}
    assert offsets == {b"+0200", b"+0100"}


def test_offsets_are_amsterdams_real_offset_at_that_moment(demo: DemoSummary) -> None:
    orders = landed_file(demo, next(t for t in TABLES if t.name == "orders"))
    relative = orders.relative_to(demo.landing_dir).as_posix()
    # A malformed row's bad date may look like a timestamp ("2025-13-45 25:61:00 +0200").
    bad = set(malformed_lines(demo.truth_dir).filter(pl.col("file") == relative)["line"])
    checked = 0
    for line_number, raw in enumerate(data_lines(orders), start=2):
        if line_number in bad:
            continue
        match = re.search(rb",(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}),", raw)
        if match:
            moment = datetime.strptime(match.group(1).decode(), "%Y-%m-%d %H:%M:%S %z")
            assert moment.astimezone(ZONE).utcoffset() == moment.utcoffset()
            checked += 1
    assert checked > 1000


def test_reviews_include_wall_clock_times_in_the_autumn_fold(demo: DemoSummary) -> None:
    reviews = next(t for t in TABLES if t.name == "reviews")
    lines = data_lines(landed_file(demo, reviews))
    assert any(re.search(rb",2026-10-25 02:\d\d:\d\d$", line) for line in lines)


def test_ground_truth_lives_outside_landing_and_landing_reveals_none_of_it(
    demo: DemoSummary,
) -> None:
    assert not demo.truth_dir.is_relative_to(demo.landing_dir)
    assert {p.name for p in demo.truth_files} == {
        "persons.csv", "record_links.csv", "malformed_rows.csv", "duplicates.csv"
    }  # fmt: skip
    persons = pl.read_csv(demo.truth_dir / "persons.csv", infer_schema=False)
    secrets = [b"loyal_regular", b"bargain_hunter", b"one_time_buyer", b"churn", b"persona"]
    secrets.append(persons["person_id"][0].encode())
    for path in demo.landed_files:
        content = path.read_bytes()
        assert not any(secret in content for secret in secrets), path


def test_refuses_ground_truth_inside_the_landing_zone(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside the landing zone"):
        generate_demo(tmp_path, tmp_path / "truth", customers=10, days=10)
