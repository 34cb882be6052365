"""The whole job on the hand-made mini shop (tests/data/mini_shop/README.md): customer_360
holds the values computed on paper, a second run changes nothing, and every check passes."""

import json
import os
import shutil
import subprocess
from decimal import Decimal

import pytest

from pipelines.resources import dbt_executable
from pipelines.settings import DBT_PROJECT_DIR
from tests.conftest import MINI_SHOP
from tests.warehouse_queries import ANALYTICS_TABLES, rows, table_digest

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def first_run(run_pipeline, tmp_path_factory):
    """One run serves every test below; the idempotence test adds a second."""
    landing = tmp_path_factory.mktemp("mini") / "landing"
    shutil.copytree(MINI_SHOP, landing)
    warehouse = landing.parent / "klantbeeld.duckdb"
    return {"warehouse": warehouse, "landing": landing, "result": run_pipeline(landing, warehouse)}


def test_the_job_succeeds_with_every_check_passing(first_run):
    result = first_run["result"]
    assert result.success
    evaluations = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert len(evaluations) > 50
    # Three buyers are too few to fit BG/NBD: the one check that may warn, and only that one.
    not_passed = [e for e in evaluations if not e.passed]
    assert [(e.check_name, e.severity.value) for e in not_passed] == [("clv_model_fitted", "WARN")]
    names = {e.check_name for e in evaluations}
    assert {
        "gx_customer_360",
        "gx_stg_shop__orders",
        "landed_rows_reconcile",
        "gx_customer_clv",
        "every_buyer_scored_once",
    } <= names


def test_one_row_per_person_identified_by_normalised_email(first_run):
    people = rows(
        first_run["warehouse"],
        "select identity_type, email, first_name, shop_account_count, email_contact_count "
        "from marts.customer_360 order by first_name",
    )
    assert [(p["first_name"], p["email"], p["identity_type"]) for p in people] == [
        ("Anna", "anna@example.nl", "email"),
        ("Bob", "bob@example.nl", "email"),
        ("Carla", None, "shop_account"),
        ("Dave", "dave@example.nl", "email"),
    ]
    anna = people[0]
    assert (anna["shop_account_count"], anna["email_contact_count"]) == (2, 1)


def test_shop_figures_net_of_refunds_without_cancelled_or_test_orders(first_run):
    figures = {
        p["first_name"]: p for p in rows(first_run["warehouse"], "select * from marts.customer_360")
    }
    anna, bob, carla = figures["Anna"], figures["Bob"], figures["Carla"]
    # Anna: 100 + 50 (20 refunded) + 30 as a guest with "ANNA@example.nl ".
    assert (anna["order_count"], anna["gross_revenue"], anna["net_revenue"]) == (
        3,
        Decimal("180.00"),
        Decimal("160.00"),
    )
    assert anna["average_order_value"] == Decimal("53.33")
    assert (anna["guest_order_count"], anna["store_order_count"], anna["app_order_count"]) == (
        1,
        1,
        1,
    )
    # Keuken 60 + 30 = Wonen 40 + 50: a tie, broken alphabetically.
    assert anna["favourite_category"] == "Keuken"
    # Bob: 5004 cancelled; 5005 40 paid; 5006 60 refunded in full.
    assert (bob["order_count"], bob["net_revenue"], bob["refunded_amount"]) == (
        2,
        Decimal("40.00"),
        Decimal("60.00"),
    )
    assert (bob["cancelled_order_count"], bob["refunded_order_count"]) == (1, 1)
    assert carla["net_revenue"] == Decimal("20.00")
    # The test order 5007 by test@test.nl made nobody.
    assert "test@test.nl" not in {p["email"] for p in figures.values()}


def test_orders_either_side_of_the_autumn_clock_change_are_an_hour_apart(first_run):
    bob = rows(
        first_run["warehouse"],
        "select first_order_at, last_order_at from marts.customer_360 where first_name = 'Bob'",
    )[0]
    assert str(bob["first_order_at"]) == "2025-10-26 00:30:00"
    assert str(bob["last_order_at"]) == "2025-10-26 01:30:00"


def test_consent_is_the_newest_explicit_choice_with_opt_outs_winning(first_run):
    consent = {
        p["first_name"]: (
            p["email_consent_status"],
            p["email_consent_source"],
            p["is_email_marketable"],
        )
        for p in rows(first_run["warehouse"], "select * from marts.customer_360")
    }
    assert consent == {
        "Anna": ("subscribed", "shop", True),
        "Bob": ("unsubscribed", "shop", False),
        "Carla": ("never_subscribed", None, False),
        "Dave": ("unsubscribed", "email_event", False),
    }


def test_email_and_social_engagement_count_each_event_once(first_run):
    anna = rows(
        first_run["warehouse"],
        "select * from marts.customer_360 where first_name = 'Anna'",
    )[0]
    assert (anna["emails_sent"], anna["emails_delivered"], anna["email_opens"]) == (2, 1, 1)
    assert (anna["campaigns_opened"], anna["campaigns_clicked"], anna["email_open_rate"]) == (
        1,
        1,
        1.0,
    )
    assert (anna["survey_responses"], anna["last_survey_score"]) == (1, 9)
    assert (anna["social_profile_count"], anna["social_interaction_count"]) == (1, 2)
    assert (anna["review_count"], anna["average_review_rating"]) == (1, 5.0)


def test_an_open_without_its_delivered_event_still_counts_as_delivered(first_run):
    dave = rows(
        first_run["warehouse"],
        "select * from marts.customer_360 where first_name = 'Dave'",
    )[0]
    assert (dave["emails_sent"], dave["emails_delivered"], dave["email_opens"]) == (1, 0, 1)
    assert dave["email_open_rate"] == 1.0


def test_every_landed_row_is_accounted_for(first_run):
    log = rows(first_run["warehouse"], "select * from ops.ingest_log")
    assert len(log) == 12
    for entry in log:
        assert entry["landed"] == entry["loaded"] + entry["duplicates"] + entry["quarantined"]
    events = next(e for e in log if e["table_name"] == "events")
    assert (events["landed"], events["loaded"], events["duplicates"]) == (10, 9, 1)


def test_rfm_scores_segments_and_classes_match_the_hand_computed_values(first_run):
    """As of 2026-10-31 (README: "RFM"). Anna last bought 2025-05-01 (548 days), 3 purchases,
    €160; Carla 2025-08-01 (456 days), 1, €20; Bob 2025-10-26 (370 days), 2 (one refunded in
    full), €40. Three buyers: percent_rank 0, 0.5, 1 → scores 1, 3, 5."""
    rfm = {
        r.pop("first_name"): r
        for r in rows(
            first_run["warehouse"],
            "select first_name, recency_days, frequency, monetary, rfm_score, rfm_segment, "
            "abc_class from marts.customer_rfm join marts.customer_360 using (customer_id)",
        )
    }
    assert rfm == {
        "Anna": {"recency_days": 548, "frequency": 3, "monetary": Decimal("160.00"),
                 "rfm_score": "155", "rfm_segment": "Can't Lose Them", "abc_class": "A"},
        "Bob": {"recency_days": 370, "frequency": 2, "monetary": Decimal("40.00"),
                "rfm_score": "533", "rfm_segment": "Potential Loyalists", "abc_class": "A"},
        "Carla": {"recency_days": 456, "frequency": 1, "monetary": Decimal("20.00"),
                  "rfm_score": "311", "rfm_segment": "About to Sleep", "abc_class": "B"},
    }  # fmt: skip


def test_too_few_buyers_for_clv_keeps_every_buyer_without_model_values(first_run):
    clv = rows(
        first_run["warehouse"],
        "select repeat_purchase_days, net_revenue_to_date, probability_alive, clv "
        "from marts.customer_clv order by net_revenue_to_date",
    )
    # Carla 1 purchase day, Bob 1 (two purchases on one day), Anna 3.
    assert [(r["repeat_purchase_days"], r["net_revenue_to_date"]) for r in clv] == [
        (0, 20.0),
        (0, 40.0),
        (2, 160.0),
    ]
    assert all(r["probability_alive"] is None and r["clv"] is None for r in clv)


def test_a_second_run_on_the_same_landing_data_gives_identical_tables(first_run, run_pipeline):
    tables = [f"marts.{t}" for t in ("customer_360", *ANALYTICS_TABLES)]
    before = {t: table_digest(first_run["warehouse"], t) for t in tables}
    second = run_pipeline(first_run["landing"], first_run["warehouse"])
    assert second.success
    after = {t: table_digest(first_run["warehouse"], t) for t in tables}
    assert after == before
    assert after["marts.customer_360"][1] == 4
    assert after["marts.customer_rfm"][1] == 3


def test_dbts_unit_tests_pass_on_the_built_warehouse(first_run, tmp_path):
    """The daily job's dbt steps leave dbt's unit tests out (pipelines/transform/assets.py): they
    run here, on a warehouse whose tables give their inputs the column types."""
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())
    steps = list((first_run["warehouse"].parent / "dbt").glob("*/run_results.json"))
    assert len(steps) == 4
    for step in steps:
        ran = [r["unique_id"] for r in json.loads(step.read_text())["results"]]
        assert any(node.startswith("test.") for node in ran)
        assert not [node for node in ran if node.startswith("unit_test.")], step
    finished = subprocess.run(
        [dbt_executable(), "test", "--select", "test_type:unit", "--profiles-dir", "."],
        cwd=DBT_PROJECT_DIR,
        env={
            **os.environ,
            "KLANTBEELD_WAREHOUSE": str(first_run["warehouse"]),
            "DBT_TARGET_PATH": str(tmp_path / "target"),
            "DBT_LOG_PATH": str(tmp_path / "target"),
        },
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 0, finished.stdout[-3000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    assert len(manifest["unit_tests"]) >= 10
    tests = {
        r["unique_id"]: r["status"] for r in results if r["unique_id"] in manifest["unit_tests"]
    }
    assert tests == dict.fromkeys(manifest["unit_tests"], "pass")
