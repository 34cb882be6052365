"""Which order each return of an order-lines file refunds (a cancellation invoice, or an
invoice's negative lines), decided for all returns at once with polars joins.

The rule, as if the returns were taken one by one in time order:
1. the customer's earlier order (placed at or before the return) that holds every returned
   product at the returned unit price, with at least the returned quantity not yet returned:
   an order with exactly the returned lines first, else the latest such order;
2. else the customer's latest earlier order with at least the return's amount left to refund;
3. else none: the caller quarantines the return.

Each rule is a few joins over all pending returns at once. When two returns of a customer pick
an order that can take only one of them, the returns before the first one that no longer fits
are kept and the rest choose again against what is left (one more round, usually): the result
is the one-by-one result, without a Python loop per return.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

MONEY = pl.Decimal(38, 6)
# Sale lines and return lines both (return quantities positive too).
LINE_SCHEMA = {
    "invoice": pl.String,
    "customer_id": pl.String,
    "at": pl.Datetime("us", "UTC"),
    "product": pl.String,
    "price": MONEY,
    "quantity": pl.Int64,
}
_KEY = ["product", "price"]
# A rule: (pending returns, returns taken so far) -> per pending return that has a fitting
# order: invoice, order_id, and whether it still fits after the earlier returns of this round.
Rule = Callable[[pl.DataFrame, pl.DataFrame], pl.DataFrame]


def match_returns(sales: pl.DataFrame, returns: pl.DataFrame) -> pl.DataFrame:
    """One row per return invoice, in time order: ``invoice``, ``customer_id``, ``at``,
    ``amount``, the ``order_id`` it refunds (null when no order can take it) and
    ``matched_by`` (``products``, ``amount``, or null)."""
    sold = _per_product(sales).rename({"invoice": "order_id", "at": "order_at"})
    returned = _per_product(returns)
    orders = sold.group_by("order_id", "customer_id", "order_at").agg(
        total=(pl.col("quantity") * pl.col("price")).sum(), products=pl.len()
    )
    pending = (
        returned.group_by("invoice", "customer_id", "at")
        .agg(amount=(pl.col("quantity") * pl.col("price")).sum(), products=pl.len())
        .sort("at", "invoice")
        .with_row_index("sequence")
    )
    by_products = _rounds(pending, _products_rule(returned, sold, orders))
    left = pending.join(by_products, on="invoice", how="anti")
    by_amount = _rounds(left, _amount_rule(orders, by_products))
    matched = pl.concat(
        [
            by_products.select("invoice", "order_id", matched_by=pl.lit("products")),
            by_amount.select("invoice", "order_id", matched_by=pl.lit("amount")),
        ]
    )
    return (
        pending.join(matched, on="invoice", how="left")
        .sort("sequence")
        .select("invoice", "customer_id", "at", "amount", "order_id", "matched_by")
    )


def _per_product(lines: pl.DataFrame) -> pl.DataFrame:
    """Quantities summed per invoice, product and unit price; an invoice is its first line's
    customer's, at its first line's time (as the order the preset makes of it)."""
    return (
        lines.with_columns(pl.col("customer_id", "at").first().over("invoice"))
        .group_by("invoice", "customer_id", "at", *_KEY)
        .agg(pl.col("quantity").sum())
    )


def _rounds(pending: pl.DataFrame, rule: Rule) -> pl.DataFrame:
    """The returns ``rule`` gives an order (pending's columns plus ``order_id``)."""
    taken = pending.clear().with_columns(order_id=pl.lit(None, pl.String))
    while pending.height:
        chosen = pending.join(rule(pending, taken), on="invoice")
        first_misfit = (
            chosen.filter(~pl.col("fits"))
            .group_by("customer_id")
            .agg(misfit=pl.col("sequence").min())
        )
        kept = chosen.join(first_misfit, on="customer_id", how="left").filter(
            pl.col("misfit").is_null() | (pl.col("sequence") < pl.col("misfit"))
        )
        taken = pl.concat([taken, kept.select(taken.columns)])
        # A return without a fitting order now has none later (what is left only shrinks).
        pending = chosen.join(kept, on="invoice", how="anti").select(pending.columns)
    return taken


def _products_rule(returned: pl.DataFrame, sold: pl.DataFrame, orders: pl.DataFrame) -> Rule:
    def rule(pending: pl.DataFrame, taken: pl.DataFrame) -> pl.DataFrame:
        used = (
            taken.select("invoice", "order_id")
            .join(returned, on="invoice")
            .group_by("order_id", *_KEY)
            .agg(used=pl.col("quantity").sum())
        )
        available = sold.join(used, on=["order_id", *_KEY], how="left").select(
            "order_id",
            "customer_id",
            "order_at",
            *_KEY,
            sold=pl.col("quantity"),
            available=pl.col("quantity") - pl.col("used").fill_null(0),
        )
        lines = returned.join(pending.select("invoice", "products"), on="invoice").join(
            available, on=["customer_id", *_KEY]
        )
        candidates = (
            lines.filter(
                pl.col("order_at") <= pl.col("at"), pl.col("quantity") <= pl.col("available")
            )
            .group_by("invoice", "products", "order_id", "order_at")
            .agg(holds=pl.len(), same_quantities=(pl.col("quantity") == pl.col("sold")).all())
            .filter(pl.col("holds") == pl.col("products"))
            .join(orders.select("order_id", order_products="products"), on="order_id")
            .with_columns(
                exact=pl.col("same_quantities") & (pl.col("order_products") == pl.col("products"))
            )
        )
        chosen = _best(candidates, ["exact", "order_at", "order_id"])
        # Fits when every (order, product, price) has room for this return after the returns
        # before it in this round.
        use = (
            chosen.join(pending.select("invoice", "sequence"), on="invoice")
            .join(returned.select("invoice", *_KEY, "quantity"), on="invoice")
            .join(available.select("order_id", *_KEY, "available"), on=["order_id", *_KEY])
            .sort("sequence")
            .with_columns(
                room=pl.col("available")
                - pl.col("quantity").cum_sum().over("order_id", *_KEY, order_by="sequence")
            )
        )
        fits = use.group_by("invoice").agg(fits=(pl.col("room") >= 0).all())
        return chosen.join(fits, on="invoice")

    return rule


def _amount_rule(orders: pl.DataFrame, by_products: pl.DataFrame) -> Rule:
    def rule(pending: pl.DataFrame, taken: pl.DataFrame) -> pl.DataFrame:
        refunds = pl.concat(
            [by_products.select("order_id", "amount"), taken.select("order_id", "amount")]
        )
        refunded = refunds.group_by("order_id").agg(refunded=pl.col("amount").sum())
        left = orders.join(refunded, on="order_id", how="left").select(
            "order_id",
            "customer_id",
            "order_at",
            left=pl.col("total") - pl.col("refunded").fill_null(0),
        )
        candidates = pending.join(left, on="customer_id").filter(
            pl.col("order_at") <= pl.col("at"), pl.col("amount") <= pl.col("left")
        )
        chosen = _best(candidates, ["order_at", "order_id"])
        use = (
            chosen.join(pending.select("invoice", "sequence", "amount"), on="invoice")
            .join(left.select("order_id", "left"), on="order_id")
            .with_columns(
                fits=pl.col("amount").cum_sum().over("order_id", order_by="sequence")
                <= pl.col("left")
            )
        )
        return use.select("invoice", "order_id", "fits")

    return rule


def _best(candidates: pl.DataFrame, preference: list[str]) -> pl.DataFrame:
    """Per return, the candidate order first in ``preference`` (each descending)."""
    return (
        candidates.sort(preference, descending=True)
        .group_by("invoice", maintain_order=True)
        .first()
        .select("invoice", "order_id")
    )
