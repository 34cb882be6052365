"""Customers drawn from the BG/NBD and Gamma-Gamma processes, summarised the way
``summarise_transactions`` summarises real ones: for tests and the benchmark, where the true
parameters are known.

Draws per customer (vectorised, no per-purchase loop): lambda ~ Gamma(r, rate alpha),
p ~ Beta(a, b); the repeat purchase after which the customer drops out is J ~ Geometric(p)
(FHL's dropout after each purchase); the purchases a live customer would make in (0, T] are
N ~ Poisson(lambda T); x = min(N, J). Given N, purchase times are uniform order statistics, so
the x-th is T * Beta(x, N - x + 1). Spend: nu ~ Gamma(q, rate gamma), and the mean of x
Gamma(p, nu) amounts is Gamma(p x, rate nu x).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.analytics.clv.summary import CUSTOMER_ID, DAYS_PER_WEEK


@dataclass(frozen=True)
class Truth:
    """True parameters of a simulation (defaults: CDNOW's published estimates)."""

    r: float = 0.243
    alpha: float = 4.414
    a: float = 0.793
    b: float = 2.426
    p: float = 6.25
    q: float = 3.74
    gamma: float = 15.44


def simulate_summary(
    customers: int,
    truth: Truth = Truth(),
    *,
    cohort_days: int = 91,
    calibration_days: int = 273,
    seed: int = 0,
) -> pl.DataFrame:
    """``customers`` rows of customer_id, frequency, recency, T, monetary_value: first purchases
    spread uniformly over the first ``cohort_days`` (a quarter, as CDNOW's cohort), observed up
    to day ``calibration_days``. Recency and T are whole days / 7, like real summaries, so rows
    repeat; amounts are rounded to cents."""
    rng = np.random.default_rng(seed)
    first_day = rng.integers(0, cohort_days, customers)
    age = (calibration_days - first_day) / DAYS_PER_WEEK
    rate = rng.gamma(truth.r, 1.0 / truth.alpha, customers)
    dropout = rng.beta(truth.a, truth.b, customers)
    last_purchase = rng.geometric(dropout)
    would_buy = rng.poisson(rate * age)
    x = np.minimum(would_buy, last_purchase)
    buyer = x > 0
    latest = np.zeros(customers)
    latest[buyer] = age[buyer] * rng.beta(x[buyer], would_buy[buyer] - x[buyer] + 1)
    # Purchases happen on days: the nearest day, and a repeat purchase at least a day after the
    # first (rounding up instead biases alpha upwards by about 2%).
    days = np.where(buyer, np.maximum(np.round(latest * DAYS_PER_WEEK), 1.0), 0.0)
    recency = np.minimum(days, age * DAYS_PER_WEEK) / DAYS_PER_WEEK
    nu = rng.gamma(truth.q, 1.0 / truth.gamma, customers)
    monetary = np.zeros(customers)
    monetary[buyer] = rng.gamma(truth.p * x[buyer], 1.0 / (nu[buyer] * x[buyer]))
    width = len(str(customers))
    return pl.DataFrame(
        {
            CUSTOMER_ID: [f"{i:0{width}d}" for i in range(1, customers + 1)],
            "frequency": x.astype(np.int64),
            "recency": recency,
            "T": age,
            "monetary_value": np.round(monetary, 2),
        }
    )
