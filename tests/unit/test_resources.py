"""The warehouse resource and dbt's profile must always mean the same file."""

import subprocess

import pytest
import yaml

from pipelines.resources import Warehouse, build_resources, dbt_executable
from pipelines.settings import DBT_PROJECT_DIR, load_settings


def test_the_warehouse_path_is_read_when_a_step_connects_not_at_import(tmp_path, monkeypatch):
    resources = build_resources()
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "later.duckdb"))
    assert resources["warehouse"].resolved_path() == tmp_path / "later.duckdb"
    with resources["warehouse"].connect() as connection:
        connection.execute("create table t as select 1 as x")
    assert (tmp_path / "later.duckdb").exists()


def test_an_explicit_path_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "env.duckdb"))
    assert Warehouse(path=str(tmp_path / "x.duckdb")).resolved_path() == tmp_path / "x.duckdb"


def test_a_relative_warehouse_path_is_refused(monkeypatch):
    # dbt resolves relative paths from dbt_project/, Python from the current folder.
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", "warehouse/k.duckdb")
    with pytest.raises(ValueError, match="must be an absolute path"):
        Warehouse().resolved_path()


def _duckdb_settings(connection) -> tuple[str, str]:
    return connection.execute(
        "select current_setting('memory_limit'), current_setting('temp_directory')"
    ).fetchone()


def test_every_warehouse_connection_gets_the_memory_limit_and_spill_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "w" / "k.duckdb"))
    monkeypatch.setenv("KLANTBEELD_DUCKDB_MEMORY_LIMIT", "1GiB")
    monkeypatch.setenv("KLANTBEELD_DUCKDB_TEMP_DIR", str(tmp_path / "spill-here"))
    with Warehouse().connect() as connection:
        assert _duckdb_settings(connection) == ("1.0 GiB", str(tmp_path / "spill-here"))
    with Warehouse().connect(read_only=True) as connection:
        assert _duckdb_settings(connection) == ("1.0 GiB", str(tmp_path / "spill-here"))


def test_by_default_duckdb_spills_beside_the_warehouse_within_4gb(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "w" / "k.duckdb"))
    monkeypatch.delenv("KLANTBEELD_DUCKDB_MEMORY_LIMIT", raising=False)
    monkeypatch.delenv("KLANTBEELD_DUCKDB_TEMP_DIR", raising=False)
    with Warehouse().connect() as connection:
        limit, spill = _duckdb_settings(connection)
    # DuckDB reports 4GB (10^9 bytes) in GiB.
    assert (limit, spill) == ("3.7 GiB", str(tmp_path / "w" / "spill"))


def test_a_memory_limit_that_is_not_a_size_is_refused(monkeypatch):
    monkeypatch.setenv("KLANTBEELD_DUCKDB_MEMORY_LIMIT", "lots")
    with pytest.raises(ValueError, match="KLANTBEELD_DUCKDB_MEMORY_LIMIT must be a size"):
        Warehouse().connect().__enter__()


def test_dbt_connects_with_the_same_memory_limit_and_spill_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "k.duckdb"))
    monkeypatch.setenv("KLANTBEELD_DUCKDB_MEMORY_LIMIT", "1GiB")
    monkeypatch.delenv("KLANTBEELD_DUCKDB_TEMP_DIR", raising=False)
    query = "select current_setting('memory_limit') || '|' || current_setting('temp_directory')"
    shown = subprocess.run(
        [dbt_executable(), "show", "--profiles-dir", ".", "--inline", query, "--output", "json"],
        cwd=DBT_PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"1.0 GiB|{tmp_path / 'spill'}" in shown


def test_dbt_sets_the_spill_folder_once_when_it_opens_the_file():
    """dbt-duckdb runs ``settings:`` as a SET on every cursor, and DuckDB refuses to SET
    temp_directory again (even to the same folder) once something spilled there: at 1M
    customers that failed dbt_warehouse. ``config_options`` are given once, at connect."""
    profile = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())
    duckdb_output = profile["klantbeeld"]["outputs"]["duckdb"]
    assert "temp_directory" not in duckdb_output.get("settings", {})
    assert "temp_directory" in duckdb_output["config_options"]
    assert "memory_limit" in duckdb_output["config_options"]


def test_a_connection_can_ask_for_a_lower_memory_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "k.duckdb"))
    monkeypatch.setenv("KLANTBEELD_DUCKDB_MEMORY_LIMIT", "2GiB")
    with Warehouse().connect(memory_limit="512MiB") as connection:
        assert _duckdb_settings(connection)[0] == "512.0 MiB"
    with Warehouse().connect() as connection:
        assert _duckdb_settings(connection)[0] == "2.0 GiB"


def test_ingestion_has_a_memory_limit_of_its_own(monkeypatch):
    monkeypatch.delenv("KLANTBEELD_INGEST_MEMORY_LIMIT", raising=False)
    monkeypatch.setenv("KLANTBEELD_DUCKDB_MEMORY_LIMIT", "4GB")
    assert load_settings().ingest_memory_limit == "1GB"
    monkeypatch.setenv("KLANTBEELD_INGEST_MEMORY_LIMIT", "1.5GB")
    assert load_settings().ingest_memory_limit == "1.5GB"
    monkeypatch.setenv("KLANTBEELD_INGEST_MEMORY_LIMIT", "a little")
    with pytest.raises(ValueError, match="KLANTBEELD_INGEST_MEMORY_LIMIT must be a size"):
        load_settings()
