"""`klantbeeld run` (what `make run` calls): records the run, prints a summary, exits 0 — and
exits non-zero when a blocking check fails."""

import shutil

import pytest
from click.testing import CliRunner

from pipelines.cli import main
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
