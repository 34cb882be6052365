"""The warehouse sweep finds a person's rows by the columns each table has: a table nobody told
it about (here a review table of social-profile matches) is swept like the others."""

import duckdb
import pytest

from pipelines.privacy.person import Person
from pipelines.privacy.warehouse_sweep import (
    PERSON,
    column_kind,
    delete_rows,
    expand_from_raw,
    find_rows,
)

ANNA = Person(
    customer_ids=frozenset({"p-anna"}),
    tokens=frozenset(
        {
            "shop_customer:1001",
            "email_contact:c1",
            "social_profile:ig-1",
            "email:anna@example.nl",
            "phone:+31612345670",
        }
    ),
)


@pytest.mark.parametrize(
    ("column", "kind"),
    [
        ("customer_id", PERSON),
        ("candidate_customer_id", PERSON),
        ("identity_key", PERSON),
        ("primary_shop_customer_id", "shop_customer"),
        ("order_id", "shop_order"),
        ("email_contact_id", "email_contact"),
        ("social_profile_id", "social_profile"),
        ("reviewer_email", "email"),
        ("phone_e164", "phone"),
        ("record_id", "record"),
        ("campaign_id", None),
        ("email_consent_status", None),
        ("emails_sent", None),
    ],
)
def test_what_a_column_identifies_is_read_from_its_name(column, kind):
    assert column_kind(column) == kind


@pytest.fixture
def warehouse():
    connection = duckdb.connect()
    for statement in (
        "create schema raw_shop",
        "create schema raw_email",
        "create schema intermediate",
        "create schema marts",
        "create schema ops",
        # Raw tables follow the landing contract: customer_id is the shop's account id here.
        "create table raw_shop.customers as select * from (values ('1001', ' Anna@Example.nl',"
        " '06-12345670'), ('1002', 'bob@example.nl', null), ('p-anna', 'carla@example.nl', null))"
        " t(customer_id, email, phone)",
        "create table raw_shop.orders as select * from (values ('5001', '1001', null),"
        " ('5002', '1002', 'bob@example.nl'), ('5003', null, 'ANNA+shop@example.nl'))"
        " t(order_id, customer_id, email)",
        "create table raw_email.events as select * from (values ('e1', 'c1'), ('e2', 'c2'))"
        " t(event_id, contact_id)",
        "create table intermediate.profile_candidates as select * from (values"
        " ('ig-1', 'p-bob', 0.6), ('ig-2', 'p-anna', 0.55), ('ig-3', 'p-bob', 0.5))"
        " t(social_profile_id, candidate_customer_id, match_probability)",
        # As the identity step writes them: profile (record_id) and candidate person.
        "create table intermediate.social_profile_links as select * from (values"
        " ('ig-9', 'p-anna', 0.93), ('ig-8', 'p-bob', 0.91))"
        " t(record_id, customer_id, match_probability)",
        "create table intermediate.social_profile_review as select * from (values"
        " ('ig-1', 'p-bob', 1), ('ig-2', 'p-anna', 1), ('ig-3', 'p-bob', 1))"
        " t(record_id, customer_id, candidate_rank)",
        "create table intermediate.identity_records as select * from (values"
        " ('social_profile', 'ig-1', 'p-anna'), ('shop_order', 'ig-1', 'p-bob'))"
        " t(record_type, record_id, customer_id)",
        "create table marts.customer_360 as select * from (values ('p-anna', 'anna@example.nl'),"
        " ('p-bob', 'bob@example.nl')) t(customer_id, email)",
        "create table marts.consent_ledger as select * from (values"
        " ('email_event', 'e1', null), ('shop', '1002', 'bob@example.nl'),"
        " ('email_platform', 'c1', null)) t(signal_source, source_record_id, email)",
        "create table marts.persona_summary as select 'Loyal' as persona, 2 as customers",
        "create view marts.anna_view as select * from marts.customer_360",
        "create table ops.quarantine as select * from (values"
        " ('shop', 'customers', '1003,anna@example.nl,extra,field'),"
        " ('shop', 'customers', '1004,dave@example.nl,oops')) t(source, table_name, raw_text)",
    ):
        connection.execute(statement)
    yield connection
    connection.close()


def test_every_table_is_swept_by_its_columns_and_views_and_aggregates_are_left(warehouse):
    person = expand_from_raw(warehouse, ANNA)
    assert {"shop_order:5001", "shop_order:5003", "email_event:e1"} <= person.tokens

    found = {table.relation: table.rows for table in find_rows(warehouse, person)}

    assert found == {
        "raw_shop.customers": 1,
        "raw_shop.orders": 2,
        "raw_email.events": 1,
        "intermediate.profile_candidates": 2,
        "intermediate.social_profile_links": 1,
        "intermediate.social_profile_review": 2,
        "intermediate.identity_records": 1,
        "marts.customer_360": 1,
        "marts.consent_ledger": 2,
        "ops.quarantine": 1,
    }
    assert delete_rows(warehouse, find_rows(warehouse, person)) == found
    assert find_rows(warehouse, person) == []
    left = warehouse.execute("select customer_id from raw_shop.customers order by 1").fetchall()
    assert left == [("1002",), ("p-anna",)]  # an account id that looks like a person id stays
    for table in ("profile_candidates", "social_profile_review"):
        left = warehouse.execute(f"select * from intermediate.{table}").fetchall()
        assert [row[0] for row in left] == ["ig-3"], table
    # The same id as another kind of record is another record.
    left = warehouse.execute("select record_type from intermediate.identity_records").fetchall()
    assert left == [("shop_order",)]
