"""Orders and their lines (shop/orders, shop/order_lines), including guest and test orders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo import rates, vocab
from pipelines.demo.accounts import STAFF, Accounts
from pipelines.demo.catalog import CATEGORY_NAMES, Catalog
from pipelines.demo.clock import HOUR, Period, at_local_time, local_day
from pipelines.demo.draw import categorical, categorical_rows, money, pick
from pipelines.demo.people import People
from pipelines.demo.personas import attribute
from pipelines.demo.purchases import Purchases
from pipelines.demo.variants import email_variants

TEST = -1  # person index of test orders
FREE_SHIPPING_FROM = 5_000  # cents
SHIPPING = 495
VAT = 0.21
_TEST_EMAILS = (f"test@{vocab.SHOP_DOMAIN}", f"Test@{vocab.SHOP_DOMAIN}",
                f"test+checkout@{vocab.SHOP_DOMAIN}", f"test+app@{vocab.SHOP_DOMAIN}")  # fmt: skip


@dataclass(frozen=True)
class Orders:
    """Orders in export order (order_id ascending) and their lines, still as numbers."""

    person: np.ndarray  # TEST for test orders
    at: np.ndarray
    channel: np.ndarray
    account: np.ndarray  # row in the customers table, -1 for a guest checkout
    is_test: np.ndarray
    email: pl.Series  # as typed at checkout
    subtotal: np.ndarray  # cents, after line discounts
    discount: np.ndarray
    discount_code: pl.Series
    shipping: np.ndarray
    total: np.ndarray
    line_order: np.ndarray  # per line: index of its order
    line_sku: np.ndarray  # per line: index into the catalogue
    line_quantity: np.ndarray
    line_price: np.ndarray
    line_discount: np.ndarray

    @property
    def line_net(self) -> np.ndarray:
        return self.line_quantity * self.line_price - self.line_discount


def _with_test_orders(rng, purchases: Purchases, accounts: Accounts, period: Period):
    n_test = max(1, round(rates.TEST_ORDER_SHARE * len(purchases.at)))
    days = local_day(period.start + (rng.random(n_test) * (period.end - period.start)).astype(int))
    test_at = at_local_time(days, rng.integers(9 * HOUR, 17 * HOUR, n_test))
    # Half the test orders use the staff account; in a block of persons without it, none do.
    staff_rows = np.flatnonzero(accounts.person == STAFF)
    staff_row = int(staff_rows[0]) if len(staff_rows) else -1
    test_account = np.where(rng.random(n_test) < 0.5, staff_row, -1)
    person = np.concatenate((purchases.person, np.full(n_test, TEST)))
    at = np.clip(np.concatenate((purchases.at, test_at)), period.start, period.end - 1)
    channel = np.concatenate((purchases.channel, np.zeros(n_test, dtype=np.int64)))
    account = np.concatenate((accounts.purchase_account, test_account))
    order = np.argsort(at, kind="stable")
    return person[order], at[order], channel[order], account[order]


def _lines(rng, people: People, catalog: Catalog, person: np.ndarray):
    spend = np.where(person >= 0, attribute("spend", people.persona[np.maximum(person, 0)]), 1.0)
    count = 1 + rng.binomial(3, np.clip(0.2 * spend, 0.05, 0.5))
    line_order = np.repeat(np.arange(len(person)), count)
    owner = person[line_order]
    weights = np.where((owner >= 0)[:, None], people.category_weights[np.maximum(owner, 0)], 1.0)
    category = categorical_rows(rng, weights)
    # Within a category, spenders reach further up the price-ordered range.
    sizes = np.array([len(c) for c in catalog.by_category])
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    tier = rng.beta(2.0 * spend[line_order], 2.0)
    sku = np.concatenate(catalog.by_category)[
        offsets[category] + np.minimum((tier * sizes[category]).astype(int), sizes[category] - 1)
    ]
    # One line per SKU per order, as the shop merges repeated items into one line.
    keep = np.ones(len(sku), dtype=bool)
    by = np.lexsort((sku, line_order))
    keep[by[1:]] = (line_order[by[1:]] != line_order[by[:-1]]) | (sku[by[1:]] != sku[by[:-1]])
    return line_order[keep], sku[keep]


def build_orders(
    rng: np.random.Generator,
    people: People,
    purchases: Purchases,
    accounts: Accounts,
    catalog: Catalog,
    period: Period,
) -> Orders:
    person, at, channel, account = _with_test_orders(rng, purchases, accounts, period)
    n = len(person)
    is_test = person == TEST
    line_order, sku = _lines(rng, people, catalog, person)
    quantity = 1 + categorical(rng, [80, 14, 4, 2], len(sku))
    price = catalog.price[sku]
    use = np.where(is_test, 0.0, attribute("discount_use", people.persona[np.maximum(person, 0)]))
    on_sale = rng.random(len(sku)) < 0.04 + 0.08 * use[line_order]
    pct = np.array([10, 20, 30])[rng.integers(0, 3, len(sku))]
    line_discount = np.where(on_sale, np.round(quantity * price * pct / 100), 0).astype(np.int64)
    subtotal = np.bincount(line_order, weights=quantity * price - line_discount, minlength=n)
    subtotal = subtotal.astype(np.int64)

    code, code_pct = _discount_codes(rng, at, n)
    coded = rng.random(n) < 0.6 * use
    discount = np.where(coded, np.round(subtotal * code_pct / 100), 0).astype(np.int64)
    # A tenth of discounted orders got an automatic discount: an amount but no code.
    automatic = coded & (rng.random(n) < 0.1)
    discount_code = pl.select(
        pl.when(pl.Series(coded & ~automatic)).then(code).otherwise(None)
    ).to_series()
    after = subtotal - discount
    shipping = np.where((channel == 2) | (after >= FREE_SHIPPING_FROM), 0, SHIPPING)

    typed = accounts.table["email"].gather(np.maximum(account, 0))
    guest_email = email_variants(rng, people.identity["email"].gather(np.maximum(person, 0)))
    test_email = pick(_TEST_EMAILS, rng.integers(0, len(_TEST_EMAILS), n))
    email = pl.select(
        pl.when(pl.Series(is_test))
        .then(test_email)
        .when(pl.Series(account >= 0))
        .then(typed)
        .otherwise(guest_email)
    ).to_series()
    return Orders(
        person, at, channel, account, is_test, email, subtotal, discount, discount_code,
        shipping, after + shipping, line_order, sku, quantity, price, line_discount,
    )  # fmt: skip


# (code, percentage) per local month; January is the sale.
_SEASON_CODES = (("UITVERKOOP20", 20), ("VALENTIJN10", 10), ("LENTE15", 15), ("LENTE15", 15),
                 ("LENTE15", 15), ("ZOMER15", 15), ("ZOMER15", 15), ("ZOMER15", 15),
                 ("HERFST15", 15), ("HERFST15", 15), ("BLACKFRIDAY25", 25),
                 ("KERST15", 15))  # fmt: skip


def _discount_codes(rng, at: np.ndarray, n: int) -> tuple[pl.Series, np.ndarray]:
    month = (local_day(at).astype("datetime64[D]").astype("datetime64[M]").astype(int)) % 12
    welcome = rng.random(n) < 0.25
    code = pl.select(
        pl.when(pl.Series(welcome))
        .then(pl.lit("WELKOM10"))
        .otherwise(pick([c for c, _ in _SEASON_CODES], month))
    ).to_series()
    pct = np.where(welcome, 10, np.array([p for _, p in _SEASON_CODES])[month])
    return code, pct


def lines_table(
    orders: Orders, order_ids: pl.Series, catalog: Catalog, line_ids: pl.Series
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "line_id": line_ids,
            "order_id": order_ids.gather(orders.line_order),
            "sku": pick(catalog.sku, orders.line_sku),
            "product_name": pick(catalog.name, orders.line_sku),
            "category": pick(CATEGORY_NAMES, catalog.category[orders.line_sku]),
            "quantity": pl.Series(orders.line_quantity).cast(pl.String),
            "unit_price": money(orders.line_price),
            "line_discount": money(orders.line_discount),
        }
    )
