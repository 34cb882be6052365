"""dbt in the step's process: dbt's errors reach the step, and the warehouse file is free after
every command, failed or not (dbt-duckdb would keep it open for the next command)."""

import shutil
from pathlib import Path

import duckdb
from dagster_dbt import DbtCliResource

from pipelines.resources import dbt_executable
from pipelines.settings import DBT_PROJECT_DIR
from pipelines.transform.in_process import _DbtThread, _ParsedProject, dbt_arguments


def test_the_command_line_says_what_dagster_dbt_set_in_a_dbt_process_environment(tmp_path):
    (tmp_path / "profiles").mkdir()
    shutil.copy(DBT_PROJECT_DIR / "profiles.yml", tmp_path / "profiles")
    dbt = DbtCliResource(
        project_dir=str(DBT_PROJECT_DIR),
        profiles_dir=str(tmp_path / "profiles"),
        dbt_executable=dbt_executable(),
        global_config_flags=["--no-use-colors"],
        target="duckdb",
    )
    arguments = dbt_arguments(
        dbt,
        ["build", "--full-refresh"],
        DBT_PROJECT_DIR,
        tmp_path / "target",
        ["--select", "fqn:klantbeeld.staging.shop.stg_shop__orders"],
        "empty",
    )
    assert arguments == [
        "--no-use-colors",
        "build",
        "--full-refresh",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(tmp_path / "profiles"),
        "--target-path",
        str(tmp_path / "target"),
        "--log-path",
        str(tmp_path / "target"),
        "--target",
        "duckdb",
        "--indirect-selection",
        "empty",
        "--select",
        "fqn:klantbeeld.staging.shop.stg_shop__orders",
    ]


def test_a_failed_build_reports_dbts_error_and_leaves_the_warehouse_free(tmp_path, monkeypatch):
    warehouse = tmp_path / "k.duckdb"
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(warehouse))
    target = tmp_path / "target"
    # An empty warehouse: the staging model's raw table does not exist.
    run = _DbtThread(_build(target, "stg_shop__orders"), name="test")
    events = list(run)

    assert not run.succeeded
    errors = [e["info"]["msg"] for e in events if e["info"]["level"] == "error"]
    assert any('"raw_shop.orders" does not exist' in error for error in errors)
    results = {e["data"]["node_info"]["unique_id"] for e in events if "node_info" in e["data"]}
    assert "model.klantbeeld.stg_shop__orders" in results
    # Another configuration in this process (DuckDB refuses one while dbt's is open) and a
    # write: nothing of dbt's holds the file.
    with duckdb.connect(str(warehouse), config={"memory_limit": "256MB"}) as connection:
        connection.execute("create table after_dbt as select 1 as x")


def _build(target: Path, model: str) -> list[str]:
    project = str(DBT_PROJECT_DIR)
    return [
        *("build", "--select", model, "--project-dir", project, "--profiles-dir", project),
        *("--target-path", str(target), "--log-path", str(target)),
    ]


def test_a_dbt_step_that_fails_fails_with_dbts_error(dbt_manifest, tmp_path, monkeypatch):
    """Through Dagster: the step's own selection, dbt's results as events, and the step's
    failure carrying dbt's error, as with a dbt process."""
    from dagster import materialize

    from pipelines.resources import build_resources
    from pipelines.transform.assets import dbt_staging

    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "k.duckdb"))
    result = materialize([dbt_staging], resources=build_resources(), raise_on_error=False)

    assert not result.success
    failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert [e.step_key for e in failures] == ["dbt_staging"]
    error = str(failures[0].event_specific_data.error)
    assert 'Table with name "raw_shop.orders" does not exist' in error
    assert str(tmp_path / "dbt" / "dbt_staging" / "dbt.log") in error


def test_the_steps_of_a_run_share_one_parse_of_the_project(tmp_path, monkeypatch):
    """One parse per project state (project, profile, warehouse file): the same state gets the
    same parsed project, another warehouse file a new one (its nodes name that database)."""
    parsed = _ParsedProject()
    target = tmp_path / "target"
    parse = ["parse", *_build(target, "stg_shop__orders")[3:]]
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "first.duckdb"))
    first = parsed.manifest(parse, ("first",))
    assert parsed.manifest(parse, ("first",)) is first
    assert {n.database for n in first.nodes.values() if n.resource_type == "model"} == {"first"}

    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "second.duckdb"))
    second = parsed.manifest(parse, ("second",))
    assert second is not first
    assert {n.database for n in second.nodes.values() if n.resource_type == "model"} == {"second"}
