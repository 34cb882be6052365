"""The code location carries the operations concern: a delivery check on every ingestion asset,
in the daily job, and both alert sensors switched on by default."""

import pytest
from dagster import AssetKey, DefaultSensorStatus

from pipelines.ingest.schemas import TABLES
from pipelines.operations.freshness import CHECK_NAME


@pytest.fixture(scope="module")
def defs(dbt_manifest):
    from pipelines.definitions import defs

    return defs


def test_every_landed_table_has_a_non_blocking_delivery_check_in_the_daily_job(defs):
    job = defs.resolve_job_def("klantbeeld_daily")
    graph = job.asset_layer.asset_graph
    delivery = {key.asset_key for key in graph.asset_check_keys if key.name == CHECK_NAME}
    assert delivery == {AssetKey(table.asset_name) for table in TABLES}
    for key in graph.asset_check_keys:
        if key.name == CHECK_NAME:
            assert not graph.get_check_spec(key).blocking


def test_both_alert_sensors_run_by_default(defs):
    sensors = {sensor.name: sensor for sensor in defs.sensors}
    assert set(sensors) == {"klantbeeld_run_failure_alert", "klantbeeld_stale_delivery_alert"}
    assert all(s.default_status == DefaultSensorStatus.RUNNING for s in sensors.values())
