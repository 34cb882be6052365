"""Identity over days: a person keeps its customer_id as new records arrive (the mini shop,
tests/data/mini_shop/README.md, plus a second delivery written here)."""

import pytest

from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration

ORDERS_HEADER = (
    "order_id,order_name,customer_id,email,created_at,currency,subtotal_price,total_discounts,"
    "shipping_price,total_tax,total_price,financial_status,cancelled_at,cancel_reason,"
    "sales_channel,discount_code,is_test,tags\n"
)
CONTACTS_HEADER = (
    "contact_id,email,first_name,last_name,phone,status,opted_in_at,status_changed_at,"
    "member_rating,signup_source\n"
)


def _record_persons(warehouse) -> dict[str, str]:
    return {
        f"{r['record_type']}:{r['record_id']}": r["customer_id"]
        for r in rows(
            warehouse,
            "select record_type, record_id, customer_id from intermediate.identity_records",
        )
    }


def test_a_new_day_of_records_leaves_existing_customer_ids_unchanged(
    run_pipeline, mini_shop, tmp_path
):
    warehouse = tmp_path / "klantbeeld.duckdb"
    assert run_pipeline(mini_shop, warehouse).success
    before = _record_persons(warehouse)
    people_before = {
        r["first_name"]: r["customer_id"]
        for r in rows(warehouse, "select first_name, customer_id from marts.customer_360")
    }

    # The next day: Anna orders as a guest with a plus-tagged, upper-case address; Eve signs up.
    orders = mini_shop / "shop" / "2026-11-02" / "orders.csv"
    orders.parent.mkdir()
    orders.write_text(
        ORDERS_HEADER + "5101,#1101,,Anna+winter@Example.nl,2026-11-01 12:00:00 +0100,EUR,"
        "25.00,0.00,0.00,4.34,25.00,paid,,,web,,false,\n"
    )
    contacts = mini_shop / "email" / "2026-11-02" / "contacts.csv"
    contacts.parent.mkdir()
    contacts.write_text(
        CONTACTS_HEADER + "c-eve,eve@example.nl,Eve,Smit,,subscribed,2026-11-01 09:00:00,"
        "2026-11-01 09:00:00,3,popup\n"
    )
    assert run_pipeline(mini_shop, warehouse).success
    after = _record_persons(warehouse)

    assert {key: after[key] for key in before} == before
    assert after["shop_order:5101"] == before["shop_customer:1001"]  # Anna's
    assert after["email_contact:c-eve"] not in before.values()
    people_after = {
        r["first_name"]: r["customer_id"]
        for r in rows(warehouse, "select first_name, customer_id from marts.customer_360")
    }
    assert {name: people_after[name] for name in people_before} == people_before
    assert len(people_after) == len(people_before) + 1
    history = rows(warehouse, "select event from ops.identity_history")
    assert history == []  # nothing merged or split, only added
