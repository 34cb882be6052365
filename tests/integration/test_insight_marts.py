"""The insight marts on the mini shop plus a few rows (tests/data/insight/README.md holds every
expected value below, computed by hand): the daily job builds them, the weekly job builds
weekly_channel_usage one ISO week at a time."""

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, MINI_SHOP
from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration

ADDITIONS = DATA_DIR / "insight" / "additions"


def _append_additions(landing: Path) -> None:
    """Append each additions file's rows (not its header) to the landing file of that name."""
    for extra in sorted(ADDITIONS.rglob("*.csv")):
        target = landing / extra.relative_to(ADDITIONS)
        lines = extra.read_text(encoding="utf-8").splitlines(keepends=True)[1:]
        with target.open("a", encoding="utf-8") as landed:
            landed.writelines(lines)


def _run_weekly(warehouse: Path, landing: Path, week: str):
    from dagster import DagsterInstance

    from pipelines.definitions import build_definitions
    from pipelines.resources import Warehouse, build_resources

    resources = {**build_resources(), "warehouse": Warehouse(path=str(warehouse))}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KLANTBEELD_LANDING_DIR", str(landing))
        patch.setenv("KLANTBEELD_WAREHOUSE", str(warehouse))
        job = build_definitions(resources).resolve_job_def("klantbeeld_weekly")
        return job.execute_in_process(
            partition_key=week, instance=DagsterInstance.ephemeral(), raise_on_error=False
        )


@pytest.fixture(scope="module")
def insight_run(run_pipeline, tmp_path_factory):
    landing = tmp_path_factory.mktemp("insight") / "landing"
    shutil.copytree(MINI_SHOP, landing)
    _append_additions(landing)
    warehouse = landing.parent / "klantbeeld.duckdb"
    daily = run_pipeline(landing, warehouse)
    weekly = [_run_weekly(warehouse, landing, week) for week in WEEKS]
    return {"warehouse": warehouse, "daily": daily, "weekly": weekly}


WEEKS = ("2025-03-03", "2025-03-10", "2025-10-20", "2025-03-10")


def _names(warehouse: Path) -> dict[str, str]:
    return {
        r["first_name"]: r["customer_id"]
        for r in rows(warehouse, "select first_name, customer_id from marts.customer_360")
    }


def test_daily_and_weekly_jobs_succeed_with_every_check_passing(insight_run):
    assert insight_run["daily"].success
    for result in insight_run["weekly"]:
        assert result.success
        checks = [
            e.event_specific_data
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION"
        ]
        assert len(checks) >= 5
        assert all(check.passed for check in checks)
    daily_assets = {
        e.asset_key.to_user_string()
        for e in insight_run["daily"].all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    }
    assert {"campaign_performance", "product_affinity", "next_best_action"} <= daily_assets
    assert "weekly_channel_usage" not in daily_assets


def test_weekly_channel_usage_in_local_time_one_week_per_run(insight_run):
    names = {v: k for k, v in _names(insight_run["warehouse"]).items()}
    usage = rows(
        insight_run["warehouse"],
        "select customer_id, cast(week_start as varchar) as week_start, iso_week, channel, "
        "weekday, hour_band, touches from marts.weekly_channel_usage",
    )
    got = sorted(
        (
            names[u["customer_id"]],
            u["week_start"],
            u["iso_week"],
            u["channel"],
            u["weekday"],
            u["hour_band"],
            u["touches"],
        )
        for u in usage
    )
    assert got == [
        # Anna's like and comment, 2025-03-03 11:06 UTC = 12:06 in Amsterdam, a Monday.
        ("Anna", "2025-03-03", "2025-W10", "social", 1, "afternoon", 2),
        # Her open (exported twice, counted once) and click at 13:00 local on Monday.
        ("Anna", "2025-03-10", "2025-W11", "email_click", 1, "afternoon", 1),
        ("Anna", "2025-03-10", "2025-W11", "email_open", 1, "afternoon", 1),
        # Order 5009, Wednesday 10:00 local on the web.
        ("Anna", "2025-03-10", "2025-W11", "shop_web", 3, "morning", 1),
        # Orders 5005 (app) and 5006 (web): both 02:30 local on the autumn-fold Sunday.
        ("Bob", "2025-10-20", "2025-W43", "shop_app", 7, "night", 1),
        ("Bob", "2025-10-20", "2025-W43", "shop_web", 7, "night", 1),
        ("Dave", "2025-03-10", "2025-W11", "email_open", 2, "morning", 1),
    ]


def test_campaign_performance_credits_the_order_after_the_last_click(insight_run):
    campaigns = {
        c["campaign_id"]: c
        for c in rows(insight_run["warehouse"], "select * from marts.campaign_performance")
    }
    k1, k2 = campaigns["k1"], campaigns["k2"]
    assert (k1["sends"], k1["delivered"], k1["opened"], k1["clicked"]) == (3, 2, 2, 1)
    assert (k1["open_rate"], k1["click_rate"]) == (1.0, 0.5)
    assert (k1["bounce_rate"], k1["unsubscribe_rate"]) == (0.333333, 0.5)
    # 5009 came 1 day 21 h after Anna's click: credited; 5002 (22 days) and 5001 (before) not.
    assert (k1["attributed_orders"], k1["attributed_revenue"]) == (1, Decimal("50.00"))
    assert (k1["revenue_per_send"], k1["response_rate"]) == (Decimal("16.67"), 0.333333)
    assert (k1["untargeted_response_rate"], k1["response_lift_over_untargeted"]) == (
        0.02,
        16.666667,
    )
    assert k1["sent_on"] == dt.date(2025, 3, 10)
    # The survey mail: delivered (answered), never opened, nothing bought after it.
    assert (k2["sends"], k2["delivered"], k2["open_rate"], k2["survey_responses"]) == (1, 1, 0.0, 1)
    assert (k2["attributed_orders"], k2["revenue_per_send"]) == (0, Decimal("0.00"))


def test_product_affinity_support_confidence_lift(insight_run):
    pairs = {
        (p["analysis_level"], p["rfm_segment"], p["item_a"], p["item_b"]): p
        for p in rows(insight_run["warehouse"], "select * from marts.product_affinity")
    }
    # 7 purchases; K-1 in 2, W-1 in 2, both in 1 (order 5001).
    k1_w1 = pairs[("product", "All customers", "K-1", "W-1")]
    assert (k1_w1["support"], k1_w1["confidence"], k1_w1["lift"]) == (0.142857, 0.5, 1.75)
    # K-2 in 2, W-2 in 3, both in 5009: lift 7 / (2 × 3).
    w2_k2 = pairs[("product", "All customers", "W-2", "K-2")]
    assert (w2_k2["confidence"], w2_k2["lift"]) == (0.333333, 1.166667)
    # Keuken in 4 purchases, Wonen in 5, both in 2: together less often than chance.
    keuken_wonen = pairs[("category", "All customers", "Keuken", "Wonen")]
    assert (keuken_wonen["support"], keuken_wonen["confidence"], keuken_wonen["lift"]) == (
        0.285714,
        0.5,
        0.7,
    )
    # Within Anna's segment (her 4 purchases): K-1 only in 5001, which also holds W-1.
    anna = pairs[("product", "Can't Lose Them", "K-1", "W-1")]
    assert (anna["scope_orders"], anna["confidence"], anna["lift"]) == (4, 1.0, 2.0)
    assert len(pairs) == 4 + 2 + 4 + 2


def test_customer_journey_phases_and_summary(insight_run):
    warehouse = insight_run["warehouse"]
    phases = {
        r["touchpoint_id"]: r["journey_phase"]
        for r in rows(warehouse, "select touchpoint_id, journey_phase from marts.customer_journey")
    }
    assert phases["email_contact:c-anna"] == "pre_purchase"
    assert phases["order:5001"] == "transaction"
    # Nine days after order 5001: within the 14 post-purchase days.
    assert phases["email_event:ev4"] == "post_purchase"
    # 93 days after her last purchase: it leads up to the next one.
    assert phases["email_event:ev8"] == "pre_purchase"
    # A cancelled order is a touch, not a transaction.
    assert phases["order:5004"] == "pre_purchase"
    summary = {
        r["acquisition_channel"]: r
        for r in rows(warehouse, "select * from marts.customer_journey_summary")
    }
    assert set(summary) == {"email", "shop_web"}
    assert (summary["email"]["customers"], summary["email"]["buyers"]) == (3, 2)
    assert (summary["shop_web"]["customers"], summary["shop_web"]["buyers"]) == (1, 1)
    assert summary["shop_web"]["average_days_to_first_purchase"] == 0.0
    acquired = {
        r["customer_id"]: r
        for r in rows(warehouse, "select * from intermediate.int_customers_acquired")
    }
    anna = acquired[_names(warehouse)["Anna"]]
    # Signed up 2025-01-01, first bought 2025-03-01: 59 days, after her sign-up and profile.
    assert (anna["days_to_first_purchase"], anna["touches_before_first_purchase"]) == (59, 2)


def test_satisfaction_per_channel(insight_run):
    found = rows(
        insight_run["warehouse"],
        "select rfm_segment, channel, responses, average_score, net_promoter_score, "
        "complaint_share from marts.satisfaction_by_segment_channel order by all",
    )
    assert [(r["rfm_segment"], r["channel"], r["responses"]) for r in found] == [
        ("Can't Lose Them", "email", 1),
        ("Can't Lose Them", "shop", 1),
        ("Can't Lose Them", "social", 1),
        ("Potential Loyalists", "shop", 1),
    ]
    email, shop, social, bob_shop = found
    assert (email["average_score"], email["net_promoter_score"]) == (9.0, 100.0)
    assert (shop["average_score"], bob_shop["average_score"]) == (5.0, 3.0)
    assert social["complaint_share"] == 0.0


def test_economics_retention_cost_per_segment(insight_run):
    economics = {
        r["rfm_segment"]: r
        for r in rows(
            insight_run["warehouse"], "select * from marts.acquisition_retention_economics"
        )
    }
    # Both campaigns cost 5.00 per send: Anna was sent k1 and k2, Bob and Dave k1.
    assert {s: e["retention_cost"] for s, e in economics.items()} == {
        "Can't Lose Them": Decimal("10.00"),
        "Potential Loyalists": Decimal("5.00"),
        "About to Sleep": Decimal("0.00"),
        "No purchase": Decimal("5.00"),
    }
    # Nobody came in through social: the ad spend is allocated to no one.
    assert all(e["acquisition_cost"] == Decimal("0.00") for e in economics.values())


def test_next_best_action_only_for_consenting_customers(insight_run):
    warehouse = insight_run["warehouse"]
    actions = rows(warehouse, "select * from marts.next_best_action")
    # Bob and Dave unsubscribed, Carla has no address: only Anna may be mailed.
    assert [a["customer_id"] for a in actions] == [_names(warehouse)["Anna"]]
    anna = actions[0]
    # Can't Lose Them and A class (no CLV is fitted on three buyers): win her back; 1 of her 4
    # orders used a discount (not price-sensitive), high value: 5 + 5 percent.
    assert (anna["recommended_action"], anna["discount_percent"]) == ("win_back", 10)
    assert anna["price_sensitivity"] == 0.25
