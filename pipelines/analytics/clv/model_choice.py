"""Which fit a shop's data can carry: none (too few customers: a plain refusal), maximum
likelihood (enough data, an identified optimum), or a regularised fit (weak priors, the
posterior mode) that says why it was used. docs/analytics.md#clv states the rule.

Maximum likelihood is kept only when every parameter is pinned down: its standard error (from
the observed information, on the log scale) is at most ``MAX_LOG_STANDARD_ERROR``, i.e. the
data know it within a factor of e. At a boundary optimum (a -> 0 with b -> infinity, r and alpha
-> infinity together, ...) the likelihood is flat along the boundary and the error is infinite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.analytics.clv.bg_nbd import BgNbdFit, fit_bg_nbd_with_errors
from pipelines.analytics.clv.fitting import ConvergenceError
from pipelines.analytics.clv.gamma_gamma import (
    GammaGammaFit,
    fit_gamma_gamma_with_errors,
    usable_spend,
)

# Below these the fit refuses: a handful of customers says more about the priors than the shop.
MIN_CUSTOMERS = 20
MIN_REPEAT_CUSTOMERS = 5
# Below these the fit is always regularised: with so few customers the observed information
# (and so the standard errors that would vouch for a maximum-likelihood fit) is itself unreliable.
SMALL_DATA_CUSTOMERS = 100
SMALL_DATA_REPEAT_CUSTOMERS = 30
MAX_LOG_STANDARD_ERROR = 1.0

MAXIMUM_LIKELIHOOD = "maximum likelihood"
REGULARISED = "regularised (weak priors)"
SMALL_DATA_REASON = (
    "too few for maximum likelihood alone, so the models were fitted with weak priors "
    "(regularised); treat the figures as rough."
)


class NotEnoughDataError(ValueError):
    """Too few customers, or too few with repeat purchases, to fit the models at all."""


@dataclass(frozen=True)
class ModelFits:
    """Both fits, how each was made, and plain sentences on what the user should know."""

    bg_nbd: BgNbdFit
    gamma_gamma: GammaGammaFit
    bg_nbd_method: str
    gamma_gamma_method: str
    warnings: tuple[str, ...]

    @property
    def fit_method(self) -> str:
        """maximum likelihood when both fits are, else regularised (weak priors)."""
        methods = {self.bg_nbd_method, self.gamma_gamma_method}
        return MAXIMUM_LIKELIHOOD if methods == {MAXIMUM_LIKELIHOOD} else REGULARISED

    @property
    def fit_warning(self) -> str | None:
        return " ".join(self.warnings) or None


def fit_models(summary: pl.DataFrame) -> ModelFits:
    """BG/NBD and Gamma-Gamma on ``summary`` (``summarise_transactions``) by the rule above.

    Raises NotEnoughDataError below the minimums, and ValueError/ConvergenceError with a plain
    reason if even the regularised fit fails."""
    customers, repeat, small = _size(summary)
    spenders = len(usable_spend(summary)[0])
    if spenders < MIN_REPEAT_CUSTOMERS:
        raise NotEnoughDataError(
            f"CLV needs at least {MIN_REPEAT_CUSTOMERS} customers whose repeat purchases add up "
            f"to a positive amount, to estimate spend; the data have {spenders:,}."
        )
    size = f"{customers:,} customers, {repeat:,} with a repeat purchase"
    bg, bg_method, bg_reason = _checked("BG/NBD", fit_bg_nbd_with_errors, summary, small, size)
    gg_small = small or spenders < SMALL_DATA_REPEAT_CUSTOMERS
    gg, gg_method, gg_reason = _checked(
        "Gamma-Gamma", fit_gamma_gamma_with_errors, summary, gg_small, size
    )
    reasons = tuple(reason for reason in (bg_reason, gg_reason) if reason)
    if small:
        # One sentence for one cause.
        reasons = (f"Only {size}: {SMALL_DATA_REASON}",)
    return ModelFits(
        bg_nbd=bg,
        gamma_gamma=gg,
        bg_nbd_method=bg_method,
        gamma_gamma_method=gg_method,
        warnings=reasons,
    )


def fit_bg_nbd_by_rule(summary: pl.DataFrame) -> tuple[BgNbdFit, str]:
    """BG/NBD alone by the same rule (the backtest's calibration fit): the fit and its method."""
    small = _size(summary)[2]
    fit, method, _ = _checked("BG/NBD", fit_bg_nbd_with_errors, summary, small, "")
    return fit, method


def _size(summary: pl.DataFrame) -> tuple[int, int, bool]:
    """Customers, those with a repeat purchase, and whether that is small data; NotEnoughDataError
    below the minimums."""
    customers, repeat = summary.height, int((summary["frequency"] > 0).sum())
    if customers < MIN_CUSTOMERS or repeat < MIN_REPEAT_CUSTOMERS:
        raise NotEnoughDataError(
            f"CLV needs at least {MIN_CUSTOMERS} customers, {MIN_REPEAT_CUSTOMERS} of them with a "
            f"repeat purchase; the data have {customers:,} customers, {repeat:,} with a repeat "
            "purchase. With fewer, the models would say more about their assumptions than about "
            "the shop."
        )
    small = customers < SMALL_DATA_CUSTOMERS or repeat < SMALL_DATA_REPEAT_CUSTOMERS
    return customers, repeat, small


def _checked(
    model: str,
    fit_with_errors: Callable[..., tuple],
    summary: pl.DataFrame,
    small: bool,
    size: str,
) -> tuple:
    """(fit, method, reason for regularising or None)."""
    if small:
        reason = f"{model}: only {size}: {SMALL_DATA_REASON}"
    else:
        try:
            fit, errors = fit_with_errors(summary)
        except ConvergenceError:
            reason = (
                f"{model}: maximum likelihood found no usable optimum (a parameter runs off to 0 "
                "or infinity: the data do not identify the model); fitted with weak priors "
                "(regularised) instead."
            )
        else:
            if np.all(errors <= MAX_LOG_STANDARD_ERROR):
                return fit, MAXIMUM_LIKELIHOOD, None
            reason = (
                f"{model}: the maximum-likelihood optimum is not pinned down by the data (it "
                "lies on a flat ridge or at a boundary); fitted with weak priors (regularised) "
                "instead."
            )
    try:
        fit, _ = fit_with_errors(summary, regularised=True)
    except ConvergenceError as error:
        raise ConvergenceError(
            f"{model} could not be fitted, not even with weak priors: {error}"
        ) from None
    return fit, REGULARISED, reason
