"""`klantbeeld run` right after `make install` (no dbt manifest yet), or after a model was edited
(an outdated manifest): the command parses the dbt project itself, says so in one line, and never
shows a traceback — also not when dbt cannot parse the project."""

import os
import shutil

import pytest
from click.testing import CliRunner
from dagster_dbt import DbtProject

from pipelines.cli import main
from pipelines.settings import DBT_PROJECT_DIR

pytestmark = pytest.mark.integration

STOPPED = "stopped by the test after the preparation"


@pytest.fixture
def cli(monkeypatch, tmp_path, dbt_manifest):
    """The CLI with dbt's target folder in tmp_path, and the job itself replaced by a stop (the
    preparation is what is tested; test_cli_run.py runs the job). ``dbt_manifest``: loading the
    definitions after the preparation still reads the project's own manifest."""
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(tmp_path / "landing"))
    # A delivery of the day backfilled (a day without one stops before dbt is looked at).
    delivery = tmp_path / "landing" / "shop" / "2026-11-01"
    delivery.mkdir(parents=True)
    (delivery / "orders.csv").touch()
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "klantbeeld.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))

    def stop(*args, **kwargs):
        raise ValueError(STOPPED)

    monkeypatch.setattr("pipelines.daily_runs.execute_daily_job", stop)

    def with_project(project: DbtProject):
        monkeypatch.setattr("pipelines.transform.project.dbt_project", project)
        return CliRunner().invoke(main, ["backfill", "--from", "2026-11-01"])

    return with_project


def test_a_missing_manifest_is_parsed_then_an_outdated_one_then_none(cli, tmp_path):
    project = DbtProject(
        project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target_path=tmp_path / "target"
    )
    assert not project.manifest_path.exists()
    result = cli(project)
    assert "dbt's manifest is missing: parsing the dbt project (dbt parse) first" in result.output
    assert project.manifest_path.exists()
    assert STOPPED in result.output
    assert "Traceback" not in result.output

    # Older than every model (as after a `git pull` that changed one).
    os.utime(project.manifest_path, (0, 0))
    result = cli(project)
    assert "dbt's manifest is older than " in result.output
    assert project.manifest_path.stat().st_mtime > 0

    result = cli(project)
    assert "dbt's manifest" not in result.output
    assert STOPPED in result.output


def test_a_project_dbt_cannot_parse_is_a_short_error(cli, tmp_path):
    copy = tmp_path / "dbt_project"
    shutil.copytree(
        DBT_PROJECT_DIR, copy, ignore=shutil.ignore_patterns("target", "dbt_packages", "logs")
    )
    (copy / "models" / "marts" / "broken.sql").write_text("select {{ ref('no_such_model') }}\n")
    result = cli(DbtProject(project_dir=copy, profiles_dir=copy))
    assert result.exit_code == 1
    assert f"Error: dbt could not parse {copy}" in result.output
    assert "Traceback" not in result.output
    assert STOPPED not in result.output
