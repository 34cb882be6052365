"""Staged rows live on disk only as long as their ingest step: a closed load removes its folder,
and the folder is named after its process, so that a killed step's (parsed rows, personal data
included) is removed by the sweep of dead processes' leftovers (tests/unit/test_spill.py)."""

import os

import polars as pl

from pipelines.ingest.staging import StagedRows
from pipelines.spill import remove_spill_of_dead_processes


def test_a_closed_load_leaves_no_staging_folder(tmp_path):
    staged = StagedRows(pl.DataFrame({"email": pl.Series([], dtype=pl.String)}), tmp_path)
    staged.append(pl.DataFrame({"email": ["anna@example.nl"]}))
    assert staged.count == 1
    assert len(list(tmp_path.iterdir())) == 1
    staged.close()
    assert list(tmp_path.iterdir()) == []


def test_the_staging_folder_is_named_after_its_process(tmp_path):
    staged = StagedRows(pl.DataFrame({"email": ["anna@example.nl"]}), tmp_path)
    [folder] = tmp_path.iterdir()
    assert folder.name.startswith(f"klantbeeld-ingest-{os.getpid()}-")
    # Its process runs: the sweep leaves it be, rows and all.
    assert remove_spill_of_dead_processes(tmp_path) == []
    assert staged.frame().collect()["email"].to_list() == ["anna@example.nl"]
    staged.close()
