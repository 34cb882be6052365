"""The Parquet hand-off to Spark: every dbt source of the manifest, read back unchanged; a source
the warehouse lacks is named in the error."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.transform.spark_handoff import export_sources, source_tables


def _manifest(tmp_path: Path, tables: list[tuple[str, str]]) -> Path:
    sources = {
        f"source.klantbeeld.{schema}.{table}": {"schema": schema, "identifier": table}
        for schema, table in tables
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"sources": sources}), encoding="utf-8")
    return path


def _warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "klantbeeld.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema raw_shop")
        connection.execute(
            "create table raw_shop.orders as select 'o1' as order_id, "
            "timestamp '2026-10-31 23:30:00' as ordered_at, 12.50::decimal(18, 2) as amount"
        )
        connection.execute("create schema marts")
        connection.execute("create table marts.customer_clv as select 'c1' as customer_id")
        connection.execute("create table marts.not_a_source as select 1 as x")
    return path


def test_every_source_is_copied_and_reads_back_unchanged(tmp_path):
    manifest = _manifest(tmp_path, [("raw_shop", "orders"), ("marts", "customer_clv")])
    copied = export_sources(_warehouse(tmp_path), manifest, tmp_path / "out")
    assert copied == source_tables(manifest) == [("marts", "customer_clv"), ("raw_shop", "orders")]
    out = tmp_path / "out"
    folders = {copy.parent.relative_to(out) for copy in out.rglob("*.parquet")}
    assert folders == {Path("marts/customer_clv"), Path("raw_shop/orders")}
    orders = pl.read_parquet(tmp_path / "out" / "raw_shop" / "orders")
    assert orders["ordered_at"].to_list() == [dt.datetime(2026, 10, 31, 23, 30)]
    assert str(orders["amount"][0]) == "12.50"


def test_a_source_missing_from_the_warehouse_is_named(tmp_path):
    manifest = _manifest(tmp_path, [("raw_shop", "orders"), ("raw_email", "events")])
    with pytest.raises(ValueError, match=r"lacks the dbt sources raw_email\.events"):
        export_sources(_warehouse(tmp_path), manifest, tmp_path / "out")


def test_the_command_names_the_missing_sources_without_a_traceback(
    tmp_path, monkeypatch, dbt_manifest
):
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(_warehouse(tmp_path)))
    result = CliRunner().invoke(main, ["spark-handoff", "--to", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "lacks the dbt sources" in result.output
    assert "raw_email.events" in result.output
    assert "Traceback" not in result.output
