"""Cancellations of an order-lines export meet the order they cancel
(pipelines/adapters/presets/cancellations.py), checked against hand-worked cases and against a
plain one-return-at-a-time implementation of the same rule written here, on random files."""

import datetime as dt
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.adapters.presets.cancellations import LINE_SCHEMA, match_returns

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _lines(rows: list[tuple]) -> pl.DataFrame:
    """(invoice, customer, day, product, price, quantity) rows."""
    return pl.DataFrame(
        [
            (invoice, customer, START + dt.timedelta(days=day), product, Decimal(price), quantity)
            for invoice, customer, day, product, price, quantity in rows
        ],
        schema=LINE_SCHEMA,
        orient="row",
    )


def _matched(sales: list[tuple], returns: list[tuple]) -> dict[str, str | None]:
    result = match_returns(_lines(sales), _lines(returns))
    return dict(zip(result["invoice"], result["order_id"], strict=True))


def test_a_cancellation_of_an_earlier_order_meets_it_though_a_newer_order_exists():
    # UCI's shape: order 1 (3 x A, 1 x B) cancelled in full after order 2 was placed.
    sales = [
        ("1", "c", 0, "A", "2.10", 3),
        ("1", "c", 0, "B", "4.00", 1),
        ("2", "c", 5, "C", "9.99", 1),
    ]
    returns = [("C3", "c", 6, "A", "2.10", 3), ("C3", "c", 6, "B", "4.00", 1)]
    assert _matched(sales, returns) == {"C3": "1"}


def test_an_exact_match_wins_over_a_later_order_holding_the_same_products():
    sales = [
        ("1", "c", 0, "A", "5.00", 2),
        ("2", "c", 1, "A", "5.00", 2),
        ("2", "c", 1, "B", "1.00", 1),
    ]
    assert _matched(sales, [("C3", "c", 2, "A", "5.00", 2)]) == {"C3": "1"}


def test_a_partial_cancellation_takes_the_latest_order_holding_its_products():
    sales = [
        ("1", "c", 0, "A", "5.00", 2),
        ("2", "c", 1, "A", "5.00", 3),
        ("3", "c", 2, "B", "1.00", 9),
    ]
    assert _matched(sales, [("C4", "c", 3, "A", "5.00", 1)]) == {"C4": "2"}


def test_returns_that_used_up_an_order_send_the_next_one_to_an_older_order():
    sales = [("1", "c", 0, "A", "5.00", 1), ("2", "c", 1, "A", "5.00", 1)]
    returns = [
        ("C3", "c", 2, "A", "5.00", 1),
        ("C4", "c", 2, "A", "5.00", 1),
        ("C5", "c", 3, "A", "5.00", 1),
    ]
    assert _matched(sales, returns) == {"C3": "2", "C4": "1", "C5": None}


def test_other_products_or_prices_fall_back_to_the_latest_order_that_can_absorb_the_amount():
    sales = [("1", "c", 0, "A", "50.00", 1), ("2", "c", 1, "B", "5.00", 1)]
    # 10.00 of product Z (not sold): order 2 (5.00) cannot absorb it, order 1 can.
    assert _matched(sales, [("C3", "c", 2, "Z", "10.00", 1)]) == {"C3": "1"}


def test_no_earlier_order_or_too_much_is_left_unmatched():
    sales = [("1", "c", 5, "A", "5.00", 1), ("2", "d", 0, "A", "5.00", 1)]
    returns = [("C3", "c", 1, "A", "5.00", 1), ("C4", "d", 1, "A", "5.00", 2)]
    assert _matched(sales, returns) == {"C3": None, "C4": None}


def _one_by_one(sales: list[tuple], returns: list[tuple]) -> dict[str, str | None]:
    """The rule taken literally: returns in time order, each against what the ones before it
    left; first by products, then (for those still unmatched) by amount."""

    def grouped(rows):
        invoices = {}
        for invoice, customer, day, product, price, quantity in rows:
            entry = invoices.setdefault(invoice, {"customer": customer, "day": day, "lines": {}})
            key = (product, Decimal(price))
            entry["lines"][key] = entry["lines"].get(key, 0) + quantity
        for entry in invoices.values():
            entry["amount"] = sum(q * p for (_, p), q in entry["lines"].items())
        return invoices

    orders, pending = grouped(sales), grouped(returns)
    order_of_time = sorted(pending, key=lambda r: (pending[r]["day"], r))
    left = {o: dict(orders[o]["lines"]) for o in orders}
    matched: dict[str, str | None] = dict.fromkeys(pending)
    refunded = dict.fromkeys(orders, Decimal(0))
    for r in order_of_time:
        ret = pending[r]
        candidates = [
            o
            for o, order in orders.items()
            if order["customer"] == ret["customer"]
            and order["day"] <= ret["day"]
            and all(left[o].get(k, 0) >= q for k, q in ret["lines"].items())
        ]
        if candidates:
            best = max(
                candidates, key=lambda o: (orders[o]["lines"] == ret["lines"], orders[o]["day"], o)
            )
            matched[r] = best
            for k, q in ret["lines"].items():
                left[best][k] -= q
            refunded[best] += ret["amount"]
    for r in order_of_time:
        ret = pending[r]
        if matched[r] is not None:
            continue
        candidates = [
            o
            for o, order in orders.items()
            if order["customer"] == ret["customer"]
            and order["day"] <= ret["day"]
            and order["amount"] - refunded[o] >= ret["amount"]
        ]
        if candidates:
            best = max(candidates, key=lambda o: (orders[o]["day"], o))
            matched[r] = best
            refunded[best] += ret["amount"]
    return matched


_line = st.tuples(
    st.sampled_from(["c", "d"]),
    st.integers(0, 6),
    st.sampled_from(["A", "B", "C"]),
    st.sampled_from(["1.00", "2.50", "4.00"]),
    st.integers(1, 3),
)


@st.composite
def _files(draw):
    def invoices(prefix, count):
        rows = []
        for number in range(count):
            customer, day = draw(st.sampled_from(["c", "d"])), draw(st.integers(0, 6))
            for _, _, product, price, quantity in draw(st.lists(_line, min_size=1, max_size=3)):
                rows.append((f"{prefix}{number}", customer, day, product, price, quantity))
        return rows

    return invoices("", draw(st.integers(1, 6))), invoices("C", draw(st.integers(1, 8)))


@settings(max_examples=300, deadline=None)
@given(_files())
def test_all_at_once_equals_one_by_one(files):
    sales, returns = files
    assert _matched(sales, returns) == _one_by_one(sales, returns)
