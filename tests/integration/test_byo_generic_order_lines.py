"""A shop with only its own order-lines file (tests/data/exports/generic, README there):
semicolons, decimal commas, dd-mm-yyyy dates, cancellation invoices and a line without a
customer. No email platform, no social: the run still gets customer_360, RFM and CLV, and the
sources that are not configured are skipped, not failed."""

from decimal import Decimal

import pytest

from tests.integration.byo_helpers import convert_and_run, failed_checks
from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def shop_only(run_pipeline, tmp_path_factory):
    return convert_and_run(run_pipeline, "generic", tmp_path_factory.mktemp("generic"))


def test_the_run_succeeds_with_every_check_passing(shop_only):
    assert shop_only["result"].success
    # Freshness of the unconfigured email and social sources is skipped (passed), not a warning.
    # 13 buyers are below CLV's minimum of 20 customers (docs/analytics.md#clv): a warning.
    assert failed_checks(shop_only["result"]) == [("customer_clv", "clv_model_fitted", "WARN")]


def test_unmappable_lines_are_quarantined_under_the_export_file_and_line(shop_only):
    quarantined = rows(
        shop_only["warehouse"],
        "select source, table_name, file, line, reason from ops.quarantine order by line",
    )
    assert [(q["source"], q["file"], q["line"]) for q in quarantined] == [
        ("export:winkel", "verkoopregels.csv", 15),
        ("export:winkel", "verkoopregels.csv", 16),
        ("export:winkel", "verkoopregels.csv", 17),
    ]
    reasons = [q["reason"] for q in quarantined]
    assert reasons[0].startswith("no customer ('Klantnummer' (customer_id) is blank)")
    assert "expected a date in the format '%d-%m-%Y %H:%M'" in reasons[1]
    assert (
        reasons[2]
        == "return C5015 of customer 106: no earlier order of theirs in the export to refund"
    )


def test_orders_and_net_revenue_after_returns(shop_only):
    people = rows(
        shop_only["warehouse"],
        "select primary_shop_customer_id as id, order_count, net_revenue, refunded_amount "
        "from marts.customer_360 where primary_shop_customer_id < '200' order by id",
    )
    assert [
        (p["id"], p["order_count"], p["net_revenue"], p["refunded_amount"]) for p in people
    ] == [
        ("101", 2, Decimal("55.00"), Decimal("25.00")),
        ("102", 3, Decimal("210.00"), Decimal("0.00")),
        ("103", 2, Decimal("22.25"), Decimal("0.00")),
        ("104", 2, Decimal("7.25"), Decimal("12.50")),
        ("105", 1, Decimal("12.50"), Decimal("0.00")),
    ]


def test_rfm_scores_segments_and_classes_as_computed_by_hand(shop_only):
    scored = rows(
        shop_only["warehouse"],
        "select c.primary_shop_customer_id as id, r.recency_days, r.frequency, r.monetary, "
        "r.recency_score, r.frequency_score, r.monetary_score, r.rfm_segment, r.abc_class "
        "from marts.customer_rfm r join marts.customer_360 c using (customer_id) order by id",
    )
    assert [tuple(s.values()) for s in scored] == [
        ("101", 152, 2, Decimal("55.00"), 3, 2, 3, "Need Attention", "B"),
        ("102", 30, 3, Decimal("210.00"), 5, 4, 5, "Champions", "A"),
        ("103", 82, 2, Decimal("22.25"), 3, 2, 2, "About to Sleep", "B"),
        ("104", 41, 2, Decimal("7.25"), 4, 2, 1, "Potential Loyalists", "C"),
        ("105", 26, 1, Decimal("12.50"), 5, 1, 1, "New", "C"),
        ("201", 552, 1, Decimal("15.00"), 2, 1, 1, "Hibernating", "C"),
        ("202", 590, 5, Decimal("165.00"), 1, 5, 5, "Can't Lose Them", "A"),
        ("203", 31, 8, Decimal("165.00"), 5, 5, 5, "Champions", "A"),
        ("204", 36, 4, Decimal("105.00"), 4, 4, 4, "Loyal", "A"),
        ("205", 486, 1, Decimal("30.00"), 2, 1, 3, "Hibernating", "B"),
        ("206", 592, 1, Decimal("20.00"), 1, 1, 2, "Lost", "B"),
        ("207", 618, 2, Decimal("30.00"), 1, 2, 3, "At Risk", "B"),
        ("208", 264, 4, Decimal("125.00"), 3, 4, 4, "Loyal", "A"),
    ]


def test_clv_lists_every_buyer_and_says_why_it_predicts_nothing(shop_only):
    """13 buyers: below the minimum of 20 customers, so the fit
    refuses in words instead of printing whatever an unidentified optimum gives."""
    clv = rows(
        shop_only["warehouse"],
        "select count(*) as buyers, count(probability_alive) as predicted, "
        "any_value(fit_method) as fit_method, any_value(fit_warning) as fit_warning "
        "from marts.customer_clv",
    )
    assert clv[0]["buyers"] == 13
    assert clv[0]["predicted"] == 0
    assert clv[0]["fit_method"] == "not fitted"
    assert clv[0]["fit_warning"].startswith("CLV needs at least 20 customers")


def test_sources_not_configured_are_empty_not_invented(shop_only):
    counts = rows(
        shop_only["warehouse"],
        "select (select count(*) from raw_email.contacts) as contacts, "
        "(select count(*) from raw_social.profiles) as profiles, "
        "(select count(*) from marts.customer_360 where email_contact_count > 0) as on_list",
    )
    assert counts == [{"contacts": 0, "profiles": 0, "on_list": 0}]


def test_converting_again_changes_no_landing_file(shop_only, tmp_path):
    from pipelines.adapters.config import load_config
    from pipelines.adapters.convert import convert_into
    from tests.integration.byo_helpers import EXPORTS

    landing = shop_only["landing"]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in landing.rglob("*.csv")}
    convert_into(load_config(EXPORTS / "generic" / "klantbeeld.yml"), shop_only["settings"])
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in landing.rglob("*.csv")}
    assert after == before
    quarantined = rows(shop_only["warehouse"], "select count(*) as n from ops.quarantine")
    assert quarantined == [{"n": 3}]


def test_personas_and_churn_signals_cover_every_buyer(shop_only):
    counts = rows(
        shop_only["warehouse"],
        "select (select count(*) from marts.customer_personas) as personas, "
        "(select count(*) from marts.customer_churn_signals) as churn, "
        "(select count(*) from marts.customer_360) as customers",
    )
    assert counts == [{"personas": 13, "churn": 13, "customers": 13}]


def test_raw_assets_say_which_config_their_files_came_from(shop_only):
    metadata = {
        m.asset_key.to_user_string(): {k: v.value for k, v in m.metadata.items()}
        for m in (
            e.event_specific_data.materialization
            for e in shop_only["result"].all_events
            if e.event_type_value == "ASSET_MATERIALIZATION"
        )
    }
    orders, contacts = metadata["raw_shop__orders"], metadata["raw_email__contacts"]
    assert orders["converted_from"].endswith("tests/data/exports/generic/klantbeeld.yml")
    assert (orders["source_configured"], contacts["source_configured"]) == (True, False)
    assert orders["files"] == ["shop/2026-11-01/orders.csv"]
