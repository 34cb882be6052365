"""Every error a user can make at the `klantbeeld run` and `backfill` front door ends in one plain
line saying what to do: exit code 2 for a usage error (an option or value), 1 otherwise, never a
traceback, and nothing is run. (The quarantine command's: test_quarantine_command.py; a failed
run's: tests/integration/test_cli_run.py.)"""

import warnings

import pytest
from click.testing import CliRunner

from pipelines.cli import main


@pytest.fixture
def landing(tmp_path, monkeypatch):
    """Deliveries of 2026-11-01 and 2026-11-03; the job itself must never start."""
    for day in ("2026-11-01", "2026-11-03"):
        folder = tmp_path / "landing" / "shop" / day
        folder.mkdir(parents=True)
        (folder / "orders.csv").touch()
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "klantbeeld.duckdb"))
    monkeypatch.delenv("KLANTBEELD_CONFIG", raising=False)

    def never(*args, **kwargs):
        raise AssertionError("the job was started")

    monkeypatch.setattr("pipelines.cli._run_days", never)
    return tmp_path / "landing"


def _last_line(result) -> str:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.output.rstrip("\n").splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["backfill", "--from", "2026-09-01"],
            "Error: Invalid value for --from/--to: no delivery of 2026-09-01 in {landing} (it "
            "holds 2026-11-01 … 2026-11-03); nothing to ingest, so nothing was run",
        ),
        (
            ["backfill", "--from", "2026-11-02"],
            "Error: Invalid value for --from/--to: no delivery of 2026-11-02 in {landing}",
        ),
        (
            ["backfill", "--from", "2026-11-03", "--to", "2026-11-01"],
            "Error: Invalid value for --from/--to: the range ends (2026-11-01) before it starts "
            "(2026-11-03)",
        ),
        (
            ["run", "--date", "2026-10-31"],
            "Error: Invalid value for --date: no delivery of 2026-10-31 in {landing}",
        ),
        (["run", "--date", "31-10-2026"], "Error: Invalid value for '--date'"),
        (["backfill"], "Error: give either --from DATE [--to DATE] or --all"),
        (
            ["backfill", "--from", "2026-11-01", "--full-refresh"],
            "Error: --full-refresh rebuilds the raw tables from the range alone: use it with --all",
        ),
        (["quarantine", "--limit", "-1"], "Error: Invalid value for '--limit'"),
        (["demo", "--days", "10", "--daily-deliveries", "10"], "Error: Invalid value for"),
    ],
)
def test_usage_errors_exit_2_with_one_plain_line(landing, args, says):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert _last_line(result).startswith(says.format(landing=landing))


def test_a_range_with_some_days_without_delivery_says_how_many(landing, monkeypatch):
    ran = []
    monkeypatch.setattr("pipelines.cli._run_days", lambda *args, **kwargs: ran.append(args))
    result = CliRunner().invoke(main, ["backfill", "--from", "2026-10-31", "--to", "2026-11-03"])
    assert result.exit_code == 0, result.output
    assert "2 of the 4 days of 2026-10-31 … 2026-11-03 have no delivery" in result.output
    assert len(ran) == 1


def test_run_with_nothing_landed_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "klantbeeld.duckdb"))
    monkeypatch.delenv("KLANTBEELD_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 1
    assert _last_line(result).startswith(f"Error: no deliveries in {tmp_path / 'empty'}: put ")


def test_summary_without_a_warehouse_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "none.duckdb"))
    result = CliRunner().invoke(main, ["summary"])
    assert result.exit_code == 1
    assert _last_line(result).startswith("Error: there is no warehouse at ")


def test_a_dagster_home_that_is_no_folder_is_one_line(tmp_path, monkeypatch):
    from pipelines.cli_instance import cli_instance

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "typo"))
    with pytest.raises(Exception, match="which is not a folder") as raised:
        cli_instance()
    assert raised.value.exit_code == 1


def test_a_fresh_dagster_home_gets_no_telemetry_unless_its_config_asks(tmp_path, monkeypatch):
    from pipelines.cli_instance import cli_instance

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    assert cli_instance().telemetry_enabled is False
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    assert cli_instance().telemetry_enabled is True


def test_defining_the_ingest_assets_warns_nothing():
    from dagster import BackfillPolicy, BetaWarning, asset

    from pipelines.ingest.assets import build_ingest_asset
    from pipelines.ingest.schemas import TABLES

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build_ingest_asset(TABLES[0])
        assert caught == []
        # What is silenced there: Dagster 1.13 still warns for the parameter elsewhere.
        asset(backfill_policy=BackfillPolicy.single_run())
    assert [w.category for w in caught] == [BetaWarning]


def test_splinks_default_max_pairs_notice_is_dropped_and_nothing_else(caplog):
    import logging

    from pipelines.identity.social.model import (
        _SPLINK_TRAINING_LOGGER,
        _without_default_max_pairs_notice,
    )

    training = logging.getLogger(_SPLINK_TRAINING_LOGGER)
    with caplog.at_level(logging.WARNING, logger=_SPLINK_TRAINING_LOGGER):
        with _without_default_max_pairs_notice():
            training.warning("You are using the default value for `max_pairs`, which may be…")
            training.warning("another warning")
        training.warning("You are using the default value for `max_pairs` (outside)")
    assert [r.getMessage() for r in caplog.records] == [
        "another warning",
        "You are using the default value for `max_pairs` (outside)",
    ]
