"""Daily partitions on a demo shop delivered as a history and then one delivery per day:
day-by-day runs build what one run over all days builds, a day ingested twice and a file
delivered twice count once, and an order delivered two days late counts on its own day."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pipelines.demo.generate import generate_demo
from pipelines.ingest.partitions import landed_dates
from tests.conftest import TEST_AS_OF
from tests.warehouse_queries import rows, schema_digests, table_digest

PEOPLE, DAYS, DAILY = 400, 150, 3


def _move_an_order(landing: Path, from_day: dt.date, to_day: dt.date) -> dict:
    """Take one paid order of a known customer (and its lines) out of ``from_day``'s delivery
    and append it to ``to_day``'s: the same order, delivered two days later."""
    orders = (landing / "shop" / from_day.isoformat() / "orders.csv").read_text().splitlines()
    header = orders[0].split(",")
    at = {name: i for i, name in enumerate(header)}
    for line in orders[1:]:
        fields = line.split(",")
        if (
            len(fields) == len(header)
            and fields[at["financial_status"]] == "paid"
            and fields[at["customer_id"]]
            and fields[at["is_test"]] == "false"
            and not fields[at["cancelled_at"]]
        ):
            order_line, order_id = line, fields[at["order_id"]]
            break
    else:
        raise AssertionError(f"no paid order of a customer delivered on {from_day}")
    moved = {"orders.csv": [order_line], "order_lines.csv": []}
    lines_file = (landing / "shop" / from_day.isoformat() / "order_lines.csv").read_text()
    lines = lines_file.splitlines()
    order_column = lines[0].split(",").index("order_id")
    moved["order_lines.csv"] = [
        line for line in lines[1:] if line.split(",")[order_column : order_column + 1] == [order_id]
    ]
    assert moved["order_lines.csv"], "the order has lines"
    for name, taken in moved.items():
        source = landing / "shop" / from_day.isoformat() / name
        kept = [line for line in source.read_text().splitlines() if line not in taken]
        source.write_text("\n".join(kept) + "\n")
        target = landing / "shop" / to_day.isoformat() / name
        target.write_text(target.read_text().rstrip("\n") + "\n" + "\n".join(taken) + "\n")
    return {"order_id": order_id, "ordered_on": from_day - dt.timedelta(days=1)}


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory):
    root = tmp_path_factory.mktemp("daily")
    landing = root / "landing"
    generate_demo(
        landing, root / "truth", customers=PEOPLE, days=DAYS, seed=11, daily_deliveries=DAILY
    )
    days = landed_dates(landing)
    assert len(days) == DAILY + 1
    late = _move_an_order(landing, from_day=days[1], to_day=days[3])
    return {"root": root, "landing": landing, "days": days, "late": late}


@pytest.fixture(scope="module")
def full(run_pipeline, deliveries):
    """One run over every day (a first `klantbeeld run`)."""
    warehouse = deliveries["root"] / "full" / "klantbeeld.duckdb"
    days = deliveries["days"]
    result = run_pipeline(deliveries["landing"], warehouse, days=(days[0], days[-1]))
    assert result.success
    return warehouse


@pytest.fixture(scope="module")
def daily(run_pipeline, deliveries):
    """The history, then one run per day; the late order's customer looked at before and after
    the day it arrives."""
    warehouse = deliveries["root"] / "daily" / "klantbeeld.duckdb"
    days, late = deliveries["days"], deliveries["late"]
    before_late = None
    for day in days:
        if day == days[-1]:
            before_late = rows(
                warehouse,
                "select count(*) as n from staging.stg_shop__orders "
                f"where order_id = '{late['order_id']}'",
            )[0]["n"]
        assert run_pipeline(deliveries["landing"], warehouse, days=(day, day)).success
    return {"warehouse": warehouse, "late_order_rows_before": before_late}


# The consent ledger records every signal each run observed (an audit trail, append-only): a
# run per day sees the snapshot of each day, one run over all days only the newest. It must
# hold everything the one run holds; it may hold more.
OBSERVATION_LOGS = {"consent_ledger"}


def test_day_by_day_runs_build_the_same_marts_as_one_run_over_all_days(full, daily):
    for schema in ("marts", "staging"):
        by_day = schema_digests(daily["warehouse"], schema, canonical=True)
        at_once = schema_digests(full, schema, canonical=True)
        assert by_day.keys() == at_once.keys()
        assert by_day, f"schema {schema} has tables"
        different = [t for t in at_once if by_day[t] != at_once[t] and t not in OBSERVATION_LOGS]
        assert not different, f"{schema} tables differ: {different}"


def test_the_consent_ledger_of_day_by_day_runs_keeps_every_signal_of_one_run(full, daily):
    signals = "select consent_signal_id from marts.consent_ledger"
    by_day = {r["consent_signal_id"] for r in rows(daily["warehouse"], signals)}
    at_once = {r["consent_signal_id"] for r in rows(full, signals)}
    assert at_once
    assert at_once <= by_day


def test_the_raw_tables_hold_one_row_per_key_with_every_delivered_copy_kept_apart(full, daily):
    for schema in ("raw_shop", "raw_email", "raw_social"):
        assert schema_digests(daily["warehouse"], schema) == schema_digests(full, schema)
    counts = rows(
        daily["warehouse"],
        "select (select count(*) from raw_email.events) as events, "
        "(select count(distinct event_id) from raw_email.events__deliveries) as event_ids, "
        "(select count(*) from raw_email.events__deliveries) as delivered",
    )[0]
    assert counts["events"] == counts["event_ids"]
    assert counts["delivered"] > counts["events"], "the demo delivers some events twice"


def test_an_order_delivered_two_days_late_counts_on_its_own_day_and_in_rfm(deliveries, daily):
    warehouse, late = daily["warehouse"], deliveries["late"]
    assert daily["late_order_rows_before"] == 0, "absent until its delivery was ingested"
    (order,) = rows(
        warehouse,
        "select o.order_id, cast(o.ordered_at as date) as ordered_on, o._delivered_on, "
        "r.customer_id from staging.stg_shop__orders o join intermediate.identity_records r "
        "on r.record_type = 'shop_order' and r.record_id = o.order_id "
        f"where o.order_id = '{late['order_id']}'",
    )
    assert order["_delivered_on"] == deliveries["days"][-1]
    assert (order["_delivered_on"] - order["ordered_on"]).days >= 2
    customer = order["customer_id"]
    purchase_days = {
        r["purchase_date"]: r["order_count"]
        for r in rows(
            warehouse,
            "select purchase_date, order_count "
            "from intermediate.int_purchases_aggregated_to_customer_days "
            f"where customer_id = '{customer}'",
        )
    }
    assert order["ordered_on"] in purchase_days, "on the day it was placed, not delivered"
    (rfm,) = rows(
        warehouse,
        "select frequency, recency_days, as_of_date from marts.customer_rfm "
        f"where customer_id = '{customer}'",
    )
    assert rfm["as_of_date"] == TEST_AS_OF
    counted = {d: n for d, n in purchase_days.items() if d <= rfm["as_of_date"]}
    assert order["ordered_on"] in counted
    assert rfm["frequency"] == sum(counted.values())
    assert rfm["recency_days"] == (rfm["as_of_date"] - max(counted)).days


def test_a_day_ingested_twice_changes_nothing(run_pipeline, deliveries, daily):
    warehouse, last = daily["warehouse"], deliveries["days"][-1]
    before = {s: schema_digests(warehouse, s) for s in ("raw_shop", "raw_email", "marts")}
    assert run_pipeline(deliveries["landing"], warehouse, days=(last, last)).success
    after = {s: schema_digests(warehouse, s) for s in ("raw_shop", "raw_email", "marts")}
    assert after == before
    log = rows(
        warehouse,
        "select table_name, landed, loaded, duplicates, quarantined, suppressed "
        "from ops.ingest_log where last_delivery = "
        f"'{last}' and source = 'shop' and table_name = 'orders' order by ingested_at",
    )
    assert len(log) == 2
    assert log[0] == log[1], "the second ingestion counts what the first did"


def test_a_file_delivered_twice_counts_once(run_pipeline, deliveries, daily):
    warehouse, last = daily["warehouse"], deliveries["days"][-1]
    again = last + dt.timedelta(days=1)
    for source, name in (("shop", "orders.csv"), ("email", "events.csv")):
        folder = deliveries["landing"] / source / again.isoformat()
        folder.mkdir(parents=True)
        shutil.copyfile(deliveries["landing"] / source / last.isoformat() / name, folder / name)
    before = {
        relation: table_digest(warehouse, relation)[1]
        for relation in ("raw_shop.orders", "raw_email.events", "marts.customer_rfm")
    }
    purchases_before = rows(warehouse, "select sum(frequency) as n from marts.customer_rfm")
    try:
        assert run_pipeline(deliveries["landing"], warehouse, days=(again, again)).success
    finally:
        for source in ("shop", "email"):
            shutil.rmtree(deliveries["landing"] / source / again.isoformat())
    after = {relation: table_digest(warehouse, relation)[1] for relation in before}
    assert after == before
    assert rows(warehouse, "select sum(frequency) as n from marts.customer_rfm") == (
        purchases_before
    )
    (events,) = rows(
        warehouse,
        "select landed, loaded, duplicates, quarantined from ops.ingest_log "
        f"where table_name = 'events' and last_delivery = '{again}'",
    )
    assert events["loaded"] == 0, "every event of the copy was delivered before"
    assert events["duplicates"] + events["quarantined"] == events["landed"] > 0
