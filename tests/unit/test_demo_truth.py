"""The demo shop's ground truth covers every record and its data behaves as the truth says."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import polars as pl
import pytest

from pipelines.demo.generate import BLOCK_PERSONS, DemoSummary, generate_demo
from pipelines.demo.oracle import expected_rows, malformed_lines
from pipelines.demo.personas import PERSONAS
from pipelines.ingest.schemas import table

LINKED = (("shop", "customers"), ("shop", "orders"), ("shop", "reviews"),
          ("email", "contacts"), ("social", "profiles"))  # fmt: skip


# One block of persons, and blocks of 150: the truth holds across blocks as within one.
@pytest.fixture(scope="module", params=[BLOCK_PERSONS, 150], ids=["one_block", "blocks_of_150"])
def demo(tmp_path_factory: pytest.TempPathFactory, request) -> DemoSummary:
    root = tmp_path_factory.mktemp("demo_truth")
    return generate_demo(
        root / "landing", root / "truth", customers=600, days=120, seed=11,
        block_persons=request.param,
    )  # fmt: skip


@pytest.fixture(scope="module")
def rows(demo: DemoSummary):
    cache: dict[tuple[str, str], pl.DataFrame] = {}

    def read(source: str, name: str) -> pl.DataFrame:
        if (source, name) not in cache:
            cache[(source, name)] = expected_rows(
                demo.landing_dir, demo.truth_dir, table(source, name)
            )
        return cache[(source, name)]

    return read


@pytest.fixture(scope="module")
def persons(demo: DemoSummary) -> pl.DataFrame:
    return pl.read_csv(demo.truth_dir / "persons.csv", infer_schema=False)


@pytest.fixture(scope="module")
def links(demo: DemoSummary) -> pl.DataFrame:
    return pl.read_csv(demo.truth_dir / "record_links.csv", infer_schema=False)


def malformed_count(demo: DemoSummary, source: str, name: str) -> int:
    return demo.malformed_rows[f"{source}/{name}"]


def utc(text: pl.Expr, pattern: str) -> pl.Expr:
    return text.str.to_datetime(pattern, time_zone="UTC")


def test_record_links_have_one_row_per_landed_record(demo, rows, links) -> None:
    for source, name in LINKED:
        key = table(source, name).key[0]
        linked = links.filter((pl.col("source") == source) & (pl.col("table") == name))
        assert linked.height == demo.rows[f"{source}/{name}"]
        assert linked["record_id"].n_unique() == linked.height
        assert set(rows(source, name)[key]) <= set(linked["record_id"])


def test_links_point_at_known_persons_and_only_test_records_lack_one(rows, links, persons) -> None:
    assert set(links["person_id"].drop_nulls()) <= set(persons["person_id"])
    orders = rows("shop", "orders").join(
        links.filter(pl.col("table") == "orders"), left_on="order_id", right_on="record_id"
    )
    assert orders.filter(pl.col("person_id").is_null())["is_test"].unique().to_list() == ["true"]
    assert orders.filter(pl.col("person_id").is_not_null())["is_test"].unique().to_list() == [
        "false"
    ]
    assert persons["persona"].is_in([p.key for p in PERSONAS]).all()


def test_purchases_follow_buy_till_you_die_truth(links, persons, demo) -> None:
    orders = expected_rows(demo.landing_dir, demo.truth_dir, table("shop", "orders"))
    per_person = (
        links.filter(pl.col("table") == "orders", pl.col("person_id").is_not_null())
        .group_by("person_id")
        .len()
    )
    truth = persons.join(per_person, on="person_id", how="left").with_columns(
        pl.col("len").fill_null(0), pl.col("purchases").cast(pl.Int64)
    )
    assert (truth["len"] == truth["purchases"]).all()
    assert truth.filter(pl.col("is_buyer") == "false")["purchases"].max() == 0
    churned = truth.filter(pl.col("churned") == "true")
    assert churned["churned_at"].null_count() == 0
    assert (churned["churned_at"] == churned["last_purchase_at"]).all()
    assert (
        truth.filter(pl.col("churned") == "false")["churned_at"].null_count()
        == truth.filter(pl.col("churned") == "false").height
    )

    timed = orders.join(
        links.filter(pl.col("table") == "orders"), left_on="order_id", right_on="record_id"
    ).join(persons, on="person_id")
    placed = utc(pl.col("created_at"), "%Y-%m-%d %H:%M:%S %z")
    iso = "%Y-%m-%dT%H:%M:%SZ"
    checks = timed.select(
        (placed >= utc(pl.col("first_purchase_at"), iso)).all().alias("after_first"),
        (placed <= utc(pl.col("last_purchase_at"), iso)).all().alias("before_last"),
        (placed <= utc(pl.col("churned_at"), iso)).fill_null(True).all().alias("not_after_churn"),
    )
    assert checks.row(0) == (True, True, True)
    assert timed.height > 500


def test_churn_truth_is_before_the_end_of_the_period(persons) -> None:
    end = datetime(2026, 11, 1, tzinfo=UTC)
    churned = persons.filter(pl.col("churned") == "true")
    assert 0 < churned.height < persons.filter(pl.col("is_buyer") == "true").height
    assert churned.select(utc(pl.col("churned_at"), "%Y-%m-%dT%H:%M:%SZ").max()).item() < end


def test_order_amounts_add_up(demo, rows) -> None:
    def cents(column: str) -> pl.Expr:
        return (pl.col(column).cast(pl.Float64) * 100).round().cast(pl.Int64)

    lines = (
        rows("shop", "order_lines")
        .group_by("order_id")
        .agg(
            (pl.col("quantity").cast(pl.Int64) * cents("unit_price") - cents("line_discount"))
            .sum()
            .alias("lines")
        )
    )
    orders = rows("shop", "orders").join(lines, on="order_id", how="left")
    wrong_subtotal = orders.filter(pl.col("lines") != cents("subtotal_price")).height
    assert wrong_subtotal <= malformed_count(demo, "shop", "order_lines")
    total = cents("subtotal_price") - cents("total_discounts") + cents("shipping_price")
    assert orders.filter(total != cents("total_price")).height == 0
    tax = (cents("total_price") * 21 / 121).round().cast(pl.Int64)
    assert orders.filter(tax != cents("total_tax")).height == 0


def test_financial_status_agrees_with_refunds(demo, rows) -> None:
    refunded = (
        rows("shop", "refunds")
        .group_by("order_id")
        .agg(pl.col("amount").cast(pl.Decimal(18, 2)).sum().alias("refunded"))
    )
    orders = (
        rows("shop", "orders")
        .join(refunded, on="order_id", how="left")
        .with_columns(
            pl.col("refunded").fill_null(0), pl.col("total_price").cast(pl.Decimal(18, 2))
        )
    )
    expected = (
        pl.when(pl.col("refunded") == 0)
        .then(pl.col("financial_status").is_in(["paid", "pending", "voided"]))
        .when(pl.col("refunded") == pl.col("total_price"))
        .then(pl.col("financial_status") == "refunded")
        .otherwise(pl.col("financial_status") == "partially_refunded")
    )
    assert orders.filter(~expected).height <= malformed_count(demo, "shop", "refunds")
    assert set(orders["financial_status"]) >= {"paid", "refunded", "partially_refunded", "voided"}
    cancelled = orders.filter(pl.col("cancelled_at").is_not_null())
    assert cancelled["financial_status"].is_in(["voided", "refunded"]).all()


def test_reviews_are_for_products_in_the_reviewed_order(rows) -> None:
    lines = rows("shop", "order_lines").select("order_id", "sku")
    reviews = rows("shop", "reviews").filter(pl.col("order_id").is_not_null())
    matched = reviews.join(lines, on=["order_id", "sku"], how="semi")
    assert reviews.height > 20
    assert reviews.height - matched.height <= 2  # a line of that order may itself be malformed
    assert rows("shop", "reviews")["rating"].cast(pl.Int64).is_between(1, 5).all()


def test_email_statuses_agree_with_events(rows) -> None:
    contacts = rows("email", "contacts")
    events = rows("email", "events").join(
        contacts.select("contact_id", "status", "status_changed_at"), on="contact_id"
    )
    leavers = events.filter(pl.col("event_type").is_in(["unsubscribe", "spam_complaint"]))
    assert leavers.height > 0
    assert (leavers["status"] == "unsubscribed").all()
    hard = events.filter(pl.col("bounce_type") == "hard")
    assert (hard["status"] == "cleaned").all()
    sent = events.filter(pl.col("event_type") == "send")
    changed = utc(pl.col("status_changed_at"), "%Y-%m-%d %H:%M:%S")
    after_leaving = sent.filter(
        pl.col("status").is_in(["unsubscribed", "cleaned"])
        & (utc(pl.col("occurred_at"), "%Y-%m-%dT%H:%M:%SZ") > changed)
    )
    assert after_leaving.height == 0
    assert events.filter(pl.col("status") == "pending").height == 0


def test_survey_scores_only_on_survey_responses(rows) -> None:
    events = rows("email", "events")
    scored = events.filter(pl.col("survey_score").is_not_null())
    assert (scored["event_type"] == "survey_response").all()
    assert scored["survey_score"].cast(pl.Int64).is_between(0, 10).all()
    assert events.filter(pl.col("bounce_type").is_not_null())["event_type"].unique().to_list() == [
        "bounce"
    ]


def test_duplicates_repeat_an_earlier_event_line(demo) -> None:
    duplicates = pl.read_csv(demo.truth_dir / "duplicates.csv", infer_schema=False)
    path = demo.landing_dir / duplicates["file"][0]
    lines = path.read_bytes().split(b"\n")
    for line, original in zip(duplicates["line"], duplicates["original_line"], strict=True):
        assert lines[int(line) - 1] == lines[int(original) - 1]
        assert int(original) < int(line)
    malformed = set(malformed_lines(demo.truth_dir)["line"])
    assert not malformed & set(duplicates["line"].cast(pl.Int64))
    assert duplicates.height == demo.duplicate_event_rows > 0


def test_most_customer_profiles_do_not_show_an_email(rows, links, persons) -> None:
    owned = rows("social", "profiles").join(
        links.filter(pl.col("table") == "profiles"), left_on="profile_id", right_on="record_id"
    )
    mine = owned.filter(pl.col("person_id").is_not_null())
    share = mine["email"].is_not_null().mean()
    assert 0.05 < share < 0.4
    shown = mine.filter(pl.col("email").is_not_null()).join(persons, on="person_id")
    assert (shown["email"].str.strip_chars().str.to_lowercase() == shown["email_right"]).all()
    assert owned.filter(pl.col("person_id").is_null()).height > 0


def test_interactions_belong_to_known_profiles_and_texts_fit_their_type(rows) -> None:
    profiles = set(rows("social", "profiles")["profile_id"])
    interactions = rows("social", "interactions")
    assert np.mean([p in profiles for p in interactions["profile_id"]]) > 0.99
    texted = interactions.filter(pl.col("text").is_not_null())["interaction_type"].unique()
    assert set(texted) == {"comment", "mention", "direct_message"}
