"""Staged rows live on disk only as long as their ingest step: a killed step's folder (which
holds parsed rows, personal data included) is removed when the next ingest step starts."""

import polars as pl

from pipelines.ingest.staging import StagedRows, remove_stale_staging


def test_a_closed_load_leaves_no_staging_folder(tmp_path):
    staged = StagedRows(pl.DataFrame({"email": pl.Series([], dtype=pl.String)}), tmp_path)
    staged.append(pl.DataFrame({"email": ["anna@example.nl"]}))
    assert staged.count == 1
    assert len(list(tmp_path.iterdir())) == 1
    staged.close()
    assert list(tmp_path.iterdir()) == []


def test_a_killed_steps_staging_folder_is_removed_and_nothing_else(tmp_path):
    # What SIGKILL leaves: the folder with its Parquet parts, never cleaned up by the step.
    killed = StagedRows(pl.DataFrame({"email": ["anna@example.nl"]}), tmp_path)
    left_behind = {path.name for path in tmp_path.iterdir()}
    duckdb_spill = tmp_path / "duckdb_temp_storage-0.tmp"
    duckdb_spill.write_bytes(b"not ours")

    removed = remove_stale_staging(tmp_path)

    assert {path.name for path in removed} == left_behind
    assert [path.name for path in tmp_path.iterdir()] == [duckdb_spill.name]
    killed.close()  # the folder is gone already: closing must not fail either


def test_a_spill_folder_that_does_not_exist_yet_has_nothing_stale(tmp_path):
    assert remove_stale_staging(tmp_path / "spill") == []
