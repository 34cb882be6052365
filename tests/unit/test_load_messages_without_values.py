"""Errors and warnings of ingestion name files, lines, columns and rules, never a value: each
case is a hand-written broken file of the kind a shop owner's export can be, with its outcome
written down. What a message holds ends up in Dagster's run storage and in the alerts."""

from pathlib import Path

import pytest

from pipelines.ingest.load import LandingFileError, load_table
from pipelines.ingest.schemas import EMAIL_CONTACTS, SHOP_ORDERS, SHOP_REFUNDS

ORDERS_HEADER = (
    "order_id,order_name,customer_id,email,created_at,currency,subtotal_price,total_discounts,"
    "shipping_price,total_tax,total_price,financial_status,cancelled_at,cancel_reason,"
    "sales_channel,discount_code,is_test,tags"
)
ORDERS = [
    "5001,#1001,1001,anna.devries@example.nl,2025-03-01 10:00:00 +0100,EUR,100.00,0.00,0.00,"
    "17.36,100.00,paid,,,web,,false,",
    "5002,#1002,1002,bram.jansen@example.com,2025-04-01 12:00:00 +0200,EUR,50.00,5.00,5.00,"
    "8.68,50.00,paid,,,app,WELKOM5,false,",
    "5003,#1003,1003,carla+shop@example.org,2025-05-01 09:30:00 +0200,EUR,20.00,0.00,4.95,"
    "3.47,24.95,paid,,,web,,false,vip",
]
PERSONAL = (
    "anna.devries",
    "bram.jansen",
    "carla+shop",
    "example.",
    "0612345678",
    "Dorpsstraat",
    "Anna",
    "de Vries",
)


def _deliver(landing: Path, source: str, name: str, content: bytes) -> str:
    folder = landing / source / "2026-11-01"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.csv").write_bytes(content)
    return f"{source}/2026-11-01/{name}.csv"


def _no_personal_value(text: str) -> None:
    found = [value for value in PERSONAL if value.lower() in text.lower()]
    assert not found, f"personal value(s) {found} in: {text}"


def test_an_old_mac_file_with_cr_only_line_endings_loads_every_row(tmp_path):
    # Read as one line, its header was the whole file and the error listed the "duplicated
    # columns": the customers' emails. Now: three rows loaded, nothing to say.
    _deliver(tmp_path, "shop", "orders", "\r".join([ORDERS_HEADER, *ORDERS, ""]).encode())
    load = load_table(tmp_path, SHOP_ORDERS)
    assert load.loaded == 3
    assert load.quarantined == 0
    assert load.rows["email"].to_list() == [
        "anna.devries@example.nl",
        "bram.jansen@example.com",
        "carla+shop@example.org",
    ]
    assert load.rows["_source_line"].to_list() == [2, 3, 4]
    assert load.warnings == []


def test_a_header_row_that_is_a_data_row_fails_naming_file_and_columns_only(tmp_path):
    # An export saved without its header: line 1 is an order.
    file = _deliver(tmp_path, "shop", "orders", "\n".join([*ORDERS, ""]).encode())
    with pytest.raises(LandingFileError) as error:
        load_table(tmp_path, SHOP_ORDERS)
    message = str(error.value)
    _no_personal_value(message)
    assert message.startswith(f"{file}, line 1 (header): missing required column(s) order_id, ")
    assert "financial_status, sales_channel" in message
    # All 18 fields of the order are unknown column names: counted and placed, never quoted.
    positions = "18 column(s) not in the contract at position(s) 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 "
    assert positions + "and 8 more" in message
    assert "none of its 18 column(s) is one the contract names: is line 1 a header?" in message
    assert f"Expected the columns of shop.orders: {ORDERS_HEADER.replace(',', ', ')}" in message


def test_unknown_columns_holding_emails_are_counted_by_position_not_named(tmp_path):
    # A contacts export whose header row carries two addresses where column names belong (a
    # spreadsheet's pasted row), beside the contract's columns.
    header = "contact_id,email,anna.devries@example.nl,status,first_name,bram.jansen@example.com"
    rows = "c1,x@example.net,1,subscribed,Anna,2\n"
    file = _deliver(tmp_path, "email", "contacts", f"{header}\n{rows}".encode())
    load = load_table(tmp_path, EMAIL_CONTACTS)
    assert load.loaded == 1
    unknown = [w for w in load.warnings if "not in the contract" in w]
    assert unknown == [f"{file}: 2 column(s) not in the contract at position(s) 3, 6, ignored"]
    for warning in load.warnings:
        _no_personal_value(warning)


def test_a_duplicated_column_beside_a_personal_one_names_only_the_contract_column(tmp_path):
    header = "contact_id,email,status,email,anna.devries@example.nl"
    file = _deliver(tmp_path, "email", "contacts", f"{header}\nc1,a,subscribed,b,c\n".encode())
    with pytest.raises(LandingFileError) as error:
        load_table(tmp_path, EMAIL_CONTACTS)
    message = str(error.value)
    _no_personal_value(message)
    assert message.startswith(
        f"{file}, line 1 (header): duplicated column(s) email; 1 column(s) not in the contract "
        "at position(s) 5. Expected the columns of email.contacts:"
    )


def test_the_quarantine_summary_holds_no_value_even_one_that_looks_like_a_reason(tmp_path):
    """A bad value is quoted in ops.quarantine's reason (for whoever repairs the file), but the
    summary that goes to logs, metadata and alerts counts reasons without it, also when the
    value itself holds the "; " that separates reasons."""
    content = (
        "refund_id,order_id,created_at,amount,reason\n"
        "r1,o1,2025-10-07 11:50:26 +0200,anna.devries@example.nl; de Vries,x\n"  # line 2
        "r2,o2,bram.jansen@example.com,12.50,x\n"  # line 3
        'r3,o3,2025-10-07 11:50:26 +0200,"0612345678",x\n'  # line 4
        "r4,o4,2025-10-07 11:50:26 +0200,1.00,ok\n"
    )
    _deliver(tmp_path, "shop", "refunds", content.encode())
    load = load_table(tmp_path, SHOP_REFUNDS)
    assert load.loaded == 2  # "0612345678" is a number
    decimal = (
        "amount: expected a decimal number like 12.50 (dot as decimal point, no currency sign)"
    )
    timestamp = "created_at: expected a timestamp YYYY-MM-DD HH:MM:SS +HHMM"
    assert load.quarantine_reasons() == {decimal: 1, timestamp: 1}
    # The warehouse's own quarantine keeps the value for the repair.
    assert "anna.devries@example.nl" in load.quarantine.filter(line=2)["reason"][0]
    for reason in load.quarantine_reasons():
        _no_personal_value(reason)


def test_a_stray_quote_is_one_reason_in_the_summary_not_two(tmp_path):
    content = 'refund_id,order_id,created_at,amount,reason\nr1,o1,"open,1.00,x\nr2,o2,x,1,y\n'
    _deliver(tmp_path, "shop", "refunds", content.encode())
    reasons = load_table(tmp_path, SHOP_REFUNDS).quarantine_reasons()
    unterminated = [reason for reason in reasons if reason.startswith("unterminated")]
    assert len(unterminated) == 1
    assert unterminated[0].endswith("the lines after it are read as rows of their own")
