"""One run of the daily job over broken deliveries that only a run shows whole: files in the
wrong place are named in its warnings, a key repeated in one file with other values is kept
apart (ops.conflicting_duplicates, counted as conflicting), and the run still reconciles."""

import logging
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterEventType, DagsterInstance

from tests.conftest import execute_daily_job

pytestmark = pytest.mark.integration
CORPUS = Path(__file__).parents[1] / "data" / "bad_inputs"


def _warnings(instance: DagsterInstance, run_id: str) -> list[str]:
    return [
        record.user_message
        for record in instance.all_logs(run_id)
        if record.level == logging.WARNING and not record.is_dagster_event
    ]


def test_misplaced_files_and_conflicting_copies_are_said(mini_shop, tmp_path, dbt_manifest):
    # The corpus's misplaced kinds, and one customer exported twice in a day with other tags.
    for kind in ("file_under_wrong_source", "unknown_file_name", "folder_without_dashes"):
        shutil.copytree(CORPUS / kind, mini_shop, dirs_exist_ok=True)
    customers = mini_shop / "shop" / "2026-11-01" / "customers.csv"
    last = customers.read_text().splitlines()[-1]
    customers.write_text(customers.read_text() + last + "x\n")
    warehouse = tmp_path / "klantbeeld.duckdb"
    with DagsterInstance.ephemeral() as instance:
        result = execute_daily_job(mini_shop, warehouse, instance=instance)
        assert result.success
        warnings = _warnings(instance, result.run_id)

    said = "\n".join(warnings)
    assert "email/2026-11-01/refunds.csv: shop.refunds's file belongs under shop/" in said
    assert "shop/2026-11-01/refunds_export.csv: not a file of the contract" in said
    assert "shop/20261101/refunds.csv: its folder is not named by a delivery date" in said
    assert "1 row(s) of shop.customers repeat a key of their file with other values" in said
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        versions = connection.execute(
            "select file, kept from ops.conflicting_duplicates order by line"
        ).fetchall()
        logged = connection.execute(
            "select landed, loaded, duplicates, conflicting, quarantined from ops.ingest_log "
            "where table_name = 'customers'"
        ).fetchone()
    file = "shop/2026-11-01/customers.csv"
    assert versions == [(file, False), (file, True)]
    landed, loaded, duplicates, conflicting, quarantined = logged
    assert (conflicting, duplicates) == (1, 0)
    assert landed == loaded + duplicates + conflicting + quarantined
    checks = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type == DagsterEventType.ASSET_CHECK_EVALUATION
    ]
    reconciled = [c.passed for c in checks if c.check_name == "landed_rows_reconcile"]
    assert len(reconciled) == 12
    assert all(reconciled)
