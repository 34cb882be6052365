"""Our BG/NBD, Gamma-Gamma and CLV against the reference implementation (lifetimes 0.11.3) on CDNOW
and on a simulated set; collapsing rows into weights is exact; predictions behave as
probabilities and expectations should; too little data is a clear error."""

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifetimes import BetaGeoFitter, GammaGammaFitter

from pipelines.analytics.clv import (
    BgNbdFit,
    ConvergenceError,
    GammaGammaFit,
    discounted_expected_purchases,
    expected_spend,
    fit_bg_nbd,
    fit_gamma_gamma,
    score_customers,
)
from pipelines.analytics.clv.simulate import Truth, simulate_summary
from tests.unit.clv_cdnow import calibration_summary

LIFETIMES_WEEKS_PER_MONTH = 4.345  # lifetimes' month for freq="W"


@pytest.fixture(scope="module", params=["cdnow", "simulated"])
def summary(request) -> pl.DataFrame:
    if request.param == "cdnow":
        return calibration_summary()
    return simulate_summary(3000, seed=7)


@pytest.fixture(scope="module")
def fits(summary) -> tuple[BgNbdFit, GammaGammaFit]:
    return fit_bg_nbd(summary), fit_gamma_gamma(summary)


def _columns(summary: pl.DataFrame):
    return tuple(summary[c].to_pandas() for c in ("frequency", "recency", "T", "monetary_value"))


def _reference(bg: BgNbdFit, gg: GammaGammaFit) -> tuple[BetaGeoFitter, GammaGammaFitter]:
    reference_bg = BetaGeoFitter()
    reference_bg.params_ = pd.Series({"r": bg.r, "alpha": bg.alpha, "a": bg.a, "b": bg.b})
    # lifetimes binds predict in fit(); its CLV calls it.
    reference_bg.predict = reference_bg.conditional_expected_number_of_purchases_up_to_time
    reference_gg = GammaGammaFitter()
    reference_gg.params_ = pd.Series({"p": gg.p, "q": gg.q, "v": gg.gamma})
    return reference_bg, reference_gg


def test_fits_equal_lifetimes_fits(summary, fits):
    frequency, recency, age, monetary = _columns(summary)
    reference_bg = BetaGeoFitter().fit(frequency, recency, age)
    repeat = (frequency > 0) & (monetary > 0)
    reference_gg = GammaGammaFitter().fit(frequency[repeat], monetary[repeat])
    bg, gg = fits
    ours = [bg.r, bg.alpha, bg.a, bg.b, gg.p, gg.q, gg.gamma]
    theirs = [*reference_bg.params_, *reference_gg.params_]
    assert ours == pytest.approx(theirs, rel=2e-3)
    # lifetimes reports the mean negative log-likelihood (in its rescaled time unit for BG/NBD).
    assert -gg.log_likelihood / gg.customers == pytest.approx(
        reference_gg._negative_log_likelihood_, rel=1e-6
    )
    # Ours is the maximum: at least as high as the likelihood at lifetimes' estimates.
    from pipelines.analytics.clv.bg_nbd import log_likelihood

    at_theirs = log_likelihood(reference_bg.params_.to_numpy(), frequency, recency, age).sum()
    assert bg.log_likelihood >= at_theirs - 1e-6


def test_predictions_equal_lifetimes_given_the_same_parameters(summary, fits):
    bg, gg = fits
    reference_bg, reference_gg = _reference(bg, gg)
    frequency, recency, age, monetary = _columns(summary)
    np.testing.assert_allclose(
        bg.probability_alive(frequency, recency, age),
        reference_bg.conditional_probability_alive(frequency, recency, age),
        rtol=1e-10,
    )
    for weeks in (1.0, 13.0, 39.0, 52.0, 104.0):
        np.testing.assert_allclose(
            bg.conditional_expected_purchases(weeks, frequency, recency, age),
            reference_bg.conditional_expected_number_of_purchases_up_to_time(
                weeks, frequency, recency, age
            ),
            rtol=1e-9,
        )
    np.testing.assert_allclose(
        bg.expected_purchases(np.array([1.0, 39.0, 78.0])),
        reference_bg.expected_number_of_purchases_up_to_time(np.array([1.0, 39.0, 78.0])),
        rtol=1e-10,
    )
    np.testing.assert_allclose(
        expected_spend(gg, frequency, monetary),
        reference_gg.conditional_expected_average_profit(frequency, monetary),
        rtol=1e-12,
    )


def test_clv_equals_lifetimes_given_the_same_parameters(summary, fits):
    bg, gg = fits
    reference_bg, reference_gg = _reference(bg, gg)
    frequency, recency, age, monetary = _columns(summary)
    reference = reference_gg.customer_lifetime_value(
        reference_bg, frequency, recency, age, monetary, time=12, discount_rate=0.01, freq="W"
    )
    ours = expected_spend(gg, frequency, monetary) * discounted_expected_purchases(
        bg,
        frequency,
        recency,
        age,
        horizon_months=12,
        monthly_discount_rate=0.01,
        weeks_per_month=LIFETIMES_WEEKS_PER_MONTH,
    )
    np.testing.assert_allclose(ours, reference, rtol=1e-8)


def test_scores_are_the_per_customer_predictions(summary, fits):
    """score_customers evaluates BG/NBD once per distinct (x, t_x, T) and broadcasts back."""
    bg, gg = fits
    scores = score_customers(summary, bg, gg, horizon_months=6, monthly_discount_rate=0.02)
    frequency, recency, age, _ = _columns(summary)
    assert scores["customer_id"].to_list() == summary["customer_id"].to_list()
    np.testing.assert_allclose(
        scores["probability_alive"], bg.probability_alive(frequency, recency, age), rtol=1e-12
    )
    np.testing.assert_allclose(
        scores["expected_purchases"],
        bg.conditional_expected_purchases(6 * 365.25 / 12 / 7, frequency, recency, age),
        rtol=1e-12,
    )
    discounted = discounted_expected_purchases(
        bg, frequency, recency, age, horizon_months=6, monthly_discount_rate=0.02
    )
    np.testing.assert_allclose(scores["clv"], scores["expected_spend"] * discounted, rtol=1e-12)


def test_weighted_fit_equals_row_by_row_fit(summary):
    """Collapsing identical rows into weights changes nothing but the speed."""
    collapsed, rows = fit_bg_nbd(summary), fit_bg_nbd(summary, collapse_rows=False)
    for name in ("r", "alpha", "a", "b", "log_likelihood"):
        assert getattr(collapsed, name) == pytest.approx(getattr(rows, name), rel=1e-6), name
    assert collapsed.customers == rows.customers == summary.height
    spend, spend_rows = fit_gamma_gamma(summary), fit_gamma_gamma(summary, collapse_rows=False)
    for name in ("p", "q", "gamma", "log_likelihood"):
        assert getattr(spend, name) == pytest.approx(getattr(spend_rows, name), rel=1e-6), name


def test_duplicated_customers_weigh_twice():
    """Doubling every customer doubles the log-likelihood and keeps the estimates."""
    single = simulate_summary(2000, seed=3)
    double = pl.concat([single, single])
    once, twice = fit_bg_nbd(single), fit_bg_nbd(double)
    assert twice.log_likelihood == pytest.approx(2 * once.log_likelihood, rel=1e-9)
    assert twice.alpha == pytest.approx(once.alpha, rel=1e-5)
    assert twice.customers == 2 * once.customers


def test_large_simulation_recovers_the_true_parameters():
    truth = Truth()
    summary = simulate_summary(200_000, truth, seed=11)
    bg, gg = fit_bg_nbd(summary), fit_gamma_gamma(summary)
    for name in ("r", "alpha", "a", "b"):
        assert getattr(bg, name) == pytest.approx(getattr(truth, name), rel=0.08), name
    for name in ("p", "q", "gamma"):
        assert getattr(gg, name) == pytest.approx(getattr(truth, name), rel=0.08), name


# Wide on purpose: small shops fit a and b in the hundreds, where eq. 10's closed forms overflow.
parameters = st.tuples(
    st.floats(0.01, 100.0), st.floats(0.01, 1000.0), st.floats(0.05, 1000.0), st.floats(0.6, 1000.0)
)
customers = st.tuples(st.integers(0, 2000), st.floats(0.0, 1.0), st.floats(0.0, 300.0)).map(
    lambda c: (c[0], 0.0 if c[0] == 0 else c[1] * c[2], c[2])
)


@settings(max_examples=200, deadline=None)
@given(parameters, customers)
def test_probability_alive_and_expected_purchases_behave(params, customer):
    r, alpha, a, b = params
    bg = BgNbdFit(r=r, alpha=alpha, a=a, b=b, log_likelihood=0.0, customers=1)
    x, t_x, age = customer
    alive = bg.probability_alive([x], [t_x], [age])[0]
    assert 0.0 <= alive <= 1.0
    horizons = np.array([0.5, 1.0, 4.0, 13.0, 52.0, 104.0, 520.0])
    expected = bg.conditional_expected_purchases(horizons, x, t_x, age)
    assert np.isfinite(expected).all()
    assert (expected >= 0).all()
    assert (np.diff(expected) >= -1e-9 * expected[1:]).all()


def test_expected_purchases_where_scipy_hyp2f1_overflows():
    """scipy's 2F1(1, 1; 101; z) is inf for z > 0.9; the prediction must not be."""
    at = [
        BgNbdFit(
            r=1.0, alpha=1.0, a=2.0, b=b, log_likelihood=0, customers=1
        ).conditional_expected_purchases(np.array([13.0, 52.0]), 99, 0.5, 0.5)
        for b in (1.0, 1.0 + 1e-7)
    ]
    assert np.isfinite(at[0]).all()
    np.testing.assert_allclose(at[0], at[1], rtol=1e-5)


@pytest.mark.parametrize(
    ("r", "alpha", "a", "b", "x", "t", "age"),
    [
        (0.243, 4.414, 0.793, 2.426, 0, 52.0, 38.0),
        (0.243, 4.414, 0.793, 2.426, 300, 104.0, 104.0),
        (2.0, 3.0, 0.3, 400.0, 3, 52.0, 30.0),
        (2.0, 3.0, 400.0, 300.0, 3, 52.0, 30.0),
    ],
)
def test_closed_form_equals_the_integral_it_solves(r, alpha, a, b, x, t, age):
    """eq. 10 for a customer seen buying at T (alive for sure) is E over the posterior of
    (lambda, p) of a live customer's expected purchases: the quadrature used as last resort."""
    bg = BgNbdFit(r=r, alpha=alpha, a=a, b=b, log_likelihood=0.0, customers=1)
    closed = bg.conditional_expected_purchases(t, x, age, age) / bg.probability_alive(x, age, age)
    assert closed.item() == pytest.approx(bg._expected_if_alive_by_quadrature(x, t, age), rel=1e-8)


def test_expected_purchases_where_every_closed_form_overflows():
    """Here Euler's and the paper's forms both give inf * 0 (a brand-new customer, T = 0.1)."""
    bg = BgNbdFit(r=5.82, alpha=0.0286, a=6.45, b=608.0, log_likelihood=0.0, customers=1)
    expected = bg.conditional_expected_purchases(np.array([13.0, 52.18, 104.0]), 1, 0.05, 0.1)
    assert np.isfinite(expected).all()
    assert (np.diff(expected) > 0).all()


def test_expected_purchases_near_a_equal_to_one_are_continuous():
    """eq. 10 divides by a - 1; the guard keeps the prediction continuous through a = 1."""
    values = [
        BgNbdFit(r=0.5, alpha=5.0, a=a, b=2.0, log_likelihood=0, customers=1)
        .conditional_expected_purchases(52.0, 3, 20.0, 30.0)
        .item()
        for a in (1 - 1e-4, 1.0, 1 + 1e-4)
    ]
    assert np.isfinite(values).all()
    assert values[1] == pytest.approx(values[0], rel=1e-3)
    assert values[1] == pytest.approx(values[2], rel=1e-3)


def _summary(frequency, recency, age, monetary=None) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "customer_id": [str(i) for i in range(len(frequency))],
            "frequency": frequency,
            "recency": recency,
            "T": age,
            "monetary_value": monetary if monetary is not None else [10.0] * len(frequency),
        }
    )


def test_bg_nbd_without_repeat_customers_is_a_clear_error():
    with pytest.raises(ValueError, match="repeat purchases"):
        fit_bg_nbd(_summary([0] * 50, [0.0] * 50, [30.0] * 50))


def test_bg_nbd_with_too_few_customers_is_a_clear_error():
    with pytest.raises(ValueError, match="at least 4 customers"):
        fit_bg_nbd(_summary([1, 0], [3.0, 0.0], [30.0, 30.0]))


def test_bg_nbd_rejects_recency_beyond_age():
    with pytest.raises(ValueError, match="recency"):
        fit_bg_nbd(_summary([1, 0, 2, 1], [31.0, 0.0, 5.0, 2.0], [30.0] * 4))


def test_bg_nbd_that_cannot_converge_says_so():
    """Everyone bought again at the very end: nobody looks gone, so the likelihood keeps rising
    as dropout goes to zero; there is no maximum to report."""
    with pytest.raises(ConvergenceError, match="BG/NBD"):
        fit_bg_nbd(_summary([1, 2, 1, 3] * 3, [10.0] * 12, [10.0] * 12))


def test_gamma_gamma_without_enough_repeat_spend_is_a_clear_error():
    summary = _summary([0, 0, 1, 2, 3], [0.0, 0.0, 5.0, 6.0, 7.0], [30.0] * 5)
    summary = summary.with_columns(monetary_value=pl.Series([0.0, 0.0, 12.0, -3.0, 0.0]))
    with pytest.raises(ValueError, match="at least 3 customers with repeat purchases"):
        fit_gamma_gamma(summary)


def test_population_mean_needs_q_above_one():
    gg = GammaGammaFit(p=2.0, q=0.9, gamma=10.0, log_likelihood=0.0, customers=10)
    with pytest.raises(ValueError, match=r"q = 0\.9"):
        expected_spend(gg, [0], [0.0])
