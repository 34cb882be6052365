"""The reader process of the reader-during-run test can tell a whole release from a broken one:
without this, "no failures" from it would prove nothing."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.release import promote, release_id, staging_folder
from tests.published_reader import InconsistentReleaseError, read_release, read_stable_paths


def _publish(published: Path, run: int, rows: int, manifest_rows: int | None = None) -> str:
    staging = staging_folder(published, f"run{run}")
    with duckdb.connect(str(staging / "klantbeeld.duckdb")) as connection:
        connection.execute("create schema marts")
        connection.execute(
            f"create table marts.customer_360 as select range as n from range({rows})"
        )
        connection.execute(
            f"copy marts.customer_360 to '{staging / 'parquet' / 'customer_360.parquet'}' "
            "(format parquet)"
        )
    release = release_id(
        f"run{run}", dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC) + dt.timedelta(run)
    )
    manifest = {"release": release, "tables": {"customer_360": {"rows": manifest_rows or rows}}}
    (staging / "release.json").write_text(json.dumps(manifest))
    promote(published, staging, release)
    return release


def test_a_whole_release_reads_the_same_both_ways(tmp_path):
    _publish(tmp_path, 1, rows=3)
    second = _publish(tmp_path, 2, rows=4)
    assert read_release(tmp_path) == second
    assert read_stable_paths(tmp_path) == second


def test_counts_that_do_not_match_release_json_are_caught(tmp_path):
    _publish(tmp_path, 1, rows=3, manifest_rows=5)
    with pytest.raises(InconsistentReleaseError, match=r"release\.json"):
        read_release(tmp_path)
    with pytest.raises(InconsistentReleaseError, match="is none of"):
        read_stable_paths(tmp_path)


def test_a_table_missing_from_the_parquet_files_is_caught(tmp_path):
    _publish(tmp_path, 1, rows=3)
    next((tmp_path / "parquet").iterdir()).unlink()
    with pytest.raises(InconsistentReleaseError):
        read_release(tmp_path)
    with pytest.raises(InconsistentReleaseError, match="Parquet tables"):
        read_stable_paths(tmp_path)
