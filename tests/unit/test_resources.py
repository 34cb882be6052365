"""The warehouse resource and dbt's profile must always mean the same file."""

import pytest

from pipelines.resources import Warehouse, build_resources


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
