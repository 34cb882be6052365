"""Maximum likelihood (or, with priors, maximum a posteriori) on transformed parameters, shared
by the BG/NBD and Gamma-Gamma fits.

The optimiser works on unconstrained coordinates (logarithms of the positive parameters), so it
needs no bounds. Objectives are the weighted *mean* negative log-likelihood (plus the log-prior
divided by the number of customers, for a regularised fit) and its analytic gradient, which
keeps the scale of the function independent of the number of customers.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

# A parameter this large or this small (1 / MAX_PARAMETER), in the unit-free coordinates the
# optimiser sees (time scaled to the oldest customer, amounts to the mean spend), means the
# likelihood keeps improving towards a boundary of the parameter space: the data do not identify
# the model, and the "estimate" would be meaningless. CDNOW's estimates lie within 0.1 and 10.
MAX_PARAMETER = 1e4
GRADIENT_TOLERANCE = 1e-5
# Step of the central differences of the gradient that give the observed information.
HESSIAN_STEP = 1e-4


class ConvergenceError(RuntimeError):
    """The optimiser did not reach a maximum of the likelihood."""


@dataclass(frozen=True)
class Optimum:
    """Where the optimiser stopped (``coordinates``, unconstrained) and the standard errors of
    those coordinates from the observed information (inf where the data leave a direction
    flat: the parameter is not identified)."""

    coordinates: np.ndarray
    standard_errors: np.ndarray


def maximise(
    model: str,
    objective: Callable[[np.ndarray], tuple[float, np.ndarray]],
    start: np.ndarray,
    *,
    observations: float,
) -> Optimum:
    """Minimise ``objective(coordinates) -> (mean value, gradient)`` with L-BFGS-B; raise
    ConvergenceError, in plain words, when it stops anywhere but at an optimum.

    numpy's floating-point warnings (overflow while the line search tries far-off points) are
    silenced here: only the result is checked, and it is checked in full."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = minimize(
            objective,
            start,
            jac=True,
            method="L-BFGS-B",
            options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10},
        )
        gradient = np.max(np.abs(result.jac)) if result.jac is not None else np.inf
        # L-BFGS-B also stops "abnormally" when the line search cannot improve a value that is
        # already optimal to machine precision; a vanishing gradient is the test that matters.
        if not np.isfinite(result.fun) or not gradient <= GRADIENT_TOLERANCE:
            raise ConvergenceError(
                f"{model} fit found no maximum of the likelihood within {result.nit} "
                "iterations: the data do not pin the model down."
            )
        errors = _standard_errors(objective, result.x, observations)
    return Optimum(coordinates=result.x, standard_errors=errors)


def _standard_errors(objective, coordinates: np.ndarray, observations: float) -> np.ndarray:
    """sqrt of the diagonal of the inverse observed information; the Hessian of the mean
    objective comes from central differences of its analytic gradient."""
    size = len(coordinates)
    hessian = np.empty((size, size))
    for i in range(size):
        step = np.zeros(size)
        step[i] = HESSIAN_STEP
        hessian[:, i] = (objective(coordinates + step)[1] - objective(coordinates - step)[1]) / (
            2 * HESSIAN_STEP
        )
    hessian = (hessian + hessian.T) / 2 * observations
    eigenvalues = np.linalg.eigvalsh(hessian) if np.isfinite(hessian).all() else np.zeros(1)
    if eigenvalues.min() <= 1e-9 * max(eigenvalues.max(), 1.0):
        return np.full(size, np.inf)
    return np.sqrt(np.clip(np.diag(np.linalg.inv(hessian)), 0.0, None))


def check_bounded(model: str, names: tuple[str, ...], unit_free: np.ndarray) -> None:
    """Raise ConvergenceError when a parameter (in the optimiser's unit-free scale) ran off
    towards 0 or infinity."""
    runaway = [
        name
        for name, value in zip(names, unit_free, strict=True)
        if not (1 / MAX_PARAMETER <= value <= MAX_PARAMETER)
    ]
    if runaway:
        raise ConvergenceError(
            f"{model} fit ran off to a boundary ({', '.join(runaway)} towards 0 or infinity): "
            "the data do not identify the model; it needs more customers with repeat purchases."
        )
