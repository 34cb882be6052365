"""The ingest step and its reconciliation check connect to DuckDB capped by
KLANTBEELD_INGEST_MEMORY_LIMIT, not the general limit: inserting, ranking and counting every
delivered row fill whatever limit they get, and that made ingestion's peak grow with the history
(issue 8)."""

from contextlib import contextmanager

from dagster import DagsterInstance, materialize

from pipelines.ingest.assets import build_ingest_asset, build_reconcile_check
from pipelines.ingest.schemas import TABLES
from pipelines.resources import Warehouse

CAMPAIGNS = next(t for t in TABLES if (t.source, t.name) == ("email", "campaigns"))


def test_ingestion_connects_within_the_ingest_memory_limit(tmp_path, monkeypatch):
    landing = tmp_path / "landing" / "email" / "2026-11-01"
    landing.mkdir(parents=True)
    (landing / CAMPAIGNS.file_name).write_text(",".join(CAMPAIGNS.column_names) + "\n")
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "w" / "k.duckdb"))
    monkeypatch.setenv("KLANTBEELD_DUCKDB_MEMORY_LIMIT", "2GiB")
    monkeypatch.setenv("KLANTBEELD_INGEST_MEMORY_LIMIT", "300MiB")
    limits = []
    connect = Warehouse.connect

    @contextmanager
    def recording(self, *args, **kwargs):
        with connect(self, *args, **kwargs) as connection:
            setting = "select current_setting('memory_limit')"
            limits.append(connection.execute(setting).fetchone()[0])
            yield connection

    monkeypatch.setattr(Warehouse, "connect", recording)
    result = materialize(
        [build_ingest_asset(CAMPAIGNS), build_reconcile_check(CAMPAIGNS)],
        partition_key="2026-11-01",
        resources={"warehouse": Warehouse()},
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    assert [e.passed for e in result.get_asset_check_evaluations()] == [True]
    # The step's write and the check's re-count.
    assert limits == ["300.0 MiB", "300.0 MiB"]
