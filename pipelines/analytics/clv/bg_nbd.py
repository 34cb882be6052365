"""BG/NBD: how many purchases a customer makes before dropping out, and whether they still buy.

Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
Pareto/NBD model", Marketing Science 24(2) 275-284 ("FHL" below), and Hardie's note 004
("Implementing the BG/NBD model in Excel"). While alive a customer buys at Poisson rate
lambda ~ Gamma(r, alpha); after every repeat purchase they drop out with probability
p ~ Beta(a, b). Time is in weeks throughout.

Why our own code instead of ``lifetimes``: lifetimes is archived (no release since 2020) and
differentiates with ``autograd``; it accepts row weights but leaves collapsing to the caller,
and it predicts every customer separately. Here identical (x, t_x, T) rows are collapsed for
both the fit and the scores (``weights.py``) and the gradient is closed-form: at a million
customers fit + scores are an order of magnitude faster (BENCHMARKS.md, benchmarks/clv.py).
lifetimes stays a dev dependency: the tests compare both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.integrate import quad
from scipy.special import betaln, digamma, expit, gammaln, hyp2f1

from pipelines.analytics.clv.fitting import check_bounded, maximise
from pipelines.analytics.clv.priors import (
    ALPHA_SCALE_WEEKS,
    R_SCALE,
    beta_2_2_on_logit,
    pareto_1_1_on_log_excess,
    weibull_2_on_log,
)
from pipelines.analytics.clv.weights import collapse

# (a + b + x - 1) / (a - 1) * (1 - 2F1(..., a - 1; ...)) has a removable singularity at a = 1:
# both factors flip sign together. Closer than this, evaluate it this far from 1 instead
# (a relative change of about 1e-7 in the prediction).
A_NEAR_ONE = 1e-7
# Four parameters: fewer customers than this cannot pin them down.
MIN_CUSTOMERS = 4


@dataclass(frozen=True)
class BgNbdFit:
    """Maximum-likelihood BG/NBD parameters (alpha in weeks) and the log-likelihood reached."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    customers: int

    def probability_alive(self, frequency, recency, age) -> np.ndarray:
        """P(alive | x, t_x, age): Fader, Hardie & Lee (2008) note 021, eq. 2; 1 when x = 0 (no
        purchase since the first, so no chance to have dropped out yet)."""
        x, t_x, age = _arrays(frequency, recency, age)
        return expit(-self._log_odds_dead(x, t_x, age))

    def conditional_expected_purchases(self, t, frequency, recency, age) -> np.ndarray:
        """E[Y(t) | x, t_x, T], repeat purchases in the next ``t`` weeks: FHL eq. 10.

        The paper's ((alpha+T)/(alpha+T+t))^(r+x) * 2F1(r+x, b+x; a+b+x-1; z), with
        z = t/(alpha+T+t), overflows for large x (huge upper parameters, z near 1; lifetimes
        retries those rows with a second form). Euler's transformation
        2F1(A, B; C; z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z) turns the product into
        (1-z)^(a-1) * 2F1(a+b-1-r, a-1; a+b+x-1; z): the upper parameters no longer grow with
        x, so scipy evaluates it to ~1e-14 for every x (checked against a 60-digit series;
        Pfaff's form 2F1(r+x, a-1; a+b+x-1; -t/(alpha+T)) loses all digits for t >> alpha+T).
        """
        x, t_x, age = _arrays(frequency, recency, age)
        t = np.asarray(t, dtype=np.float64)
        a_minus_1 = self.a - 1.0
        if abs(a_minus_1) < A_NEAR_ONE:
            a_minus_1 = A_NEAR_ONE if a_minus_1 >= 0 else -A_NEAR_ONE
        c = a_minus_1 + self.b + x
        transformed = _transformed_hyp2f1(self.r, self.alpha, a_minus_1, self.b, c, t, age)
        expected_if_alive = np.array(c / a_minus_1 * (1.0 - transformed))
        failed = ~np.isfinite(expected_if_alive)
        if failed.any():
            xs, ts, ages = (np.broadcast_to(v, failed.shape)[failed] for v in (x, t, age))
            expected_if_alive[failed] = [
                self._expected_if_alive_by_quadrature(*row)
                for row in zip(xs, ts, ages, strict=True)
            ]
        return expected_if_alive * expit(-self._log_odds_dead(x, t_x, age))

    def _expected_if_alive_by_quadrature(self, x: float, t: float, age: float) -> float:
        """E[Y(t) | alive, x, T] as the integral it is: given alive, lambda ~ Gamma(r+x,
        alpha+T) and p ~ Beta(a, b+x), and a live customer makes (1 - exp(-lambda p t)) / p
        purchases in t on average. For the rare rows where every closed form overflows."""
        a, beta = self.a, self.b + x
        shape, scale = self.r + x, t / (self.alpha + age)

        def purchases(p: float) -> float:
            """(1 - (1 + p t / (alpha+T))^-(r+x)) / p, and its limit at p = 0."""
            return -np.expm1(-shape * np.log1p(p * scale)) / p if p > 0 else shape * scale

        if a < 1:
            # p = u^(1/a) absorbs the density's p^(a-1) singularity at 0.
            def integrand(u: float) -> float:
                p = u ** (1 / a)
                return purchases(p) * np.exp((beta - 1) * np.log1p(-p))

            return quad(integrand, 0.0, 1.0, limit=500)[0] / (a * np.exp(betaln(a, beta)))

        def weighted(p: float) -> float:
            log_density = (a - 1) * np.log(p) + (beta - 1) * np.log1p(-p) - betaln(a, beta)
            return purchases(p) * np.exp(log_density)

        mode = np.clip((a - 1) / (a + beta - 2), 1e-12, 1 - 1e-12)
        return quad(weighted, 0.0, 1.0, points=[mode], limit=500)[0]

    def expected_purchases(self, t) -> np.ndarray:
        """E[X(t)], repeat purchases of a new customer in their first ``t`` weeks: FHL eq. 9
        (eq. 10 with x = t_x = T = 0)."""
        t = np.asarray(t, dtype=np.float64)
        zero = np.zeros_like(t)
        return self.conditional_expected_purchases(t, zero, zero, zero)

    def _log_odds_dead(self, x, t_x, age) -> np.ndarray:
        """log of a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x), -inf when x = 0."""
        repeat = x > 0
        log_odds = np.full(np.broadcast(x, t_x, age).shape, -np.inf)
        xs, txs, ages = (np.broadcast_to(v, log_odds.shape)[repeat] for v in (x, t_x, age))
        log_odds[repeat] = (
            np.log(self.a)
            - np.log(self.b + xs - 1.0)
            + (self.r + xs) * (np.log(self.alpha + ages) - np.log(self.alpha + txs))
        )
        return log_odds


def _transformed_hyp2f1(r, alpha, a_minus_1, b, c, t, age) -> np.ndarray:
    """((alpha+T)/(alpha+T+t))^(r+x) * 2F1(r+x, b+x; c; z), z = t/(alpha+T+t), c = a+b+x-1.

    Euler's form (see conditional_expected_purchases) first. It fails (inf * 0) when a is in
    the hundreds, where the paper's own form is well conditioned (its lower parameter c is then
    large), so those values come from the paper's form. scipy also returns inf for some integer
    parameter sets with z > 0.9 (e.g. 2F1(1, 1; 101; 0.93)): those are evaluated with c moved by
    1e-9 relative (the function is smooth in c). Pfaff's form is not used: where it is finite it
    still disagrees with the other two in ~5% of random parameter sets. NaN remains only where
    every form fails (very large x, a or b); the caller integrates those numerically.
    """
    t, age, c = np.broadcast_arrays(t, age, c)
    x = c - a_minus_1 - b
    z = t / (alpha + age + t)

    def euler(c):
        return np.exp(a_minus_1 * np.log1p(-z)) * hyp2f1(a_minus_1 + b - r, a_minus_1, c, z)

    def paper(c):
        return np.exp((r + x) * np.log1p(-z)) * hyp2f1(r + x, b + x, c, z)

    with np.errstate(invalid="ignore", over="ignore"):
        value = np.array(euler(c))
        for form, lower in ((paper, c), (euler, c * (1 + 1e-9)), (paper, c * (1 + 1e-9))):
            failed = ~np.isfinite(value)
            if not failed.any():
                break
            value[failed] = form(lower)[failed]
    return value


def log_likelihood(params, frequency, recency, age) -> np.ndarray:
    """Per-customer log-likelihood of (r, alpha, a, b): FHL eq. 6 in log space.

    ln L = ln G(r+x) - ln G(r) + r ln alpha + ln B(a, b+x) - ln B(a, b)
           + logaddexp(-(r+x) ln(alpha+T), [x>0] (ln a - ln(b+x-1) - (r+x) ln(alpha+t_x)))
    """
    return _log_likelihood_and_gradient(
        np.asarray(params, dtype=np.float64), *_arrays(frequency, recency, age)
    )[0]


def _log_likelihood_and_gradient(params, x, t_x, age):
    r, alpha, a, b = params
    repeat = x > 0
    log_alive = -(r + x) * np.log(alpha + age)
    # For x = 0 the second term is absent; b + max(x, 1) - 1 keeps the unused log finite.
    log_dead = np.where(
        repeat,
        np.log(a) - np.log(b + np.maximum(x, 1) - 1.0) - (r + x) * np.log(alpha + t_x),
        -np.inf,
    )
    mixture = np.logaddexp(log_alive, log_dead)
    ll = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b) + mixture
    # Share of each term in the mixture: d mixture / d theta = sum of shares * d term / d theta.
    alive_share = np.exp(log_alive - mixture)
    dead_share = 1.0 - alive_share
    digamma_ab_x = digamma(a + b + x)
    gradient = np.stack(
        [
            digamma(r + x)
            - digamma(r)
            + np.log(alpha)
            - alive_share * np.log(alpha + age)
            - dead_share * np.log(alpha + t_x),
            r / alpha - (r + x) * (alive_share / (alpha + age) + dead_share / (alpha + t_x)),
            digamma(a + b) - digamma_ab_x + dead_share / a,
            digamma(b + x)
            - digamma(b)
            + digamma(a + b)
            - digamma_ab_x
            - dead_share / (b + np.maximum(x, 1) - 1.0),
        ]
    )
    return ll, gradient


def fit_bg_nbd(
    summary: pl.DataFrame, *, collapse_rows: bool = True, regularised: bool = False
) -> BgNbdFit:
    """BG/NBD fit on a summary with columns frequency, recency and T (weeks), one row per
    customer (``summarise_transactions``): maximum likelihood, or with ``regularised`` the
    posterior mode under the weak priors of ``priors.py``.

    Identical rows are fitted once with their count as weight (``collapse_rows=False`` fits
    every row separately: same optimum, only slower; the tests use it to prove that).
    Raises ValueError on invalid or too little data (no customer with a repeat purchase: then
    the dropout process is not identified) and ConvergenceError when the optimiser fails or a
    parameter runs off to 0 or infinity. ``model_choice.fit_models`` decides which fit to use.
    """
    return fit_bg_nbd_with_errors(summary, collapse_rows=collapse_rows, regularised=regularised)[0]


def fit_bg_nbd_with_errors(
    summary: pl.DataFrame, *, collapse_rows: bool = True, regularised: bool = False
) -> tuple[BgNbdFit, np.ndarray]:
    """``fit_bg_nbd`` and the standard errors of the optimiser's coordinates (log r, log alpha,
    and log a, log b for maximum likelihood): inf where the data leave the optimum flat."""
    x, t_x, age = _arrays(summary["frequency"], summary["recency"], summary["T"])
    _validate(x, t_x, age)
    if collapse_rows:
        rows = collapse({"x": x, "t_x": t_x, "T": age})
        x, t_x, age, weights = (
            rows.columns["x"],
            rows.columns["t_x"],
            rows.columns["T"],
            rows.weights,
        )
    else:
        weights = np.ones_like(x)
    # Weeks rescaled so that the oldest customer has T = 1: all four parameters then start near
    # 1 whatever the time unit, and exp(0) is a sensible starting point.
    scale = 1.0 / age.max()
    total = weights.sum()

    def likelihood(params):
        ll, gradient = _log_likelihood_and_gradient(params, x, t_x * scale, age * scale)
        return weights @ ll, gradient @ weights

    def objective(log_params):
        params = np.exp(log_params)
        ll, gradient = likelihood(params)
        # Chain rule for log-parameters: d ll / d log(theta) = theta * d ll / d theta.
        return -ll / total, -gradient * params / total

    def posterior(coordinates):
        params = _from_prior_coordinates(coordinates)
        ll, (g_r, g_alpha, g_a, g_b) = likelihood(params)
        r, alpha, a, b = params
        phi, kappa = a / (a + b), a + b
        r_prior, r_slope = weibull_2_on_log(r, R_SCALE)
        alpha_prior, alpha_slope = weibull_2_on_log(alpha / scale, ALPHA_SCALE_WEEKS)
        kappa_prior, kappa_slope = pareto_1_1_on_log_excess(kappa)
        phi_prior, phi_slope = beta_2_2_on_logit(phi)
        gradient = np.array(
            [
                g_r * r + r_slope,
                g_alpha * alpha + alpha_slope,
                phi * (1 - phi) * kappa * (g_a - g_b) + phi_slope,
                (kappa - 1) * (phi * g_a + (1 - phi) * g_b) + kappa_slope,
            ]
        )
        prior = r_prior + alpha_prior + kappa_prior + phi_prior
        return -(ll + prior) / total, -gradient / total

    if regularised:
        optimum = maximise("BG/NBD", posterior, np.zeros(4), observations=total)
        r, alpha, a, b = _from_prior_coordinates(optimum.coordinates)
    else:
        optimum = maximise("BG/NBD", objective, np.zeros(4), observations=total)
        r, alpha, a, b = np.exp(optimum.coordinates)
    check_bounded("BG/NBD", ("r", "alpha", "a", "b"), np.array([r, alpha, a, b]))
    alpha /= scale
    ll = _log_likelihood_and_gradient(np.array([r, alpha, a, b]), x, t_x, age)[0]
    fit = BgNbdFit(
        r=float(r),
        alpha=float(alpha),
        a=float(a),
        b=float(b),
        log_likelihood=float(weights @ ll),
        customers=int(total),
    )
    return fit, optimum.standard_errors


def _from_prior_coordinates(coordinates: np.ndarray) -> np.ndarray:
    """(r, alpha, a, b) from (log r, log alpha, logit phi, log(kappa - 1)): pymc-marketing's
    a = phi * kappa, b = (1 - phi) * kappa with kappa >= 1."""
    log_r, log_alpha, logit_phi, log_excess = coordinates
    phi, kappa = expit(logit_phi), 1.0 + np.exp(log_excess)
    return np.array([np.exp(log_r), np.exp(log_alpha), phi * kappa, (1 - phi) * kappa])


def _arrays(frequency, recency, age) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tuple(np.asarray(v, dtype=np.float64) for v in (frequency, recency, age))


def _validate(x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> None:
    if len(x) < MIN_CUSTOMERS:
        raise ValueError(f"BG/NBD fit needs at least {MIN_CUSTOMERS} customers; got {len(x)}.")
    if not (np.isfinite(x).all() and np.isfinite(t_x).all() and np.isfinite(age).all()):
        raise ValueError("BG/NBD fit: frequency, recency and T must be finite (no nulls, NaN).")
    if (x < 0).any() or (x != np.round(x)).any():
        raise ValueError("BG/NBD fit: frequency must be a whole number >= 0.")
    if (t_x < 0).any() or (t_x > age).any():
        raise ValueError("BG/NBD fit: recency must satisfy 0 <= recency <= T.")
    if (age.max() <= 0) or not (x > 0).any():
        raise ValueError(
            f"BG/NBD fit needs customers with repeat purchases; none of the {len(x):,} "
            "customers has one, so the dropout process cannot be estimated."
        )
