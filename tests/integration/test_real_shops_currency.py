"""Real shops in their own currency (tests/data/real_shops, expected outcomes in each README.md):
a US Shopify shop with one Canadian order, and a UK shop's order lines in the UCI Online Retail
layout with cancellations of earlier orders. Amounts are labelled USD and GBP in the summary and
the report, never €; net revenue per customer is the README's hand count; the CAD order is left
out (no rate) and counted; returns meet the orders they cancel."""

import re
from decimal import Decimal

import pytest

from pipelines.report.render import build_report
from pipelines.reporting import print_summary
from tests.integration.byo_helpers import REAL_SHOPS, convert_and_run
from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration

NET_REVENUE = """
select coalesce(c.primary_shop_customer_id, c.customer_id) as id, c.order_count, c.net_revenue
from marts.customer_360 c where c.order_count > 0 order by c.net_revenue desc
"""


@pytest.fixture(scope="module")
def usd_shop(run_pipeline, tmp_path_factory):
    return convert_and_run(
        run_pipeline, "shopify_usd", tmp_path_factory.mktemp("usd"), folder=REAL_SHOPS
    )


@pytest.fixture(scope="module")
def gbp_shop(run_pipeline, tmp_path_factory):
    return convert_and_run(
        run_pipeline, "online_retail_gbp", tmp_path_factory.mktemp("gbp"), folder=REAL_SHOPS
    )


def _summary(shop, capsys) -> str:
    capsys.readouterr()
    print_summary(shop["warehouse"], shop["result"].run_id)
    return capsys.readouterr().out


def _report(shop) -> str:
    published = sorted(shop["settings"].published_dir.rglob("*.duckdb"))
    assert published, "no published copy"
    return build_report(published[-1]).html


def test_the_usd_shop_runs(usd_shop):
    assert usd_shop["result"].success


def test_usd_net_revenue_per_buyer_as_counted_by_hand(usd_shop):
    # By email (customers are made from the orders): alice 69.80 + 64.40; bob 60.00 - 20.00 +
    # 25.00; dan (phone only) 35.50; carol 120.00 refunded in full. Erin's CAD order is out.
    buyers = rows(
        usd_shop["warehouse"],
        "select order_count, net_revenue from marts.customer_360 where order_count > 0 "
        "order by net_revenue desc",
    )
    assert [(b["order_count"], b["net_revenue"]) for b in buyers] == [
        (2, Decimal("134.20")),
        (2, Decimal("65.00")),
        (1, Decimal("35.50")),
        (1, Decimal("0.00")),
    ]


def test_the_cad_order_is_left_out_counted_and_explained(usd_shop):
    currencies = rows(
        usd_shop["warehouse"],
        "select currency, shop_currency, shop_currency_chosen_by, orders, converted_orders, "
        "left_out_orders, left_out_reason, order_total_as_ordered, order_total_in_shop_currency "
        "from marts.order_currencies order by currency",
    )
    assert currencies == [
        {
            "currency": "CAD",
            "shop_currency": "USD",
            "shop_currency_chosen_by": "most orders",
            "orders": 1,
            "converted_orders": 0,
            "left_out_orders": 1,
            "left_out_reason": "no rate from CAD to USD valid on the order's day in "
            "seeds/currency_rates.csv",
            "order_total_as_ordered": Decimal("50.00"),
            "order_total_in_shop_currency": None,
        },
        {
            "currency": "USD",
            "shop_currency": "USD",
            "shop_currency_chosen_by": "most orders",
            "orders": 6,
            "converted_orders": 0,
            "left_out_orders": 0,
            "left_out_reason": None,
            "order_total_as_ordered": Decimal("374.70"),
            "order_total_in_shop_currency": Decimal("374.70"),
        },
    ]
    # Counts reconcile: every landed order is in the shop's currency or left out; the buyers'
    # gross revenue is the USD totals (374.70), their net revenue 374.70 - 140.00 refunded.
    totals = rows(
        usd_shop["warehouse"],
        "select (select count(*) from raw_shop.orders) as landed, "
        "sum(gross_revenue) as gross, sum(net_revenue) as net from marts.customer_360",
    )
    assert totals == [{"landed": 7, "gross": Decimal("374.70"), "net": Decimal("234.70")}]


def test_usd_summary_labels_amounts_in_usd_and_names_the_left_out_order(usd_shop, capsys):
    summary = _summary(usd_shop, capsys)
    assert "€" not in summary
    assert "purchases and USD 234.70 net revenue" in summary
    assert "Amounts are in USD (the currency of most orders; marts.order_currencies)." in summary
    assert "1 order(s) in CAD: 0 converted to USD, 1 left out of every figure (no rate" in summary
    assert re.search(r"RFM segments \(marts.rfm_segment_summary\), amounts in USD:", summary)


def test_usd_report_shows_dollars_not_euros(usd_shop):
    report = _report(usd_shop)
    assert "€" not in report
    assert "USD" in report


def test_the_gbp_shop_runs(gbp_shop):
    assert gbp_shop["result"].success


def test_gbp_net_revenue_per_customer_as_counted_by_hand(gbp_shop):
    # README: 17850 35.64 + 11.10 - 35.64 (C536379 cancels 536365 in full, though 536366 is
    # newer); 13047 66.68 + 25.50 - 13.52 (partial C536383 of 536367); 12583 90.00 - 19.80
    # (C536391, a product never sold to them: by amount); 15311 17.40 (C536395 quarantined).
    customers = rows(gbp_shop["warehouse"], NET_REVENUE)
    assert [(c["id"], c["order_count"], c["net_revenue"]) for c in customers] == [
        ("13047", 2, Decimal("78.66")),
        ("12583", 1, Decimal("70.20")),
        ("15311", 1, Decimal("17.40")),
        ("17850", 2, Decimal("11.10")),
    ]


def test_gbp_quarantine_holds_the_line_without_customer_and_the_unmatched_return(gbp_shop):
    quarantined = rows(
        gbp_shop["warehouse"], "select file, line, reason from ops.quarantine order by line"
    )
    assert [(q["file"], q["line"]) for q in quarantined] == [
        ("Online_Retail.csv", 7),
        ("Online_Retail.csv", 15),
    ]
    assert quarantined[1]["reason"] == (
        "return C536395 of 25.50: no earlier order of customer 15311 holds these products or "
        "has that much left to refund"
    )
    # The file's 14 lines reconcile: 8 sale lines loaded + 1 without customer quarantined, and
    # 4 return lines that became 3 refunds (35.64 + 13.52 + 19.80) + 1 quarantined.
    counts = rows(
        gbp_shop["warehouse"],
        "select (select count(*) from raw_shop.order_lines) as lines, "
        "(select count(*) from raw_shop.refunds) as refunds, "
        "(select sum(amount) from raw_shop.refunds) as refunded",
    )
    assert counts == [{"lines": 8, "refunds": 3, "refunded": Decimal("68.96")}]


def test_gbp_summary_and_report_label_pounds(gbp_shop, capsys):
    summary = _summary(gbp_shop, capsys)
    assert "€" not in summary
    assert "purchases and GBP 177.36 net revenue" in summary
    assert "Amounts are in GBP (the currency of most orders" in summary
    report = _report(gbp_shop)
    assert "€" not in report
    assert "GBP" in report
