"""Customer lifetime value: BG/NBD purchase counts, Gamma-Gamma spend, discounted CLV.

    summary = summarise_transactions(orders, customer="customer_id", date="purchase_date",
                                     amount="net_amount", calibration_end=as_of)
    bg, gg = fit_bg_nbd(summary), fit_gamma_gamma(summary)
    scores = score_customers(summary, bg, gg, horizon_months=12, monthly_discount_rate=0.01)

Time is in weeks. Fits raise ValueError on too little data and ConvergenceError (a
RuntimeError) when the optimiser does not reach a maximum. ``klantbeeld clv fit`` runs the fits
on a transactions file (command.py).
"""

from pipelines.analytics.clv.backtest import Backtest, backtest
from pipelines.analytics.clv.bg_nbd import BgNbdFit, fit_bg_nbd
from pipelines.analytics.clv.fitting import ConvergenceError
from pipelines.analytics.clv.gamma_gamma import GammaGammaFit, fit_gamma_gamma
from pipelines.analytics.clv.lifetime_value import (
    WEEKS_PER_MONTH,
    discounted_expected_purchases,
    expected_spend,
    score_customers,
)
from pipelines.analytics.clv.summary import summarise_transactions

__all__ = [
    "WEEKS_PER_MONTH",
    "Backtest",
    "BgNbdFit",
    "ConvergenceError",
    "GammaGammaFit",
    "backtest",
    "discounted_expected_purchases",
    "expected_spend",
    "fit_bg_nbd",
    "fit_gamma_gamma",
    "score_customers",
    "summarise_transactions",
]
