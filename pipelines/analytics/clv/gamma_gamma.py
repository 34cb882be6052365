"""Gamma-Gamma: how much a customer spends per purchase.

Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer base analysis",
Journal of Marketing Research 42(4) 415-430, and Fader & Hardie (2013), "The Gamma-Gamma model
of monetary value" (note 025, "FH13" below). A customer's amounts per purchase are
Gamma(p, nu) with nu ~ Gamma(q, gamma) across customers, independent of how often they buy.
Only repeat purchases carry information about nu given zbar, so the fit uses the customers with
x > 0 and a positive mean spend zbar (a mean <= 0, e.g. everything refunded, has no likelihood
under a Gamma model); everyone else is scored with the population mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.special import digamma, gammaln

from pipelines.analytics.clv.fitting import check_bounded, maximise
from pipelines.analytics.clv.priors import SPEND_SHAPE_SCALE, weibull_2_on_log
from pipelines.analytics.clv.weights import collapse

# Three parameters: fewer customers than this cannot pin them down.
MIN_CUSTOMERS = 3


@dataclass(frozen=True)
class GammaGammaFit:
    """Maximum-likelihood Gamma-Gamma parameters (gamma in the unit of the amounts)."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    customers: int

    @property
    def population_mean(self) -> float:
        """E[Z] = p * gamma / (q - 1), the expected spend per purchase of an unseen customer;
        infinite unless q > 1."""
        if self.q <= 1:
            raise ValueError(
                f"Gamma-Gamma q = {self.q:.3g} <= 1: the population mean spend is infinite, so "
                "customers without repeat purchases have no expected spend."
            )
        return self.p * self.gamma / (self.q - 1)

    def conditional_expected_spend(self, frequency, monetary_value) -> np.ndarray:
        """E[Z | x, zbar], FH13 eq. 5: a weighted average of the population mean and the
        customer's own mean, the weight p*x / (p*x + q - 1) growing with x. For x = 0 it is the
        population mean."""
        x = np.asarray(frequency, dtype=np.float64)
        zbar = np.asarray(monetary_value, dtype=np.float64)
        own = self.p * x / (self.p * x + self.q - 1)
        return (1 - own) * self.population_mean + own * zbar


def log_likelihood(params, frequency, monetary_value) -> np.ndarray:
    """Per-customer log-likelihood of (p, q, gamma) given x > 0 and zbar > 0: FH13 eq. 3, the
    density of zbar, in log space:

    ln G(px+q) - ln G(px) - ln G(q) + q ln gamma + (px-1) ln zbar + px ln x
        - (px+q) ln(gamma + x zbar)
    """
    x = np.asarray(frequency, dtype=np.float64)
    zbar = np.asarray(monetary_value, dtype=np.float64)
    return _log_likelihood_and_gradient(np.asarray(params, dtype=np.float64), x, zbar)[0]


def _log_likelihood_and_gradient(params, x, zbar):
    p, q, gamma = params
    px = p * x
    log_total = np.log(gamma + x * zbar)
    ll = (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * np.log(zbar)
        + px * np.log(x)
        - (px + q) * log_total
    )
    digamma_pxq = digamma(px + q)
    gradient = np.stack(
        [
            x * (digamma_pxq - digamma(px) + np.log(zbar) + np.log(x) - log_total),
            digamma_pxq - digamma(q) + np.log(gamma) - log_total,
            q / gamma - (px + q) / (gamma + x * zbar),
        ]
    )
    return ll, gradient


def fit_gamma_gamma(
    summary: pl.DataFrame, *, collapse_rows: bool = True, regularised: bool = False
) -> GammaGammaFit:
    """Gamma-Gamma fit on a summary with columns frequency and monetary_value: maximum
    likelihood, or with ``regularised`` the posterior mode under the weak priors of
    ``priors.py``. Rows with frequency = 0 or monetary_value <= 0 are left out (see the module
    docstring). Identical rows are fitted once with a weight, as in ``fit_bg_nbd``.

    Raises ValueError with fewer than three such customers and ConvergenceError when the
    optimiser fails or a parameter runs off to 0 or infinity.
    """
    return fit_gamma_gamma_with_errors(
        summary, collapse_rows=collapse_rows, regularised=regularised
    )[0]


def fit_gamma_gamma_with_errors(
    summary: pl.DataFrame, *, collapse_rows: bool = True, regularised: bool = False
) -> tuple[GammaGammaFit, np.ndarray]:
    """``fit_gamma_gamma`` and the standard errors of log p, log q and log gamma (inf where the
    data leave the optimum flat)."""
    x, zbar = usable_spend(summary)
    if len(x) < MIN_CUSTOMERS:
        raise ValueError(
            f"Gamma-Gamma fit needs at least {MIN_CUSTOMERS} customers with repeat purchases and "
            f"a positive mean spend; the summary has {len(x)}."
        )
    if collapse_rows:
        rows = collapse({"x": x, "zbar": zbar})
        x, zbar, weights = rows.columns["x"], rows.columns["zbar"], rows.weights
    else:
        weights = np.ones_like(x)
    # Amounts rescaled to a mean of 1 so that gamma, like p and q, starts near exp(0) = 1
    # whatever the currency; p and q do not depend on the unit.
    scale = 1.0 / np.average(zbar, weights=weights)
    total = weights.sum()

    def objective(log_params):
        params = np.exp(log_params)
        ll, gradient = _log_likelihood_and_gradient(params, x, zbar * scale)
        value, slope = -(weights @ ll) / total, -(gradient @ weights) * params / total
        if regularised:
            # Weak Weibull(2, 10) priors on the shapes p and q; gamma stays flat.
            prior, prior_slope = weibull_2_on_log(params[:2], SPEND_SHAPE_SCALE)
            value -= prior.sum() / total
            slope = slope - np.append(prior_slope, 0.0) / total
        return value, slope

    optimum = maximise("Gamma-Gamma", objective, np.zeros(3), observations=total)
    p, q, gamma = np.exp(optimum.coordinates)
    check_bounded("Gamma-Gamma", ("p", "q", "gamma"), np.array([p, q, gamma]))
    gamma /= scale
    ll = _log_likelihood_and_gradient(np.array([p, q, gamma]), x, zbar)[0]
    fit = GammaGammaFit(
        p=float(p),
        q=float(q),
        gamma=float(gamma),
        log_likelihood=float(weights @ ll),
        customers=int(total),
    )
    return fit, optimum.standard_errors


def usable_spend(summary: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """frequency and monetary_value of the customers the fit uses: x > 0 and zbar > 0."""
    x = summary["frequency"].to_numpy().astype(np.float64)
    zbar = summary["monetary_value"].to_numpy().astype(np.float64)
    if not (np.isfinite(x).all() and np.isfinite(zbar).all()):
        raise ValueError("Gamma-Gamma fit: frequency and monetary_value must be finite.")
    usable = (x > 0) & (zbar > 0)
    return x[usable], zbar[usable]
