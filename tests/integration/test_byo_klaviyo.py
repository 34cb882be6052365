"""A shop's own order lines (with the buyer's email) and its Klaviyo profiles export and events
API page (tests/data/exports/klaviyo, README in tests/data/exports): consent from Klaviyo's
consent and suppression columns and its unsubscribe events, engagement from its email events,
linked to the orders by email."""

from decimal import Decimal

import pytest

from tests.integration.byo_helpers import convert_and_run, failed_checks
from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def klaviyo(run_pipeline, tmp_path_factory):
    return convert_and_run(run_pipeline, "klaviyo", tmp_path_factory.mktemp("klaviyo"))


def test_the_run_succeeds(klaviyo):
    assert klaviyo["result"].success
    assert failed_checks(klaviyo["result"]) == [("customer_clv", "clv_model_fitted", "WARN")]


def test_orders_engagement_and_consent_per_person(klaviyo):
    people = rows(
        klaviyo["warehouse"],
        "select email, order_count, net_revenue, emails_delivered, email_opens, email_clicks, "
        "campaigns_opened, email_consent_status, email_consent_source, is_email_marketable "
        "from marts.customer_360 order by email",
    )
    assert [tuple(p.values()) for p in people] == [
        ("anna@example.nl", 1, Decimal("25.00"), 1, 2, 1, 1, "subscribed", "email_platform", True),
        ("bob@example.nl", 1, Decimal("20.00"), 0, 0, 0, 0, "unsubscribed", "email_event", False),
        ("cees@example.nl", 0, Decimal("0.00"), 0, 0, 0, 0, "bounced", "email_platform", False),
        (
            "dora@example.nl",
            0,
            Decimal("0.00"),
            0,
            0,
            0,
            0,
            "unsubscribed",
            "email_platform",
            False,
        ),
    ]


def test_a_profile_without_email_and_a_non_email_event_are_quarantined(klaviyo):
    quarantined = rows(
        klaviyo["warehouse"],
        "select source, file, line, reason from ops.quarantine order by file",
    )
    assert [(q["source"], q["file"], q["line"]) for q in quarantined] == [
        ("export:events", "klaviyo/events_page_1.json", 6),
        ("export:profiles", "klaviyo/profiles_all_subscribers.csv", 6),
    ]
    assert quarantined[0]["reason"].startswith("event: metric 'Placed Order' is not an email event")
