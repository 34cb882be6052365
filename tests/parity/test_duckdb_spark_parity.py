"""The dbt project on DuckDB and on a local Spark gives the same marts, row for row.

The real daily job runs on DuckDB on a small generated shop (then the weekly model over every
week); its dbt sources — raw tables, identity graph, CLV, churn and personas — are handed to Spark
as Parquet (pipelines/transform/spark_handoff.py), `dbt build --target spark` builds seeds,
models and tests from them, then the weekly model once more for its latest week alone (an
overwrite of that week's partition), and every model under models/marts is compared with DuckDB's
(tests/parity/mart_comparison.py says how types are normalised).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from pipelines.demo.generate import generate_demo
from pipelines.settings import DBT_PROJECT_DIR
from pipelines.transform.spark_handoff import SPARK_SOURCES_ENV, export_sources
from tests.conftest import TEST_AS_OF
from tests.parity.mart_comparison import differences
from tests.warehouse_queries import frame

pytestmark = [pytest.mark.integration, pytest.mark.parity]

# Every mart non-empty and every table with quarantined and duplicated rows, in a few minutes.
PEOPLE, DAYS = 300, 240
SPARK_BUILD = Path(__file__).with_name("spark_build.py")
# Marts that must be among those compared: they are what the parity is for.
CORE_MARTS = {"marts.customer_360", "marts.customer_rfm", "marts.weekly_channel_usage"}


def mart_relations(manifest: Path) -> set[str]:
    """schema.table of every model under models/marts, as dbt's manifest lists them."""
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values()
    return {
        f"{node['schema']}.{node['alias']}"
        for node in nodes
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
    }


def _dbt_on_duckdb(warehouse: Path, *arguments: str) -> None:
    dbt = Path(sys.executable).parent / "dbt"
    subprocess.run(
        [str(dbt), *arguments, "--profiles-dir", ".", "--target-path", str(warehouse.parent / "t")],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "KLANTBEELD_WAREHOUSE": str(warehouse)},
        check=True,
    )


@pytest.fixture(scope="module")
def builds(run_pipeline, dbt_manifest, tmp_path_factory):
    root = tmp_path_factory.mktemp("parity")
    landing, warehouse = root / "landing", root / "klantbeeld.duckdb"
    generate_demo(landing, root / "truth", customers=PEOPLE, days=DAYS, seed=7)
    daily = run_pipeline(landing, warehouse)
    assert daily.success
    # The weekly job builds weekly_channel_usage a week at a time; without a week, every week.
    _dbt_on_duckdb(warehouse, "build", "--select", "tag:weekly")

    marts = mart_relations(dbt_manifest)
    export_sources(warehouse, dbt_manifest, root / "sources")
    spark_dir, copies = root / "spark", root / "spark_marts"
    environment = {
        **os.environ,
        "KLANTBEELD_SPARK_DIR": str(spark_dir),
        SPARK_SOURCES_ENV: str(root / "sources"),
        "KLANTBEELD_DBT_AS_OF_DATE": TEST_AS_OF.isoformat(),
    }
    # The latest week again, alone, as the weekly job would: on Spark an overwrite of its
    # partition, which must keep every other week (the comparison of weekly_channel_usage).
    last_week = frame(warehouse, "select max(week_start) as w from marts.weekly_channel_usage")
    command = [sys.executable, str(SPARK_BUILD), "--copies", str(copies)]
    command += ["--rebuild-week", last_week["w"][0].isoformat()]
    command += ["--target-path", str(spark_dir / "target"), *sorted(marts)]
    spark = subprocess.run(
        command,
        cwd=root,
        env=environment,
        check=False,
    )
    return {"warehouse": warehouse, "marts": marts, "copies": copies, "spark": spark}


def test_dbt_builds_and_tests_every_node_on_spark(builds):
    assert builds["spark"].returncode == 0, "dbt build --target spark failed (see its log above)"


def test_every_mart_model_is_compared_and_has_rows(builds):
    compared = {copy.stem for copy in builds["copies"].glob("*.parquet")}
    assert compared == builds["marts"]
    assert compared >= CORE_MARTS
    for relation in sorted(compared):
        assert frame(builds["warehouse"], f"select count(*) as n from {relation}")["n"][0] > 0, (
            f"{relation} is empty on DuckDB: comparing it would prove nothing"
        )


def test_every_mart_has_the_same_rows_on_duckdb_and_spark(builds):
    found = []
    for relation in sorted(builds["marts"]):
        duckdb_rows = frame(builds["warehouse"], f"select * from {relation}")
        spark_rows = pl.read_parquet(builds["copies"] / f"{relation}.parquet")
        found += differences(relation, duckdb_rows, spark_rows)
    assert not found, "\n".join(found)
