"""Weak priors for the regularised (maximum a posteriori) fits of small or uninformative data.

BG/NBD: the default priors of pymc-marketing's ``BetaGeoModel`` (pymc_marketing/clv/models/
beta_geo.py, ``default_model_config``), with one change:

    r     ~ Weibull(alpha=2, beta=1)
    alpha ~ Weibull(alpha=2, beta=10)          (alpha in weeks, our time unit)
    kappa ~ Pareto(alpha=1, m=1),  a = phi * kappa,  b = (1 - phi) * kappa
    phi   ~ Beta(2, 2)                          (pymc-marketing: Uniform(0, 1))

so the dropout Beta(a, b) has mean phi = a / (a + b) and a concentration a + b >= 1 that is
pulled towards small values. pymc-marketing's ``fit(fit_method="map")`` maximises the posterior
density of the model's own variables (no Jacobian of the transforms), and so do we: the MAP is
the mode in (r, alpha, phi, kappa). The change: under a uniform phi that mode lies at phi = 0
(a = 0: nobody ever drops out) whenever no buyer has been quiet for long, which a small shop
with recent repeat buyers often is; Beta(2, 2) vanishes at 0 and 1 as the Weibull(2, .) priors
on r and alpha vanish at 0, so the mode stays inside (the boundary-avoiding priors of Chung et
al. 2013, "A nondegenerate penalized likelihood estimator for variance parameters in multilevel
models"), and it is still weak: density 1.1 at CDNOW's phi = 0.25 against 1.5 at its peak.

Gamma-Gamma: pymc-marketing's ``GammaGammaModel`` uses flat priors (HalfFlat) on p, q and v, which
regularise nothing. We keep gamma (their v, a scale in money) flat and give the two shapes the
same weak Weibull(2, 10) as alpha above: it is nearly flat where real shops lie (CDNOW: p 6.25,
q 3.74) and keeps p and q finite when every customer spends alike (q -> infinity) or every
purchase of a customer costs the same (p -> infinity).

Each prior is returned as (log-density up to a constant, its derivative with respect to the
optimiser's coordinate), summed over the parameters.
"""

from __future__ import annotations

import numpy as np

R_SCALE = 1.0
ALPHA_SCALE_WEEKS = 10.0
SPEND_SHAPE_SCALE = 10.0


def weibull_2_on_log(value: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Weibull(shape 2, ``scale``) log-density of ``value`` (up to a constant) and its
    derivative with respect to log(value): log v - (v/s)^2 and 1 - 2 (v/s)^2."""
    ratio_squared = (np.asarray(value) / scale) ** 2
    return np.log(value) - ratio_squared, 1.0 - 2.0 * ratio_squared


def beta_2_2_on_logit(phi: float) -> tuple[float, float]:
    """Beta(2, 2) log-density of phi (up to a constant), log phi + log(1 - phi), and its
    derivative with respect to logit(phi), 1 - 2 phi."""
    return np.log(phi) + np.log1p(-phi), 1.0 - 2.0 * phi


def pareto_1_1_on_log_excess(kappa: float) -> tuple[float, float]:
    """Pareto(alpha=1, m=1) log-density of kappa = 1 + exp(u) (up to a constant), -2 log kappa,
    and its derivative with respect to u = log(kappa - 1)."""
    return -2.0 * np.log(kappa), -2.0 * (kappa - 1.0) / kappa
