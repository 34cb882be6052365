"""A Shopify shop with a Mailchimp audience, from the exports in their own layouts
(tests/data/exports/shopify_mailchimp, README there): line-item rows with continuation rows,
`Refunded Amount`, `Accepts Marketing`, a phone-only buyer, the audience's subscribed,
unsubscribed, cleaned and nonsubscribed files, and one campaign's email activity. Orders, net
revenue after refunds, engagement and consent per person are checked against the values computed
by hand."""

from decimal import Decimal

import pytest

from tests.integration.byo_helpers import convert_and_run, failed_checks
from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def shop(run_pipeline, tmp_path_factory):
    return convert_and_run(run_pipeline, "shopify_mailchimp", tmp_path_factory.mktemp("shopify"))


def test_the_run_succeeds_and_social_is_skipped_not_stale(shop):
    assert shop["result"].success
    # Four buyers are too few to fit CLV: that warning is expected; social freshness is not.
    assert failed_checks(shop["result"]) == [("customer_clv", "clv_model_fitted", "WARN")]


def test_continuation_rows_make_one_order_with_its_line_items(shop):
    orders = rows(
        shop["warehouse"],
        "select o.order_id, o.order_name, o.financial_status, o.sales_channel, "
        "count(l.line_id) as lines from raw_shop.orders o "
        "left join raw_shop.order_lines l using (order_id) group by all order by o.order_id",
    )
    assert [tuple(o.values()) for o in orders] == [
        ("6001", "#1001", "paid", "web", 2),
        ("6002", "#1002", "paid", "store", 1),
        ("6003", "#1003", "partially_refunded", "web", 1),
        ("6004", "#1004", "paid", "web", 1),
        ("6005", "#1005", "refunded", "web", 1),
    ]


def test_orders_and_net_revenue_after_refunds_per_person(shop):
    people = rows(
        shop["warehouse"],
        "select coalesce(email, first_name) as who, identity_type, order_count, "
        "cancelled_order_count, gross_revenue, refunded_amount, net_revenue "
        "from marts.customer_360 order by who",
    )
    assert [tuple(p.values()) for p in people] == [
        ("Carla", "shop_account", 1, 0, Decimal("20.00"), Decimal("0.00"), Decimal("20.00")),
        ("anna@example.nl", "email", 2, 0, Decimal("105.00"), Decimal("15.00"), Decimal("90.00")),
        ("bob@example.nl", "email", 1, 1, Decimal("30.00"), Decimal("0.00"), Decimal("30.00")),
        ("dave@example.nl", "email", 0, 0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
        ("eve@example.nl", "email", 0, 0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
        ("frank@example.nl", "email", 0, 0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
        ("gina@example.nl", "email", 0, 0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
    ]


def test_consent_state_per_person(shop):
    consent = rows(
        shop["warehouse"],
        "select coalesce(email, first_name) as who, email_consent_status, email_consent_source, "
        "is_email_marketable from marts.customer_360 order by who",
    )
    assert [tuple(c.values()) for c in consent] == [
        # Carla bought by phone only; her account said no to marketing: the person is out.
        ("Carla", "unsubscribed", "shop", False),
        ("anna@example.nl", "subscribed", "shop", True),
        ("bob@example.nl", "unsubscribed", "shop", False),
        ("dave@example.nl", "unsubscribed", "email_platform", False),
        ("eve@example.nl", "bounced", "email_platform", False),
        ("frank@example.nl", "never_subscribed", None, False),
        ("gina@example.nl", "pending", "email_platform", False),
    ]


def test_campaign_activity_counts_per_recipient(shop):
    engagement = rows(
        shop["warehouse"],
        "select email, email_opens, email_clicks, campaigns_opened, email_hard_bounces "
        "from marts.customer_360 where email in ('anna@example.nl', 'bob@example.nl', "
        "'eve@example.nl') order by email",
    )
    assert [tuple(e.values()) for e in engagement] == [
        ("anna@example.nl", 1, 1, 1, 0),
        ("bob@example.nl", 1, 0, 1, 0),
        ("eve@example.nl", 0, 0, 0, 1),
    ]


def test_rows_that_cannot_be_mapped_keep_their_export_file_and_line(shop):
    quarantined = rows(
        shop["warehouse"],
        "select source, file, line, reason from ops.quarantine order by file, line",
    )
    assert [(q["source"], q["file"], q["line"]) for q in quarantined] == [
        ("export:mailchimp_activity", "mailchimp/activity_8f3e2a1b0c.json", 5),
        ("export:mailchimp", "mailchimp/subscribed_email_audience_export_5f2a9c.csv", 4),
        ("export:shopify_orders", "orders_export_1.csv", 2),
        ("export:shopify_orders", "orders_export_1.csv", 3),
    ]
    assert quarantined[0]["reason"] == "activity: the address is not in the audience export"
    assert quarantined[1]["reason"] == (
        "audience member: 'Email Address' (email) is blank; it is required"
    )
    assert quarantined[2]["reason"].startswith(
        "order #1006: 'Created at' (created_at): expected a date in the format"
    )


def test_rfm_and_clv_list_the_three_buyers(shop):
    counts = rows(
        shop["warehouse"],
        "select (select count(*) from marts.customer_rfm) as rfm, "
        "(select count(*) from marts.customer_clv) as clv",
    )
    assert counts == [{"rfm": 3, "clv": 3}]
