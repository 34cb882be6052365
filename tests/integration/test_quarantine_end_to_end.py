"""Malformed rows of every kind are quarantined by the real ingestion asset, the reconciliation
check passes, and the valid rows flow on into customer_360."""

import duckdb
import pytest

pytestmark = pytest.mark.integration

ORDER = "{id},#{id},1004,,{at},EUR,20.00,0.00,0.00,3.47,{total},paid,,,web,,false,\n"
# Each malformed row, with what the quarantine must say about it.
MALFORMED = [
    (
        ORDER.format(id="6001", at="2025-13-45 25:61:00 +0200", total="20.00").encode(),
        "created_at: expected a timestamp YYYY-MM-DD HH:MM:SS +HHMM",
    ),
    (
        ORDER.format(id="6002", at="2025-08-01 10:00:00 +0200", total="N/A").encode(),
        "total_price: expected a decimal number",
    ),
    (
        ORDER.format(id="6003", at="2025-08-01 10:00:00 +0200", total="20,00").encode(),
        "expected 18 fields as in the header, found 19",
    ),
    (
        ORDER.format(id="", at="2025-08-01 10:00:00 +0200", total="20.00").encode(),
        "order_id: required value missing",
    ),
    (
        ORDER.format(id="6005", at="2025-08-01 10:00:00 +0200", total="20.00")
        .replace(",,web", ",M\xfcller,web")
        .encode("latin-1"),
        "not valid UTF-8",
    ),
]


@pytest.fixture
def damaged_shop(mini_shop):
    orders = mini_shop / "shop" / "2026-11-01" / "orders.csv"
    lines_before = orders.read_bytes().count(b"\n")
    with orders.open("ab") as f:
        for row, _ in MALFORMED:
            f.write(row)
    return mini_shop, lines_before


def test_malformed_rows_are_quarantined_and_the_rest_flows_on(run_pipeline, damaged_shop, tmp_path):
    landing, lines_before = damaged_shop
    warehouse = tmp_path / "klantbeeld.duckdb"
    result = run_pipeline(landing, warehouse)
    assert result.success

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        quarantined = connection.execute(
            "select file, line, reason, raw_text from ops.quarantine order by line"
        ).fetchall()
        log = connection.execute(
            "select landed, loaded, duplicates, quarantined from ops.ingest_log "
            "where table_name = 'orders'"
        ).fetchone()
        orders_loaded = connection.execute("select count(*) from raw_shop.orders").fetchone()[0]
        persons = connection.execute("select count(*) from marts.customer_360").fetchone()[0]

    assert [q[1] for q in quarantined] == list(range(lines_before + 1, lines_before + 6))
    for (_, _, reason, raw_text), (row, expected) in zip(quarantined, MALFORMED, strict=True):
        assert expected in reason
        assert raw_text.split(",")[1] == row.decode("latin-1").split(",")[1]
    assert {q[0] for q in quarantined} == {"shop/2026-11-01/orders.csv"}
    assert log == (13, 8, 0, 5)
    assert orders_loaded == 8
    assert persons == 4

    reconcile = next(
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.asset_key.to_user_string() == "raw_shop__orders"
        and e.event_specific_data.check_name == "landed_rows_reconcile"
    )
    assert reconcile.passed
    assert reconcile.metadata["rows_in_quarantine"].value == 5
