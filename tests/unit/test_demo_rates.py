"""The demo shop's mess lands near the rates documented in pipelines/demo/rates.py."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.demo import rates
from pipelines.demo.generate import BLOCK_PERSONS, DemoSummary, generate_demo
from pipelines.demo.oracle import expected_rows
from pipelines.ingest.schemas import TABLES, table


# One block of persons, and blocks of 1,000: the rates hold whatever the block size.
@pytest.fixture(scope="module", params=[BLOCK_PERSONS, 1000], ids=["one_block", "blocks_of_1000"])
def demo(tmp_path_factory: pytest.TempPathFactory, request) -> DemoSummary:
    root = tmp_path_factory.mktemp("demo_rates")
    return generate_demo(
        root / "landing", root / "truth", customers=3000, days=365, seed=3,
        block_persons=request.param,
    )  # fmt: skip


@pytest.fixture(scope="module")
def truth(demo: DemoSummary) -> dict[str, pl.DataFrame]:
    return {
        name: pl.read_csv(demo.truth_dir / f"{name}.csv", infer_schema=False)
        for name in ("persons", "record_links", "duplicates")
    }


def read(demo: DemoSummary, source: str, name: str) -> pl.DataFrame:
    return expected_rows(demo.landing_dir, demo.truth_dir, table(source, name))


def test_duplicate_events_rate(demo: DemoSummary) -> None:
    unique_events = demo.rows["email/events"] - demo.duplicate_event_rows
    assert demo.duplicate_event_rows / unique_events == pytest.approx(
        rates.DUPLICATE_EVENT_SHARE, abs=0.001
    )


def test_malformed_rate_per_table(demo: DemoSummary) -> None:
    for t in TABLES:
        key = f"{t.source}/{t.name}"
        assert demo.malformed_rows[key] >= 1
        if demo.rows[key] >= 5000:
            share = demo.malformed_rows[key] / demo.rows[key]
            assert share == pytest.approx(rates.MALFORMED_ROW_SHARE, rel=0.1)


def test_order_mess_rates(demo: DemoSummary) -> None:
    orders = read(demo, "shop", "orders")
    real = orders.filter(pl.col("is_test") == "false")
    assert orders["is_test"].eq("true").mean() == pytest.approx(rates.TEST_ORDER_SHARE, abs=0.0015)
    guest = real["customer_id"].is_null().mean()
    assert guest == pytest.approx(rates.GUEST_ORDER_SHARE, abs=0.03)
    cancelled = real["cancelled_at"].is_not_null().mean()
    assert cancelled == pytest.approx(rates.CANCELLED_ORDER_SHARE, abs=0.006)
    returned = real.filter(
        pl.col("cancelled_at").is_null()
        & pl.col("financial_status").is_in(["refunded", "partially_refunded"])
    )
    assert returned.height / real.height == pytest.approx(rates.REFUND_ORDER_SHARE, abs=0.01)
    partial = returned["financial_status"].eq("partially_refunded").mean()
    assert partial == pytest.approx(rates.PARTIAL_REFUND_SHARE, abs=0.1)
    tests = orders.filter(pl.col("is_test") == "true")
    assert tests["email"].str.to_lowercase().str.starts_with("test").all()


def test_multiple_accounts_and_sms_only_accounts(demo: DemoSummary, truth) -> None:
    accounts = truth["record_links"].filter(pl.col("table") == "customers")
    per_person = accounts.drop_nulls("person_id").group_by("person_id").len()
    buyers = truth["persons"]["is_buyer"].eq("true").sum()
    assert per_person["len"].max() == 2
    multi = per_person.filter(pl.col("len") > 1).height / buyers
    assert multi == pytest.approx(rates.MULTI_ACCOUNT_BUYER_SHARE, abs=0.005)
    customers = read(demo, "shop", "customers")
    no_email = customers["email"].is_null().mean()
    assert no_email == pytest.approx(rates.SMS_ONLY_ACCOUNT_SHARE, abs=0.01)


def test_email_case_and_whitespace_variants(demo: DemoSummary, truth) -> None:
    canonical = truth["persons"].select("person_id", pl.col("email").alias("canonical"))
    links = truth["record_links"]
    typed = []
    for source, name, key, column in (
        ("shop", "customers", "customer_id", "email"),
        ("email", "contacts", "contact_id", "email"),
        ("shop", "reviews", "review_id", "reviewer_email"),
    ):
        records = read(demo, source, name).select(pl.col(key).alias("record_id"), column)
        linked = records.join(links.filter(pl.col("table") == name), on="record_id")
        typed.append(linked.select("person_id", pl.col(column).alias("typed")))
    emails = pl.concat(typed).join(canonical, on="person_id").drop_nulls("typed")
    same = emails.filter(
        pl.col("typed").str.strip_chars().str.to_lowercase() == pl.col("canonical")
    )
    assert same.height / emails.height > 0.9
    variant = (same["typed"] != same["canonical"]).mean()
    assert variant == pytest.approx(rates.EMAIL_VARIANT_SHARE, abs=0.02)


def test_customer_profiles_rarely_show_their_email(demo: DemoSummary, truth) -> None:
    profiles = read(demo, "social", "profiles").join(
        truth["record_links"].filter(pl.col("table") == "profiles"),
        left_on="profile_id",
        right_on="record_id",
    )
    owned = profiles.filter(pl.col("person_id").is_not_null())
    share = owned["email"].is_not_null().mean()
    assert share == pytest.approx(rates.OWNED_PROFILE_EMAIL_SHARE, abs=0.03)


def test_churned_people_open_less_mail_after_churning(demo: DemoSummary, truth) -> None:
    contacts = truth["record_links"].filter(pl.col("table") == "contacts")
    churned = truth["persons"].filter(pl.col("churned") == "true").select("person_id", "churned_at")
    events = (
        read(demo, "email", "events")
        .join(contacts, left_on="contact_id", right_on="record_id")
        .join(churned, on="person_id")
        .with_columns(after=pl.col("occurred_at") > pl.col("churned_at"))
    )
    per_phase = events.group_by("after").agg(
        (pl.col("event_type").eq("open").sum() / pl.col("event_type").eq("delivered").sum()).alias(
            "opens_per_delivery"
        )
    )
    before, after = (per_phase.filter(pl.col("after") == flag).item(0, 1) for flag in (False, True))
    assert after < 0.8 * before


def test_volumes_per_person_are_near_the_targets(demo: DemoSummary) -> None:
    # At 730 days the targets are ~10 orders and ~50 email events per person; a 365-day history
    # has about half as many orders.
    assert 3 < demo.rows["shop/orders"] / demo.persons < 8
    assert 15 < demo.rows["email/events"] / demo.persons < 60
