"""How old a table's newest delivery is: read from the dated folder names, judged against a limit
per source (default 2 days) on the run's date."""

import datetime as dt

import pytest

from pipelines.ingest.schemas import TABLES
from pipelines.operations.delivery_age import (
    DEFAULT_MAX_AGE_DAYS,
    delivery_age,
    delivery_dates,
    max_age_days,
)

ORDERS = next(t for t in TABLES if (t.source, t.name) == ("shop", "orders"))


def _land(landing, *relative_paths):
    for relative in relative_paths:
        path = landing / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("order_id\n")


def test_the_limit_is_two_days_unless_configured():
    assert max_age_days("shop", {}) == DEFAULT_MAX_AGE_DAYS == 2
    assert max_age_days("shop", {"KLANTBEELD_MAX_DELIVERY_AGE_DAYS": "7"}) == 7


def test_a_limit_for_one_source_wins_over_the_general_one():
    environ = {
        "KLANTBEELD_MAX_DELIVERY_AGE_DAYS": "1",
        "KLANTBEELD_MAX_DELIVERY_AGE_DAYS_SOCIAL": "14",
    }
    assert max_age_days("social", environ) == 14
    assert max_age_days("email", environ) == 1


@pytest.mark.parametrize("value", ["two", "-1", "1.5"])
def test_a_limit_that_is_not_a_whole_number_of_days_is_a_clear_error(value):
    with pytest.raises(ValueError, match="KLANTBEELD_MAX_DELIVERY_AGE_DAYS_SHOP must be a whole"):
        max_age_days("shop", {"KLANTBEELD_MAX_DELIVERY_AGE_DAYS_SHOP": value})


def test_deliveries_are_the_dated_folders_that_hold_the_table(tmp_path):
    _land(
        tmp_path,
        "shop/2026-11-03/orders.csv",
        "shop/2026-11-01/orders.csv",
        "shop/2026-11-05/customers.csv",  # a newer delivery without orders
        "shop/backup/orders.csv",  # not a delivery folder
        "email/2026-11-09/orders.csv",  # another source
    )
    assert delivery_dates(tmp_path, ORDERS) == [dt.date(2026, 11, 1), dt.date(2026, 11, 3)]


def test_fresh_up_to_and_including_the_limit(tmp_path):
    _land(tmp_path, "shop/2026-11-01/orders.csv")
    on_limit = delivery_age(tmp_path, ORDERS, dt.date(2026, 11, 3), limit=2)
    day_after = delivery_age(tmp_path, ORDERS, dt.date(2026, 11, 4), limit=2)
    assert (on_limit.age_days, on_limit.is_fresh) == (2, True)
    assert (day_after.age_days, day_after.is_fresh) == (3, False)
    assert day_after.describe() == (
        "shop/orders.csv: newest delivery 2026-11-01 is 3 day(s) old on 2026-11-04; the limit is 2."
    )


def test_a_run_as_of_a_day_before_the_newest_delivery_is_fresh(tmp_path):
    _land(tmp_path, "shop/2026-11-01/orders.csv")
    age = delivery_age(tmp_path, ORDERS, dt.date(2026, 10, 31), limit=0)
    assert (age.age_days, age.is_fresh) == (-1, True)


def test_a_table_never_delivered_is_not_fresh(tmp_path):
    age = delivery_age(tmp_path, ORDERS, dt.date(2026, 11, 1), limit=2)
    assert (age.newest, age.age_days, age.is_fresh) == (None, None, False)
    assert "never been delivered" in age.describe()
