"""What happened to each order's money: pending, paid, cancelled, refunded in full or in part."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo import rates
from pipelines.demo.clock import DAY, MISSING, Period
from pipelines.demo.draw import categorical, pick
from pipelines.demo.orders import Orders

_CANCEL_REASONS = ("customer", "inventory", "declined", "fraud", "other")
_RETURN_REASONS = (
    "Retour binnen 14 dagen",
    "Beschadigd geleverd",
    "Verkeerde kleur geleverd",
    "Past niet in het interieur",
    "Kwaliteit viel tegen, helaas",
    "Te laat geleverd",
    "",
)
_CANCEL_REFUND_REASON = "Bestelling geannuleerd"


@dataclass(frozen=True)
class Settlement:
    financial_status: pl.Series
    cancelled_at: np.ndarray  # MISSING when not cancelled
    cancel_reason: pl.Series
    refund_order: np.ndarray  # per refund: index of its order, refunds in time order
    refund_at: np.ndarray
    refund_amount: np.ndarray  # cents
    refund_reason: pl.Series


def _partial_amounts(rng, orders: Orders, chosen: np.ndarray) -> np.ndarray:
    """A returned line's net amount, or a share of the total for single-line orders."""
    lines = np.bincount(orders.line_order, minlength=len(orders.at))
    biggest = np.zeros(len(orders.at), dtype=np.int64)
    np.maximum.at(biggest, orders.line_order, orders.line_net)
    share = (orders.total[chosen] * rng.uniform(0.2, 0.6, len(chosen))).astype(np.int64)
    amount = np.where(lines[chosen] > 1, biggest[chosen], share)
    return np.clip(amount, 100, orders.total[chosen] - 100)


def settle(rng: np.random.Generator, orders: Orders, period: Period) -> Settlement:
    n = len(orders.at)
    real = ~orders.is_test
    pending = (orders.at >= period.end - 2 * DAY) & (rng.random(n) < 0.4)
    cancel = ~pending & (
        (real & (rng.random(n) < rates.CANCELLED_ORDER_SHARE))
        | (orders.is_test & (rng.random(n) < 0.3))
    )
    cancelled_at = np.where(
        cancel, np.minimum(orders.at + rng.integers(300, 2 * DAY, n), period.end - 1), MISSING
    )
    voided = cancel & (rng.random(n) < 0.6)

    refundable = real & ~pending & ~cancel & (orders.at < period.end - 3 * DAY)
    chance = rates.REFUND_ORDER_SHARE * real.sum() / max(1, refundable.sum())
    returned = refundable & (rng.random(n) < chance)
    partial = returned & (rng.random(n) < rates.PARTIAL_REFUND_SHARE) & (orders.total > 400)
    full = np.flatnonzero(returned & ~partial)
    part = np.flatnonzero(partial)
    first = _partial_amounts(rng, orders, part)
    again = rng.random(len(part)) < 0.2
    second = np.maximum(1, ((orders.total[part] - first) * rng.uniform(0.1, 0.5, len(part))))
    cancelled_paid = np.flatnonzero(cancel & ~voided)

    def later(at: np.ndarray, low: int, high: int) -> np.ndarray:
        return np.minimum(at + rng.integers(low, high, len(at)), period.end - 1)

    part_at = later(orders.at[part], 3 * DAY, 30 * DAY)
    order_of = np.concatenate((full, part, part[again], cancelled_paid))
    at = np.concatenate(
        (
            later(orders.at[full], 3 * DAY, 30 * DAY),
            part_at,
            later(part_at[again], DAY, 10 * DAY),
            cancelled_at[cancelled_paid],
        )
    )
    amount = np.concatenate(
        (orders.total[full], first, second[again].astype(np.int64), orders.total[cancelled_paid])
    )
    reason = pl.concat(
        [
            pick(
                _RETURN_REASONS,
                rng.integers(0, len(_RETURN_REASONS), len(at) - len(cancelled_paid)),
            ),
            pl.Series([_CANCEL_REFUND_REASON] * len(cancelled_paid), dtype=pl.String),
        ]
    )
    refunded = np.bincount(order_of, weights=amount, minlength=n).astype(np.int64)
    status = np.select(
        [pending, voided, refunded >= orders.total, refunded > 0],
        ["pending", "voided", "refunded", "partially_refunded"],
        "paid",
    )
    by_time = np.lexsort((order_of, at))
    return Settlement(
        financial_status=pl.Series(status, dtype=pl.String),
        cancelled_at=cancelled_at,
        cancel_reason=pl.select(
            pl.when(pl.Series(cancel))
            .then(pick(_CANCEL_REASONS, categorical(rng, [50, 20, 10, 5, 15], n)))
            .otherwise(None)
        ).to_series(),
        refund_order=order_of[by_time],
        refund_at=at[by_time],
        refund_amount=amount[by_time],
        refund_reason=reason.gather(by_time).replace("", None),
    )
