"""Customer lifetime value: BG/NBD purchase counts, Gamma-Gamma spend, discounted CLV.

    summary = summarise_transactions(orders, customer="customer_id", date="purchase_date",
                                     amount="net_amount", calibration_end=as_of)
    fits = fit_models(summary)  # maximum likelihood, or regularised on small data (and says so)
    scores = score_customers(summary, fits.bg_nbd, fits.gamma_gamma, horizon_months=12,
                             monthly_discount_rate=0.01)

Time is in weeks. ``fit_models`` raises NotEnoughDataError (a ValueError) below the minimums
of model_choice.py; the plain fits raise ValueError on too little data and ConvergenceError (a
RuntimeError) when the optimiser does not reach a usable maximum. ``klantbeeld clv fit`` runs
the fits on a transactions file (command.py).
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
from pipelines.analytics.clv.model_choice import ModelFits, NotEnoughDataError, fit_models
from pipelines.analytics.clv.summary import summarise_transactions

__all__ = [
    "WEEKS_PER_MONTH",
    "Backtest",
    "BgNbdFit",
    "ConvergenceError",
    "GammaGammaFit",
    "ModelFits",
    "NotEnoughDataError",
    "backtest",
    "discounted_expected_purchases",
    "expected_spend",
    "fit_bg_nbd",
    "fit_gamma_gamma",
    "fit_models",
    "score_customers",
    "summarise_transactions",
]
