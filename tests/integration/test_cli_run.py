"""`klantbeeld run` (what `make run` calls): records the run, prints a summary, exits 0 — and
exits non-zero when a blocking check fails."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.publish.pseudonym import PSEUDONYM_KEY_VARIABLE
from pipelines.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration


@pytest.fixture
def cli_env(mini_shop, tmp_path, monkeypatch, dbt_manifest):
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(mini_shop))
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "klantbeeld.duckdb"))
    # The project's instance config (telemetry off, one warehouse writer) in a throwaway home.
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return tmp_path


def test_run_prints_a_summary_without_personal_data(cli_env):
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 0, result.output
    assert "marts.customer_360: 4 people" in result.output
    assert "email.events" in result.output
    assert "@example.nl" not in result.output
    assert (cli_env / "dagster_home" / "logs" / "last_run.log").stat().st_size > 0
    assert any((cli_env / "dagster_home").rglob("*.db")), "the run is recorded in DAGSTER_HOME"


def test_run_exits_non_zero_when_a_blocking_check_fails(cli_env, mini_shop):
    with (mini_shop / "shop" / "2026-11-01" / "orders.csv").open("a") as orders:
        orders.write(
            "5999,#1999,1001,,2025-09-01 10:00:00 +0200,EUR,-5.00,0,0,0,-5.00,paid,,,web,,false,\n"
        )
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 1
    assert "check not passed (ERROR): stg_shop__orders: gx_stg_shop__orders" in result.output
    assert "FAILED" in result.output


def test_a_run_without_the_pseudonym_key_ends_in_one_line_and_keeps_the_trace_in_its_log(
    mini_shop, tmp_path, dbt_manifest
):
    """As `make pipeline` without KLANTBEELD_PSEUDONYM_KEY, in a fresh DAGSTER_HOME (no
    dagster.yaml): a separate process, so warnings raised while the definitions load count too."""
    home = tmp_path / "fresh_home"
    home.mkdir()
    env = {
        **os.environ,
        "KLANTBEELD_LANDING_DIR": str(mini_shop),
        "KLANTBEELD_WAREHOUSE": str(tmp_path / "klantbeeld.duckdb"),
        "DAGSTER_HOME": str(home),
    }
    env.pop(PSEUDONYM_KEY_VARIABLE)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "klantbeeld"), "run"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    printed = done.stdout + done.stderr
    assert done.returncode == 1, printed
    last = done.stderr.rstrip("\n").splitlines()[-1]
    assert re.fullmatch(
        r"Run (\S+) FAILED after \d+ s: step published_warehouse failed: "
        r"KLANTBEELD_PSEUDONYM_KEY is not set, .* \(full log: (\S+); also in the Dagster UI, "
        r"make dev\)",
        last,
    ), last
    for noise in ("Traceback", "Stack Trace", "Warning", "Telemetry", "max_pairs", "dagster.yaml"):
        assert noise not in printed
    assert printed.count("KLANTBEELD_PSEUDONYM_KEY is not set") == 1
    run_id = last.split()[1]
    log = home / "logs" / "runs" / f"{run_id}.log"
    assert str(log) in last
    text = log.read_text()
    assert "published_warehouse STEP_FAILURE" in text
    assert "Stack Trace" in text
    assert "Running with dbt=" in text, "dbt's output is in the run's log too"
    assert (home / "logs" / "last_run.log").resolve() == log.resolve()
