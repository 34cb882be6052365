"""Discounted customer lifetime value and the per-customer scores built from the two models.

CLV over a horizon of H months with monthly discount rate d (the approach of lifetimes'
``customer_lifetime_value``, vectorised over customers and months at once):

    CLV = E[Z | x, zbar] * sum_{i=1..H} (E[Y(i months)] - E[Y(i-1 months)]) / (1 + d)^i

with E[Y(t)] the BG/NBD conditional expectation (FHL eq. 10) and E[Z | x, zbar] the Gamma-Gamma
expected spend (FH13 eq. 5). Spend and purchases are independent in the Gamma-Gamma model, which
is what allows the product.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.analytics.clv.bg_nbd import BgNbdFit
from pipelines.analytics.clv.gamma_gamma import GammaGammaFit
from pipelines.analytics.clv.summary import CUSTOMER_ID
from pipelines.analytics.clv.weights import collapse

# An average calendar month in weeks (lifetimes uses 4.345).
WEEKS_PER_MONTH = 365.25 / 12 / 7


def discounted_expected_purchases(
    bg: BgNbdFit,
    frequency,
    recency,
    age,
    *,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
    weeks_per_month: float = WEEKS_PER_MONTH,
) -> np.ndarray:
    """sum over months i of the purchases expected in month i, discounted by (1 + d)^i."""
    if horizon_months < 1:
        raise ValueError(f"horizon_months must be at least 1, not {horizon_months}")
    months = np.arange(1, horizon_months + 1, dtype=np.float64)[:, None]
    cumulative = bg.conditional_expected_purchases(
        months * weeks_per_month,
        np.asarray(frequency, dtype=np.float64)[None, :],
        np.asarray(recency, dtype=np.float64)[None, :],
        np.asarray(age, dtype=np.float64)[None, :],
    )
    per_month = np.diff(cumulative, axis=0, prepend=0.0)
    return (per_month / (1.0 + monthly_discount_rate) ** months).sum(axis=0)


def expected_spend(gg: GammaGammaFit, frequency, monetary_value) -> np.ndarray:
    """E[Z | x, zbar]; customers without usable spend history (x = 0, or zbar <= 0 because
    their repeat purchases were refunded: the fit left them out) get the population mean."""
    x = np.asarray(frequency, dtype=np.float64)
    zbar = np.asarray(monetary_value, dtype=np.float64)
    informative = (x > 0) & (zbar > 0)
    return gg.conditional_expected_spend(np.where(informative, x, 0.0), zbar)


def score_customers(
    summary: pl.DataFrame,
    bg: BgNbdFit,
    gg: GammaGammaFit,
    *,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
) -> pl.DataFrame:
    """Per customer of ``summary`` (``summarise_transactions``): customer_id,
    probability_alive, expected_purchases (repeat purchases in the next ``horizon_months``),
    expected_spend (per purchase) and clv (discounted, in the unit of the amounts).

    The BG/NBD quantities depend only on (frequency, recency, T): they are computed once per
    distinct triple and broadcast back, which is what keeps a million customers fast.
    """
    rows = collapse(
        {
            "x": summary["frequency"].to_numpy().astype(np.float64),
            "t_x": summary["recency"].to_numpy().astype(np.float64),
            "T": summary["T"].to_numpy().astype(np.float64),
        }
    )
    x, t_x, age = rows.columns["x"], rows.columns["t_x"], rows.columns["T"]
    horizon_weeks = horizon_months * WEEKS_PER_MONTH
    spend = expected_spend(gg, summary["frequency"], summary["monetary_value"])
    discounted = discounted_expected_purchases(
        bg,
        x,
        t_x,
        age,
        horizon_months=horizon_months,
        monthly_discount_rate=monthly_discount_rate,
    )
    return pl.DataFrame(
        {
            CUSTOMER_ID: summary[CUSTOMER_ID],
            "probability_alive": bg.probability_alive(x, t_x, age)[rows.inverse],
            "expected_purchases": bg.conditional_expected_purchases(horizon_weeks, x, t_x, age)[
                rows.inverse
            ],
            "expected_spend": spend,
            "clv": spend * discounted[rows.inverse],
        }
    )
