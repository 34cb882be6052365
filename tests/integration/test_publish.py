"""The pseudonymised copy for BI, on a generated demo shop: four runs in a row — without the
secret (the CLI), with it, again while a BI reader holds the copy open, and with an order that
breaks a blocking check — then every published table and every quality result is scanned for the
demo's personal data."""

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.demo.generate import generate_demo
from pipelines.publish.column_policy import decide
from pipelines.publish.pseudonym import PSEUDONYM_KEY_VARIABLE
from pipelines.publish.release import DUCKDB_FILE, PARQUET_FOLDER, RELEASES, current_release
from pipelines.settings import PROJECT_ROOT
from tests.conftest import TEST_AS_OF
from tests.personal_data import assert_nothing_personal, known_ids, known_personal_values
from tests.warehouse_queries import ANALYTICS_TABLES, INSIGHT_TABLES, frame

pytestmark = pytest.mark.integration

PEOPLE, DAYS = 300, 240
BI_TABLES = {
    "customer_360",
    *ANALYTICS_TABLES,
    *INSIGHT_TABLES,
    "rfm_segments",
    "rfm_segment_grid",
    "order_currencies",
}
# Passes the parser, fails the blocking expectation that order totals are >= 0.
NEGATIVE_ORDER = (
    "5999,#1999,1001,anna@example.nl,2025-09-01 10:00:00 +0200,EUR,-50.00,0.00,0.00,0.00,"
    "-50.00,paid,,,web,,false,\n"
)


def _without_key_via_cli(landing: Path, warehouse: Path, home: Path) -> dict:
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KLANTBEELD_LANDING_DIR", str(landing))
        patch.setenv("KLANTBEELD_WAREHOUSE", str(warehouse))
        patch.setenv("KLANTBEELD_AS_OF_DATE", TEST_AS_OF.isoformat())
        patch.setenv("DAGSTER_HOME", str(home))
        patch.delenv(PSEUDONYM_KEY_VARIABLE, raising=False)
        result = CliRunner().invoke(main, ["run"])
    marts = frame(
        warehouse,
        "select table_name from information_schema.tables where table_schema = 'marts'",
    )
    return {"result": result, "marts": set(marts["table_name"])}


def _snapshot(published: Path) -> dict:
    release = current_release(published)
    return {
        "release": release,
        "releases": sorted(p.name for p in (published / RELEASES).iterdir()),
        "digests": {
            p.relative_to(release).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(release.rglob("*"))
            if p.is_file()
        },
        "keys": set(
            frame(published / DUCKDB_FILE, "select customer_key from marts.customer_360")[
                "customer_key"
            ]
        ),
    }


@pytest.fixture(scope="module")
def runs(run_pipeline, tmp_path_factory):
    root = tmp_path_factory.mktemp("publish")
    landing, truth = root / "landing", root / "truth"
    warehouse = root / "warehouse" / "klantbeeld.duckdb"
    published = warehouse.parent / "published"
    generate_demo(landing, truth, customers=PEOPLE, days=DAYS, seed=11)

    without_key = _without_key_via_cli(landing, warehouse, root / "dagster_home")
    published_without_key = published.exists()

    first = run_pipeline(landing, warehouse)
    after_first = _snapshot(published)

    # A BI tool holding the published file open must not block the next run, and keeps reading
    # the copy it opened.
    reader = duckdb.connect(str(published / DUCKDB_FILE), read_only=True)
    count_sql = "select count(*) from marts.customer_360"
    try:
        read_before = reader.execute(count_sql).fetchone()[0]
        second = run_pipeline(landing, warehouse)
        read_during = reader.execute(count_sql).fetchone()[0]
    finally:
        reader.close()
    after_second = _snapshot(published)

    with (landing / "shop" / "2026-11-01" / "orders.csv").open("a") as orders:
        orders.write(NEGATIVE_ORDER)
    failed = run_pipeline(landing, warehouse)
    after_failed = _snapshot(published)

    return {
        "landing": landing,
        "truth": truth,
        "warehouse": warehouse,
        "published": published,
        "without_key": without_key,
        "published_without_key": published_without_key,
        "results": [first, second, failed],
        "snapshots": [after_first, after_second, after_failed],
        "reader": (read_before, read_during),
    }


# --- what is published, and how -----------------------------------------------------------------


def _published_tables(published: Path) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(published / DUCKDB_FILE), read_only=True) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        ]
        return {
            name: pl.from_arrow(connection.sql(f"select * from marts.{name}").to_arrow_table())
            for name in names
        }


def _parquet_tables(published: Path) -> dict[str, pl.DataFrame]:
    return {p.stem: pl.read_parquet(p) for p in sorted((published / PARQUET_FOLDER).iterdir())}


def test_every_bi_table_is_published_in_both_forms_and_nothing_else(runs):
    first, second, _ = runs["results"]
    assert first.success
    assert second.success
    in_duckdb = _published_tables(runs["published"])
    in_parquet = _parquet_tables(runs["published"])
    assert set(in_duckdb) == set(in_parquet) == BI_TABLES
    for name, table in in_duckdb.items():
        assert table.height > 0, name
        assert table.equals(in_parquet[name]), name
    customers = frame(runs["warehouse"], "select count(*) as n from marts.customer_360")
    assert in_duckdb["customer_360"].height == customers["n"][0]


def test_no_published_column_is_personal_by_the_policy_or_by_name(runs):
    for name, table in _published_tables(runs["published"]).items():
        for column in table.columns:
            decision = decide(column)
            assert decision.published, (name, column)
            assert decision.published_name == column, (name, column)
        assert not {"customer_id", "email", "phone", "first_name", "last_name"} & set(
            table.columns
        ), name
        assert not {"city", "postcode", "primary_shop_customer_id"} & set(table.columns), name
    customer_360 = _published_tables(runs["published"])["customer_360"]
    areas = customer_360.drop_nulls("postcode_area")
    assert areas.height > PEOPLE / 2
    # The demo's Dutch and Belgian postcodes keep 4 digits, German ones their 2-digit region.
    shapes = {"NL": r"^[1-9][0-9]{3}$", "BE": r"^[1-9][0-9]{3}$", "DE": r"^[0-9]{2}$"}
    for country, shape in shapes.items():
        theirs = areas.filter(areas["country_code"] == country)["postcode_area"]
        assert theirs.len() > 0, country
        assert theirs.str.contains(shape).all(), country
    assert set(areas["country_code"]) == set(shapes)


def test_customer_keys_are_hmacs_stable_across_runs_and_join_the_tables(runs):
    first, second, _ = runs["snapshots"]
    assert first["keys"] == second["keys"]
    assert len(first["keys"]) > PEOPLE * 0.9
    assert all(len(key) == 64 for key in first["keys"])
    tables = _published_tables(runs["published"])
    for name in ("customer_rfm", "customer_clv", "customer_churn_signals", "customer_personas"):
        assert set(tables[name]["customer_key"]) <= first["keys"], name
    assert set(tables["customer_personas"]["customer_key"]) == first["keys"]


def test_the_published_file_opens_in_duckdb_1x_storage(runs):
    path = (runs["published"] / DUCKDB_FILE).resolve()
    header = path.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    # DuckDB 1.x reads storage versions 64..67 (1.4/1.5 read up to 67/68); 2.0's own is 999.
    assert 64 <= int.from_bytes(header[12:20], "little") <= 67
    warehouse_header = runs["warehouse"].read_bytes()[:20]
    assert int.from_bytes(warehouse_header[12:20], "little") > 67
    with duckdb.connect() as connection:
        connection.execute(f"attach '{path}' as published (read_only)")
        tags = connection.execute(
            "select tags from duckdb_databases() where database_name = 'published'"
        ).fetchone()[0]
    assert tags["storage_version"].startswith("v1.4.0")


def test_release_json_tells_bi_what_it_reads(runs):
    release = json.loads((runs["published"] / "current" / "release.json").read_text())
    assert set(release["tables"]) == BI_TABLES
    assert release["storage_version"] == "v1.4.0"
    assert len(release["customer_key_id"]) == 12


# --- atomic switch, readers, failures ------------------------------------------------------------


def test_a_reader_holding_the_copy_open_does_not_block_the_next_run(runs):
    first, second, _ = runs["snapshots"]
    read_before, read_during = runs["reader"]
    assert read_before == read_during > 0
    assert second["release"] != first["release"]
    assert first["release"].exists(), "the previous release stays for readers that have it open"


def test_a_failed_run_leaves_the_previous_copy_untouched(runs):
    *_, failed = runs["results"]
    _, before, after = runs["snapshots"]
    assert not failed.success
    materialized = {
        e.event_specific_data.materialization.asset_key.to_user_string()
        for e in failed.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    }
    assert "published_warehouse" not in materialized
    assert after == before
    assert not [p for p in (runs["published"] / RELEASES).iterdir() if p.name.startswith(".")]


def test_without_the_secret_only_the_publish_step_fails_and_says_how_to_set_it(runs):
    result = runs["without_key"]["result"]
    assert result.exit_code == 1
    assert f"{PSEUDONYM_KEY_VARIABLE} is not set" in result.output
    assert f"export {PSEUDONYM_KEY_VARIABLE}=" in result.output
    assert "FAILED after" in result.output
    assert "step published_warehouse failed: " in result.output
    assert "marts.customer_360:" in result.output  # the summary of the rest of the run
    assert runs["without_key"]["marts"] >= BI_TABLES
    assert not runs["published_without_key"]


# --- the scan: no personal data anywhere BI or the run history can see --------------------------


@pytest.fixture(scope="module")
def known(runs):
    values = known_personal_values(runs["landing"], runs["truth"])
    values["ids"] = known_ids(runs["warehouse"])
    assert len(values["emails"]) > PEOPLE
    assert len(values["phones"]) > PEOPLE / 4
    assert len(values["names"]) > 100
    return values


def _table_texts(tables: dict[str, pl.DataFrame]) -> dict[str, list[str]]:
    return {
        f"{name}.{column}": table[column].cast(pl.String).drop_nulls().to_list()
        for name, table in tables.items()
        for column in table.columns
    }


def test_no_published_table_holds_an_email_phone_name_or_id(runs, known):
    assert_nothing_personal(_table_texts(_published_tables(runs["published"])), known)
    assert_nothing_personal(_table_texts(_parquet_tables(runs["published"])), known)


def test_no_quality_result_or_materialization_holds_an_email_phone_name_or_id(runs, known):
    texts = {}
    for number, result in enumerate(runs["results"]):
        for index, event in enumerate(result.all_events):
            data = event.event_specific_data
            if event.event_type_value == "ASSET_CHECK_EVALUATION":
                metadata, description = data.metadata, data.description
            elif event.event_type_value == "ASSET_MATERIALIZATION":
                metadata = data.materialization.metadata
                description = data.materialization.description
            else:
                continue
            values = {key: value.value for key, value in metadata.items()}
            texts[f"run {number} event {index} {event.event_type_value}"] = [
                json.dumps(values, default=str),
                str(description or ""),
            ]
    assert sum("CHECK" in where for where in texts) > 20
    assert_nothing_personal(texts, known)


def test_the_warehouse_itself_still_holds_what_the_copy_leaves_out(runs, known):
    """The scan can see personal data: run on the warehouse's customer_360 it finds it."""
    customer_360 = frame(runs["warehouse"], "select * from marts.customer_360")
    with pytest.raises(AssertionError):
        assert_nothing_personal(_table_texts({"customer_360": customer_360}), known)
