"""The fixes behind the bad-input corpus (tests/unit/test_bad_inputs_corpus.py), each at its
edges: the reader's own line separator, valid U+FFFD, conflicting copies of a key, empty
deliveries, delivery folders, dates beyond the horizon."""

import datetime as dt
from pathlib import Path

import duckdb

from pipelines.ingest.csv_records import _SEPARATOR_CANDIDATES, read_records
from pipelines.ingest.load import delivery_date, empty_file_warnings, load_table
from pipelines.ingest.row_rules import FUTURE_HORIZON_DAYS
from pipelines.ingest.schemas import EMAIL_EVENTS, SHOP_CUSTOMERS, SHOP_ORDERS, SHOP_REFUNDS
from pipelines.ingest.warehouse_writes import write_deliveries
from pipelines.privacy.person import Person
from pipelines.privacy.warehouse_sweep import find_rows

DAY = dt.date(2026, 11, 1)
REFUNDS = "refund_id,order_id,created_at,amount,reason\n"


def _deliver(landing: Path, name: str, content: bytes, day: str = "2026-11-01") -> Path:
    path = landing / "shop" / day / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_a_file_holding_every_separator_candidate_is_read_whole(tmp_path):
    """No byte is left for the fast reader's separator: the lines are still read in full,
    control bytes and all (ingestion then quarantines them)."""
    every = _SEPARATOR_CANDIDATES.decode("latin-1")
    path = tmp_path / "t.csv"
    path.write_bytes(f"a,b\n1,x{every}y\n2,ok\n".encode())
    _, records = read_records(path)
    assert records["fields"].to_list() == [["1", f"x{every}y"], ["2", "ok"]]
    assert records["line"].to_list() == [2, 3]


def test_a_unit_separator_is_kept_in_the_text_at_any_batch_size(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,x\x1fy\n2,ok\n")
    assert read_records(path)[1]["text"].to_list() == ["1,x\x1fy", "2,ok"]


def test_a_real_replacement_character_is_valid_also_beside_a_latin1_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("a,b\n1,\ufffd\n".encode() + b"2,M\xfcller\n" + '3,"x\n\ufffd"\n'.encode())
    _, records = read_records(path)
    assert records["utf8_ok"].to_list() == [True, False, True]


def test_conflicting_copies_of_a_key_are_kept_apart_from_identical_ones(tmp_path):
    header = ",".join(SHOP_CUSTOMERS.column_names) + "\n"
    row = "c{n},{email},Anna,,,,,,NL,2025-01-02 09:00:00 +0100,yes,,\n"
    lines = [
        row.format(n=1, email="a@example.nl"),  # line 2
        row.format(n=1, email="a@example.nl"),  # line 3: identical copy
        row.format(n=1, email="b@example.nl"),  # line 4: other values, kept (last)
        row.format(n=2, email="c@example.nl"),
    ]
    _deliver(tmp_path, "customers", (header + "".join(lines)).encode())
    load = load_table(tmp_path, SHOP_CUSTOMERS)
    connection = duckdb.connect()
    try:
        counts = write_deliveries(connection, load, [DAY], "run-1")
    finally:
        load.close()
    assert (counts["loaded"], counts["duplicates"], counts["conflicting"]) == (2, 0, 2)
    assert counts["landed"] == counts["loaded"] + counts["duplicates"] + counts["conflicting"]
    versions = connection.execute(
        "select file, line, kept, raw_text like '%b@example.nl%' "
        "from ops.conflicting_duplicates order by line"
    ).fetchall()
    file = "shop/2026-11-01/customers.csv"
    assert versions == [(file, 2, False, False), (file, 3, False, False), (file, 4, True, True)]
    # Ingesting the day again replaces its versions instead of adding to them.
    load = load_table(tmp_path, SHOP_CUSTOMERS)
    try:
        write_deliveries(connection, load, [DAY], "run-2")
    finally:
        load.close()
    assert connection.execute("select count(*) from ops.conflicting_duplicates").fetchone() == (3,)


def test_an_empty_delivery_warns_only_when_the_table_held_rows(tmp_path):
    _deliver(tmp_path, "refunds", REFUNDS.encode())
    load = load_table(tmp_path, SHOP_REFUNDS)
    load.close()
    assert empty_file_warnings(load, rows_before=0) == []
    (warning,) = empty_file_warnings(load, rows_before=12)
    assert warning.startswith("shop/2026-11-01/refunds.csv: header only, no rows")
    assert "shop.refunds held 12 rows before" in warning


def test_a_quiet_day_of_an_event_table_is_no_warning(tmp_path):
    header = ",".join(EMAIL_EVENTS.column_names) + "\n"
    path = tmp_path / "email" / "2026-11-01" / "events.csv"
    path.parent.mkdir(parents=True)
    path.write_text(header)
    load = load_table(tmp_path, EMAIL_EVENTS)
    load.close()
    assert load.empty_files == ["email/2026-11-01/events.csv: header only, no rows"]
    assert empty_file_warnings(load, rows_before=1_000) == []


def test_a_delivery_folder_is_named_with_dashes():
    assert delivery_date(Path("shop/2026-11-01/orders.csv")) == DAY
    assert delivery_date(Path("shop/20261101/orders.csv")) is None
    assert delivery_date(Path("shop/2026-02-30/orders.csv")) is None


def test_a_time_is_quarantined_just_past_the_horizon_only(tmp_path):
    header = ",".join(SHOP_ORDERS.column_names) + "\n"
    order = "o{n},#1,,,{at},EUR,,,,,10.00,paid,,,web,,false,\n"
    last_day = DAY + dt.timedelta(days=FUTURE_HORIZON_DAYS)
    rows = [
        order.format(n=1, at=f"{last_day} 23:59:59 +0000"),
        order.format(n=2, at=f"{last_day + dt.timedelta(days=1)} 00:00:01 +0000"),
    ]
    _deliver(tmp_path, "orders", (header + "".join(rows)).encode())
    load = load_table(tmp_path, SHOP_ORDERS)
    try:
        assert load.rows["order_id"].to_list() == ["o1"]
        assert load.quarantine["line"].to_list() == [3]
    finally:
        load.close()


def test_an_erasure_finds_the_versions_of_a_conflicting_key(tmp_path):
    """ops.conflicting_duplicates keeps the values (raw_text, source, table_name, as
    ops.quarantine does): the warehouse sweep of `klantbeeld forget` finds them by their
    columns, as it finds quarantined rows."""
    header = ",".join(SHOP_CUSTOMERS.column_names) + "\n"
    row = "{id},{email},Anna,,,,,,NL,2025-01-02 09:00:00 +0100,yes,,\n"
    rows = [row.format(id=i, email=e) for i, e in [("c1", "a@x.nl"), ("c1", "b@x.nl")]]
    _deliver(tmp_path, "customers", (header + "".join(rows)).encode())
    load = load_table(tmp_path, SHOP_CUSTOMERS)
    connection = duckdb.connect()
    try:
        write_deliveries(connection, load, [DAY], "run-1")
    finally:
        load.close()
    by_email = Person(customer_ids=frozenset(), tokens=frozenset({"email:a@x.nl"}))
    found = {t.relation: t.rows for t in find_rows(connection, by_email)}
    assert found["ops.conflicting_duplicates"] == 1
