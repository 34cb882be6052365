"""A landed table's rows end up loaded, a duplicate of a loaded key, or quarantined: never lost."""

from pathlib import Path

import pytest

from pipelines.ingest.load import LandingFileError, load_table
from pipelines.ingest.schemas import (
    EMAIL_EVENTS,
    SHOP_CUSTOMERS,
    SHOP_REFUNDS,
    SOCIAL_INTERACTIONS,
)

REFUNDS_HEADER = "refund_id,order_id,created_at,amount,reason\n"
GOOD_REFUND = "r{n},o{n},2025-10-07 11:50:26 +0200,12.50,damaged\n"


def _deliver(landing: Path, source: str, day: str, name: str, content: bytes) -> Path:
    folder = landing / source / day
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    path.write_bytes(content)
    return path


@pytest.fixture
def malformed_refunds(tmp_path: Path) -> Path:
    lines = [
        REFUNDS_HEADER,
        GOOD_REFUND.format(n=1),
        "r2,o2,2025-13-45 25:61:00 +0200,5.00,bad date\n",  # line 3
        "r3,o3,2025-10-07 11:50:26 +0200,12,50,decimal comma\n",  # line 4: splits a field
        "r4,o4,2025-10-07 11:50:26 +0200,N/A,not a number\n",  # line 5
        ",o5,2025-10-07 11:50:26 +0200,5.00,no id\n",  # line 6
        GOOD_REFUND.format(n=6),
        "r7,o7,2025-10-07 11:50:26 +0200,5.00,M\xfcller\n",  # line 8: Latin-1 byte
        "r8,o8\n",  # line 9: too few fields
        GOOD_REFUND.format(n=9),
    ]
    content = b"".join(
        line.encode("latin-1") if "\xfc" in line else line.encode() for line in lines
    )
    _deliver(tmp_path, "shop", "2026-11-01", "refunds", content)
    return tmp_path


def test_each_kind_of_malformed_row_is_quarantined_with_its_reason(malformed_refunds):
    load = load_table(malformed_refunds, SHOP_REFUNDS)
    reasons = dict(zip(load.quarantine["line"], load.quarantine["reason"], strict=True))

    assert sorted(load.rows["refund_id"]) == ["r1", "r6", "r9"]
    assert "created_at: expected a timestamp YYYY-MM-DD HH:MM:SS +HHMM" in reasons[3]
    assert reasons[4] == "expected 5 fields as in the header, found 6"
    assert "amount: expected a decimal number" in reasons[5]
    assert reasons[6] == "refund_id: required value missing"
    assert reasons[8].startswith("not valid UTF-8")
    assert reasons[9] == "expected 5 fields as in the header, found 2"
    assert set(load.quarantine["file"]) == {"shop/2026-11-01/refunds.csv"}
    assert load.quarantine.filter(line=8)["raw_text"][0].startswith("r7,o7,")


def test_counts_reconcile(malformed_refunds):
    load = load_table(malformed_refunds, SHOP_REFUNDS)
    assert (load.landed, load.loaded, load.duplicates, load.quarantined) == (9, 3, 0, 6)
    assert load.reconciles


def test_loaded_rows_remember_where_they_came_from(malformed_refunds):
    load = load_table(malformed_refunds, SHOP_REFUNDS)
    first = load.rows.filter(refund_id="r1").row(0, named=True)
    assert first["_source_file"] == "shop/2026-11-01/refunds.csv"
    assert first["_source_line"] == 2
    assert str(first["_delivered_on"]) == "2026-11-01"


def test_a_snapshot_key_delivered_again_keeps_the_newest_delivery(tmp_path):
    header = ",".join(SHOP_CUSTOMERS.column_names) + "\n"
    row = "1001,{email},Anna,,,,,,NL,2025-01-02 09:00:00 +0100,yes,,\n"
    _deliver(
        tmp_path,
        "shop",
        "2026-11-01",
        "customers",
        (header + row.format(email="old@example.nl")).encode(),
    )
    _deliver(
        tmp_path,
        "shop",
        "2026-11-02",
        "customers",
        (header + row.format(email="new@example.nl")).encode(),
    )
    load = load_table(tmp_path, SHOP_CUSTOMERS)
    assert load.rows["email"].to_list() == ["new@example.nl"]
    assert (load.landed, load.loaded, load.duplicates) == (2, 1, 1)


def test_an_event_exported_twice_counts_once(tmp_path):
    header = ",".join(EMAIL_EVENTS.column_names) + "\n"
    event = "ev1,c1,k1,open,2025-03-10T12:00:00Z,,,\n"
    _deliver(tmp_path, "email", "2026-11-01", "events", (header + event + event).encode())
    _deliver(tmp_path, "email", "2026-11-02", "events", (header + event).encode())
    load = load_table(tmp_path, EMAIL_EVENTS)
    assert load.loaded == 1
    assert load.duplicates == 2
    assert load.reconciles


def test_a_header_without_a_required_column_fails_with_file_and_expectation(tmp_path):
    _deliver(tmp_path, "shop", "2026-11-01", "refunds", b"refund_id,created_at,amount\nr1,x,1\n")
    with pytest.raises(LandingFileError) as error:
        load_table(tmp_path, SHOP_REFUNDS)
    message = str(error.value)
    assert "shop/2026-11-01/refunds.csv, line 1 (header)" in message
    assert "missing required column(s) order_id" in message
    assert "refund_id, order_id, created_at, amount, reason" in message


def test_columns_are_matched_by_name_not_position(tmp_path):
    _deliver(
        tmp_path,
        "shop",
        "2026-11-01",
        "refunds",
        b"amount,refund_id,order_id,created_at,extra\n3.00,r1,o1,2025-10-07 11:50:26 +0200,x\n",
    )
    load = load_table(tmp_path, SHOP_REFUNDS)
    assert load.rows.select("refund_id", "order_id").row(0) == ("r1", "o1")
    assert any("not in the contract" in w for w in load.warnings)
    assert any("optional column(s) absent" in w for w in load.warnings)


def test_no_delivery_gives_an_empty_typed_table_and_says_so(tmp_path):
    load = load_table(tmp_path, SHOP_REFUNDS)
    assert load.rows.height == 0
    assert "amount" in load.rows.columns
    assert load.warnings
    assert "no files for shop.refunds" in load.warnings[0]


def test_quarantine_reason_summary_drops_quoted_values(malformed_refunds):
    reasons = load_table(malformed_refunds, SHOP_REFUNDS).quarantine_reasons()
    assert all("got '" not in reason for reason in reasons)
    assert sum(reasons.values()) == 6


def test_quarantine_keeps_the_whole_raw_record_also_of_a_table_with_a_text_column(tmp_path):
    """Social interactions have a column called `text`: parsing it must not replace the raw
    record that quarantine keeps (an erasure searches it for the person's identifiers)."""
    _deliver(
        tmp_path,
        "social",
        "2026-11-01",
        "interactions",
        b"interaction_id,profile_id,platform,interaction_type,post_id,text,occurred_at\n"
        b"i1,p1,instagram,comment,,M\xfcller,1769917267\n",
    )
    load = load_table(tmp_path, SOCIAL_INTERACTIONS)
    (raw_text,) = load.quarantine["raw_text"]
    assert raw_text == "i1,p1,instagram,comment,,M\ufffdller,1769917267"
