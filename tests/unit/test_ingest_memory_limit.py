"""The ingest step writes through a DuckDB connection capped by KLANTBEELD_INGEST_MEMORY_LIMIT,
not the general limit: its insert and winner ranking fill whatever limit they get, and that made
ingestion's peak grow with the history (issue 8)."""

from dagster import DagsterInstance, materialize

import pipelines.ingest.assets as ingest_assets
from pipelines.ingest.assets import build_ingest_asset
from pipelines.ingest.schemas import TABLES
from pipelines.resources import Warehouse

CAMPAIGNS = next(t for t in TABLES if (t.source, t.name) == ("email", "campaigns"))


def test_the_ingest_step_writes_within_the_ingest_memory_limit(tmp_path, monkeypatch):
    landing = tmp_path / "landing" / "email" / "2026-11-01"
    landing.mkdir(parents=True)
    (landing / CAMPAIGNS.file_name).write_text(",".join(CAMPAIGNS.column_names) + "\n")
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "w" / "k.duckdb"))
    monkeypatch.setenv("KLANTBEELD_DUCKDB_MEMORY_LIMIT", "2GiB")
    monkeypatch.setenv("KLANTBEELD_INGEST_MEMORY_LIMIT", "300MiB")
    seen = []
    write_deliveries = ingest_assets.write_deliveries

    def recording(connection, *args, **kwargs):
        seen.append(connection.execute("select current_setting('memory_limit')").fetchone()[0])
        return write_deliveries(connection, *args, **kwargs)

    monkeypatch.setattr(ingest_assets, "write_deliveries", recording)
    result = materialize(
        [build_ingest_asset(CAMPAIGNS)],
        partition_key="2026-11-01",
        resources={"warehouse": Warehouse()},
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    assert seen == ["300.0 MiB"]
