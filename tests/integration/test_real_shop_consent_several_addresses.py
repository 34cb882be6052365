"""Consent belongs to the person, on a hand-written shop whose persons hold several addresses
across shop accounts and email contacts (tests/data/real_shops/consent_several_addresses,
README there): customer_360, marketable_audience, next_best_action and the blocking audience
check give the outcome written down there, per person."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration

CASE = Path(__file__).parent.parent / "data" / "real_shops" / "consent_several_addresses"
GATE = "no_opt_out_in_marketable_audience"


@pytest.fixture(scope="module")
def shop(run_pipeline, tmp_path_factory):
    root = tmp_path_factory.mktemp("consent_several_addresses")
    shutil.copytree(CASE / "landing", root / "landing")
    warehouse = root / "klantbeeld.duckdb"
    return {"warehouse": warehouse, "result": run_pipeline(root / "landing", warehouse)}


def test_the_run_succeeds(shop):
    assert shop["result"].success


def test_each_person_has_one_consent_over_all_their_addresses(shop):
    people = rows(
        shop["warehouse"],
        "select first_name, email_consent_status, email_consent_source, "
        "email_consent_changed_at, is_email_marketable from marts.customer_360 "
        "order by first_name",
    )
    assert [tuple(p.values()) for p in people] == [
        ("Lotte", "subscribed", "shop", dt.datetime(2026, 6, 1, 8), True),
        ("Mark", "unsubscribed", "email_platform", dt.datetime(2026, 8, 1, 10), False),
        ("Pieter", "subscribed", "email_platform", dt.datetime(2026, 1, 20, 8), True),
        ("Sanne", "bounced", "email_event", dt.datetime(2026, 9, 1, 7), False),
    ]


def test_the_audience_mails_each_opted_in_person_at_the_address_of_their_newest_subscribe(shop):
    audience = rows(
        shop["warehouse"],
        "select persons.first_name, audience.email, audience.consent_source, "
        "audience.consented_at from marts.marketable_audience as audience "
        "join marts.customer_360 as persons using (customer_id) order by persons.first_name",
    )
    assert [tuple(a.values()) for a in audience] == [
        ("Lotte", "lotte.smit+shop@gmail.com", "shop", dt.datetime(2026, 6, 1, 8)),
        ("Pieter", "pieter@example.nl", "email_platform", dt.datetime(2026, 1, 20, 8)),
    ]


def test_customer_360_the_audience_and_next_best_action_agree_per_person(shop):
    [counts] = rows(
        shop["warehouse"],
        "select "
        "(select count(*) from marts.marketable_audience as a join marts.customer_360 as c "
        " using (customer_id) where not c.is_email_marketable) as audience_not_marketable, "
        "(select count(*) from marts.customer_360 where is_email_marketable "
        " and customer_id not in (select customer_id from marts.marketable_audience)) "
        " as marketable_not_in_audience, "
        "(select count(*) from marts.next_best_action) as actions, "
        "(select count(*) from marts.next_best_action where customer_id not in "
        " (select customer_id from marts.marketable_audience)) as actions_without_consent",
    )
    assert counts == {
        "audience_not_marketable": 0,
        "marketable_not_in_audience": 0,
        "actions": 2,
        "actions_without_consent": 0,
    }


def test_the_blocking_check_counts_the_opted_out_persons_and_addresses(shop):
    [evaluation] = [
        e.event_specific_data
        for e in shop["result"].all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == GATE
    ]
    assert evaluation.passed
    assert {k: v.value for k, v in evaluation.metadata.items()} == {
        "audience_rows": 2,
        "opted_out_persons": 2,
        "opted_out_addresses": 4,
        "opted_out_in_audience": 0,
        "not_opted_in_in_audience": 0,
        "persons_listed_twice": 0,
    }
