"""Switching BI readers to a new release by renames: whole releases only, old files stay
readable, a failed build leaves the current release alone, only the newest few are kept."""

import datetime as dt
from pathlib import Path

from pipelines.publish.release import (
    CURRENT,
    DUCKDB_FILE,
    KEEP_RELEASES,
    PARQUET_FOLDER,
    RELEASES,
    current_release,
    promote,
    release_id,
    staging_folder,
)


def _release(published: Path, run: int, content: str) -> Path:
    staging = staging_folder(published, f"run{run:04d}")
    (staging / DUCKDB_FILE).write_text(content)
    (staging / PARQUET_FOLDER / "t.parquet").write_text(content)
    moment = dt.datetime(2026, 10, 31, 6, tzinfo=dt.UTC) + dt.timedelta(days=run)
    return promote(published, staging, release_id(f"run{run:04d}", moment))


def test_the_stable_paths_lead_to_the_newest_release(tmp_path):
    _release(tmp_path, 1, "one")
    second = _release(tmp_path, 2, "two")
    assert (tmp_path / DUCKDB_FILE).read_text() == "two"
    assert (tmp_path / PARQUET_FOLDER / "t.parquet").read_text() == "two"
    assert current_release(tmp_path) == second.resolve()
    # Relative links: the published folder can be moved or mounted elsewhere.
    assert not (tmp_path / CURRENT).readlink().is_absolute()


def test_a_file_opened_before_a_switch_reads_the_old_release_to_the_end(tmp_path):
    _release(tmp_path, 1, "one")
    with (tmp_path / DUCKDB_FILE).open() as reader:
        _release(tmp_path, 2, "two")
        assert reader.read() == "one"
    assert (tmp_path / DUCKDB_FILE).read_text() == "two"


def test_only_the_newest_releases_are_kept(tmp_path):
    for run in range(1, 6):
        _release(tmp_path, run, str(run))
    kept = sorted(p.name for p in (tmp_path / RELEASES).iterdir())
    assert len(kept) == KEEP_RELEASES
    assert kept[-1] == current_release(tmp_path).name
    assert (tmp_path / DUCKDB_FILE).read_text() == "5"


def test_a_release_that_was_never_promoted_changes_nothing_and_is_cleared_later(tmp_path):
    first = _release(tmp_path, 1, "one")
    abandoned = staging_folder(tmp_path, "died-half-way")
    (abandoned / DUCKDB_FILE).write_text("half")
    assert current_release(tmp_path) == first.resolve()
    assert (tmp_path / DUCKDB_FILE).read_text() == "one"
    _release(tmp_path, 2, "two")
    assert not abandoned.exists()


def test_release_ids_sort_by_time():
    early = release_id("ffffffff-run", dt.datetime(2026, 1, 2, 3, tzinfo=dt.UTC))
    late = release_id("00000000-run", dt.datetime(2026, 1, 2, 4, tzinfo=dt.UTC))
    assert early < late
