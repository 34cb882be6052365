"""Holdout backtest: does BG/NBD, fitted on the calibration period, predict the purchases that
followed? This is FHL's own validation (their Figure 2 and Table 2 on CDNOW's 39-week holdout).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np
import polars as pl

from pipelines.analytics.clv.bg_nbd import BgNbdFit
from pipelines.analytics.clv.model_choice import MAXIMUM_LIKELIHOOD, fit_bg_nbd_by_rule
from pipelines.analytics.clv.summary import CUSTOMER_ID, summarise_transactions


@dataclass(frozen=True)
class Backtest:
    """Predicted against actual repeat purchase days in the holdout, over the calibration
    customers. Aggregates only: no customer ids."""

    customers: int
    holdout_weeks: float
    predicted_purchases: float
    actual_purchases: int
    relative_error_pct: float
    mean_absolute_error: float
    fit: BgNbdFit
    fit_method: str = MAXIMUM_LIKELIHOOD

    def as_metadata(self) -> dict[str, float | int]:
        """Plain numbers (e.g. Dagster output metadata), the fitted parameters prefixed bg_nbd_."""
        values = {k: v for k, v in asdict(self).items() if k not in ("fit", "fit_method")}
        values.update({f"bg_nbd_{k}": v for k, v in asdict(self.fit).items()})
        return values


def backtest(
    transactions: pl.DataFrame,
    *,
    customer: str = CUSTOMER_ID,
    date: str = "purchase_date",
    amount: str = "net_amount",
    calibration_end: dt.date,
    holdout_end: dt.date,
) -> Backtest:
    """Fit BG/NBD on the transactions up to ``calibration_end`` and compare each calibration
    customer's expected purchases in (calibration_end, holdout_end] (FHL eq. 10) with what
    they did. relative_error_pct is (predicted - actual) / actual * 100 over all customers.
    The calibration fit follows the rule of ``model_choice`` (regularised on small data)."""
    summary = summarise_transactions(
        transactions,
        customer=customer,
        date=date,
        amount=amount,
        calibration_end=calibration_end,
        holdout_end=holdout_end,
    )
    fit, method = fit_bg_nbd_by_rule(summary)
    weeks = float(summary["holdout_weeks"][0])
    predicted = fit.conditional_expected_purchases(
        weeks, summary["frequency"], summary["recency"], summary["T"]
    )
    actual = summary["holdout_purchases"].to_numpy()
    total = int(actual.sum())
    return Backtest(
        customers=summary.height,
        holdout_weeks=weeks,
        predicted_purchases=float(predicted.sum()),
        actual_purchases=total,
        relative_error_pct=float((predicted.sum() - total) / total * 100) if total else np.nan,
        mean_absolute_error=float(np.abs(predicted - actual).mean()),
        fit=fit,
        fit_method=method,
    )
