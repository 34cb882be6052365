"""Golden tests on CDNOW: our summary equals the published one, and `klantbeeld clv fit`
reproduces the published maximum-likelihood estimates (Fader, Hardie & Lee 2005; tests/data/cdnow
README)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from click.testing import CliRunner

from pipelines.analytics.clv import backtest
from pipelines.cli import main
from tests.unit.clv_cdnow import (
    CALIBRATION_END,
    CDNOW,
    FIT_ARGS,
    HOLDOUT_END,
    TRANSACTIONS,
    calibration_summary,
    transactions,
)

PUBLISHED_BG_NBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_LOG_LIKELIHOOD = -9582.4
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def _joined(reference_file: str) -> pl.DataFrame:
    reference = pl.read_csv(CDNOW / reference_file)
    ours = calibration_summary().with_columns(ID=pl.col("customer_id").cast(pl.Int64))
    joined = ours.join(reference, on="ID", how="full", coalesce=True)
    assert joined.height == reference.height == ours.height == 2357
    return joined


def test_summary_keeps_customer_ids_as_text():
    ids = calibration_summary()["customer_id"]
    assert ids.dtype == pl.String
    assert ids[0] == "0001"


def test_summary_equals_the_published_summary_to_two_decimals():
    joined = _joined("cdnow_customers_summary.csv")
    assert (joined["frequency"] == joined["frequency_right"]).all()
    assert np.abs(joined["recency"] - joined["recency_right"]).max() <= 0.005 + 1e-9
    assert np.abs(joined["T"] - joined["T_right"]).max() <= 0.005 + 1e-9


def test_monetary_value_equals_published_zbar_to_two_decimals():
    joined = _joined("cdnow_customers_summary_with_transactions.csv")
    assert (joined["frequency"] == joined["x"]).all()
    assert np.abs(joined["monetary_value"] - joined["zbar"]).max() <= 0.005 + 1e-9
    assert (joined["frequency"] > 0).sum() == 946


def _assert_published(result: dict) -> None:
    assert result["customers"] == 2357
    assert result["repeat_customers"] == 946
    for name, published in PUBLISHED_BG_NBD.items():
        assert result["bg_nbd"][name] == pytest.approx(published, rel=0.005), name
    assert result["bg_nbd"]["log_likelihood"] == pytest.approx(PUBLISHED_LOG_LIKELIHOOD, abs=0.5)
    for name, published in PUBLISHED_GAMMA_GAMMA.items():
        assert result["gamma_gamma"][name] == pytest.approx(published, abs=0.02), name
    assert result["gamma_gamma"]["customers"] == 946
    # Enough data and an identified optimum: plain maximum likelihood, nothing to warn about.
    assert result["fit_method"] == "maximum likelihood"
    assert result["fit_warnings"] == []
    assert result["bg_nbd"]["method"] == result["gamma_gamma"]["method"] == "maximum likelihood"
    assert set(result) == {
        "customers",
        "repeat_customers",
        "bg_nbd",
        "gamma_gamma",
        "fit_method",
        "fit_warnings",
    }


def test_clv_fit_reproduces_the_published_estimates():
    outcome = CliRunner().invoke(main, ["clv", "fit", str(TRANSACTIONS), *FIT_ARGS, "--json"])
    assert outcome.exit_code == 0, outcome.output
    _assert_published(json.loads(outcome.output))


def test_installed_klantbeeld_command_reproduces_the_published_estimates():
    command = Path(sys.executable).parent / "klantbeeld"
    completed = subprocess.run(
        [str(command), "clv", "fit", str(TRANSACTIONS), *FIT_ARGS, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    _assert_published(json.loads(completed.stdout))


def test_clv_fit_reads_an_ordinary_csv_with_a_header(tmp_path):
    """The same transactions as a CSV with a header give the same fit."""
    csv = tmp_path / "orders.csv"
    transactions().with_columns(pl.col("purchase_date").dt.strftime("%Y-%m-%d")).write_csv(csv)
    args = ["--calibration-end", str(CALIBRATION_END), "--json"]
    outcome = CliRunner().invoke(main, ["clv", "fit", str(csv), *args])
    assert outcome.exit_code == 0, outcome.output
    _assert_published(json.loads(outcome.output))


def test_clv_fit_prints_a_table_without_json():
    outcome = CliRunner().invoke(main, ["clv", "fit", str(TRANSACTIONS), *FIT_ARGS])
    assert outcome.exit_code == 0, outcome.output
    assert "2,357 customers" in outcome.output
    assert "946 with repeat purchases" in outcome.output
    assert any(line.split()[:2] == ["BG/NBD", "alpha"] for line in outcome.output.splitlines())


def test_holdout_counts_purchase_days_after_the_calibration():
    """Counted independently from the text file: distinct (customer, day) in the holdout."""
    days = set()
    for line in TRANSACTIONS.read_text().splitlines():
        _, customer, day, _, _ = line.split()
        if str(CALIBRATION_END).replace("-", "") < day <= str(HOLDOUT_END).replace("-", ""):
            days.add((customer, day))
    assert calibration_summary()["holdout_purchases"].sum() == len(days)
    assert (calibration_summary()["holdout_weeks"] == 39.0).all()


def test_backtest_on_the_cdnow_holdout():
    result = backtest(
        transactions(),
        customer="customer_id",
        calibration_end=CALIBRATION_END,
        holdout_end=HOLDOUT_END,
    )
    summary = calibration_summary()
    assert result.customers == 2357
    assert result.actual_purchases == summary["holdout_purchases"].sum()
    expected = result.fit.conditional_expected_purchases(
        39.0, summary["frequency"], summary["recency"], summary["T"]
    )
    assert result.predicted_purchases == pytest.approx(expected.sum())
    assert result.relative_error_pct == pytest.approx(
        (result.predicted_purchases / result.actual_purchases - 1) * 100
    )
    actual = summary["holdout_purchases"].to_numpy()
    assert result.mean_absolute_error == pytest.approx(np.abs(expected - actual).mean())
    # A plausibility bound, not a published figure: the model is of the right order.
    assert 0.5 < result.predicted_purchases / result.actual_purchases < 2
    metadata = result.as_metadata()
    assert all(type(value) in (int, float) for value in metadata.values())
    assert metadata["bg_nbd_r"] == pytest.approx(PUBLISHED_BG_NBD["r"], rel=0.005)
