"""The shop source: its six landed tables and the true person behind each record."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo.accounts import Accounts, build_accounts
from pipelines.demo.catalog import Catalog
from pipelines.demo.clock import Period, fmt_offset
from pipelines.demo.draw import money, pick
from pipelines.demo.orders import VAT, Orders, build_orders, lines_table
from pipelines.demo.people import People
from pipelines.demo.purchases import Purchases
from pipelines.demo.refunds import Settlement, settle
from pipelines.demo.reviews import reviews_table
from pipelines.demo.sequences import IdSequences

_ORDER_TAGS = ("cadeauverpakking", "spoed", "afhalen", "zakelijk", "cadeauverpakking, spoed")


@dataclass(frozen=True)
class Shop:
    tables: dict[str, pl.DataFrame]  # table name -> contract columns
    links: dict[str, pl.DataFrame]  # table name -> record_id, person (-1: nobody)
    orders: Orders
    accounts: Accounts
    settlement: Settlement


def _links(record_id: pl.Series, person: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame({"record_id": record_id, "person": np.asarray(person, dtype=np.int64)})


def _orders_table(rng, orders: Orders, accounts: Accounts, money_out: Settlement, order_ids, names):
    n = len(orders.at)
    has_account = pl.Series(orders.account >= 0)
    customer_ids = accounts.table["customer_id"].gather(np.maximum(orders.account, 0))
    tagged = pl.Series(rng.random(n) < 0.08)
    tags = pick(_ORDER_TAGS, rng.integers(0, len(_ORDER_TAGS), n))
    tax = np.round(orders.total * VAT / (1 + VAT)).astype(np.int64)
    frame = pl.DataFrame(
        {
            "order_id": order_ids,
            "order_name": "#" + pl.Series(names).cast(pl.String),
            "customer_id": pl.select(pl.when(has_account).then(customer_ids)).to_series(),
            "email": orders.email,
            "created_at": fmt_offset(orders.at),
            "currency": pl.Series(["EUR"] * n, dtype=pl.String),
            "subtotal_price": money(orders.subtotal),
            "total_discounts": money(orders.discount),
            "shipping_price": money(orders.shipping),
            "total_tax": money(tax),
            "total_price": money(orders.total),
            "financial_status": money_out.financial_status,
            "cancelled_at": fmt_offset(money_out.cancelled_at),
            "cancel_reason": money_out.cancel_reason,
            "sales_channel": pick(("web", "app", "store"), orders.channel),
            "discount_code": orders.discount_code,
            "is_test": np.where(orders.is_test, "true", "false"),
            "tags": pl.select(
                pl.when(pl.Series(orders.is_test))
                .then(pl.lit("test"))
                .when(tagged)
                .then(tags)
                .otherwise(None)
            ).to_series(),
        }
    )
    return frame


def build_shop(
    rng: np.random.Generator,
    people: People,
    purchases: Purchases,
    catalog: Catalog,
    period: Period,
    ids: IdSequences,
    *,
    with_staff: bool = True,
) -> Shop:
    accounts = build_accounts(rng, people, purchases, period, ids, with_staff=with_staff)
    orders = build_orders(rng, people, purchases, accounts, catalog, period)
    money_out = settle(rng, orders, period)
    order_ids = ids.increasing(rng, "order", len(orders.at), 5_900_000_000_000, 900)
    line_ids = ids.increasing(rng, "order_line", len(orders.line_sku), 13_500_000_000_000, 40)
    refund_ids = ids.increasing(rng, "refund", len(money_out.refund_at), 950_000_000_000, 300)
    refunds = pl.DataFrame(
        {
            "refund_id": refund_ids,
            "order_id": order_ids.gather(money_out.refund_order),
            "created_at": fmt_offset(money_out.refund_at),
            "amount": money(money_out.refund_amount),
            "reason": money_out.refund_reason,
        }
    )
    reviews, review_person = reviews_table(
        rng, people, orders, money_out, catalog, order_ids, period, ids
    )
    tables = {
        "customers": accounts.table,
        "orders": _orders_table(
            rng,
            orders,
            accounts,
            money_out,
            order_ids,
            ids.counter("order_name", len(orders.at), 1001),
        ),
        "order_lines": lines_table(orders, order_ids, catalog, line_ids),
        "refunds": refunds,
        "reviews": reviews,
    }
    links = {
        "customers": _links(accounts.table["customer_id"], accounts.person),
        "orders": _links(order_ids, orders.person),
        "reviews": _links(reviews["review_id"], review_person),
    }
    return Shop(tables, links, orders, accounts, money_out)
