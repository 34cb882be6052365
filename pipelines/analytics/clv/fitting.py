"""Maximum likelihood on log-parameters, shared by the BG/NBD and Gamma-Gamma fits.

All parameters of both models are positive, so the optimiser works on their logarithms and
needs no bounds. Objectives are the weighted *mean* negative log-likelihood (and its analytic
gradient), which keeps the scale of the function independent of the number of customers.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize

# A parameter this large or this small (1 / MAX_PARAMETER) means the likelihood keeps improving
# towards a boundary of the parameter space: the data do not identify the model, and the
# "estimate" would be meaningless.
MAX_PARAMETER = 1e7
GRADIENT_TOLERANCE = 1e-5


class ConvergenceError(RuntimeError):
    """The optimiser did not reach a maximum of the likelihood."""


def maximise(
    model: str,
    objective: Callable[[np.ndarray], tuple[float, np.ndarray]],
    start: np.ndarray,
) -> np.ndarray:
    """Minimise ``objective(log_params) -> (value, gradient)`` with L-BFGS-B and return the
    positive parameters; raise ConvergenceError when it stops anywhere but at a maximum."""
    result = minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10},
    )
    gradient = np.max(np.abs(result.jac)) if result.jac is not None else np.inf
    # L-BFGS-B also stops with "ABNORMAL" when the line search cannot improve a value that is
    # already optimal to machine precision; a vanishing gradient is the test that matters.
    if not np.isfinite(result.fun) or gradient > GRADIENT_TOLERANCE:
        raise ConvergenceError(
            f"{model} fit did not converge after {result.nit} iterations: {result.message} "
            f"(largest gradient component {gradient:.3g})"
        )
    params = np.exp(result.x)
    if not np.all(np.isfinite(params)) or np.any(np.abs(result.x) > np.log(MAX_PARAMETER)):
        raise ConvergenceError(
            f"{model} fit diverged (parameters {params.tolist()}): the data do not identify the "
            "model; it needs more customers with repeat purchases."
        )
    return params
