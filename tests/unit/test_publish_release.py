"""Switching BI readers to a new release by renames: whole releases only, old files stay
readable, a failed build leaves the current release alone, only the newest few are kept;
publishes running at once do not trip over each other, and a release a reader holds open (so
that it cannot be deleted, on Windows or an SMB share) does not fail a publish — only an
erasure, which must not leave it."""

import datetime as dt
import logging
import os
import shutil
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from pipelines.publish.release import (
    CURRENT,
    DUCKDB_FILE,
    KEEP_RELEASES,
    PARQUET_FOLDER,
    RELEASES,
    STALE_TEMPORARY_SECONDS,
    Pruned,
    ReleasesInUseError,
    _point,
    current_release,
    keep_only_current,
    promote,
    release_id,
    staging_folder,
)


def _publish(published: Path, run: int, content: str) -> tuple[Path, Pruned]:
    staging = staging_folder(published, f"run{run:04d}")
    (staging / DUCKDB_FILE).write_text(content)
    (staging / PARQUET_FOLDER / "t.parquet").write_text(content)
    moment = dt.datetime(2026, 10, 31, 6, tzinfo=dt.UTC) + dt.timedelta(days=run)
    return promote(published, staging, release_id(f"run{run:04d}", moment))


def _release(published: Path, run: int, content: str) -> Path:
    return _publish(published, run, content)[0]


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


# --- publishes at once --------------------------------------------------------------------------

TARGETS = [f"{RELEASES}/r{n}" for n in range(3)]
THREADS, CALLS = 4, 60


def _point_many(link: str) -> list[str]:
    """THREADS threads each switching ``link`` CALLS times between the TARGETS; what failed."""
    failures: list[str] = []
    start = threading.Barrier(THREADS)

    def switch(offset: int) -> None:
        start.wait()
        for call in range(CALLS):
            try:
                _point(Path(link), Path(TARGETS[(call + offset) % len(TARGETS)]))
            except Exception as error:  # every failure is the finding
                failures.append(f"{type(error).__name__}: {error}")

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(switch, range(THREADS)))
    return failures


def test_links_switched_by_several_processes_and_threads_at_once_never_fail(tmp_path):
    for target in TARGETS:
        (tmp_path / target).mkdir(parents=True)
    link = tmp_path / CURRENT
    processes = 3
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        # The parent switches too, so its threads race the other processes' from the start.
        children = [pool.submit(_point_many, str(link)) for _ in range(processes)]
        failures = _point_many(str(link))
        for child in children:
            failures += child.result()
    assert failures == []
    assert os.readlink(link) in TARGETS
    assert link.resolve().is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [CURRENT, RELEASES]


def test_a_temporary_link_is_removed_when_the_switch_fails(tmp_path, monkeypatch):
    def refused(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(PermissionError):
        _point(tmp_path / CURRENT, Path(TARGETS[0]))
    assert list(tmp_path.iterdir()) == []


def test_temporaries_of_a_killed_publish_are_cleared_but_not_a_live_ones(tmp_path):
    _release(tmp_path, 1, "one")
    long_ago = time.time() - STALE_TEMPORARY_SECONDS - 60
    killed = [".current.4242.0123456789abcdef", ".parquet.4242.fedcba9876543210", ".current.new"]
    for name in killed:
        (tmp_path / name).symlink_to(Path(RELEASES) / "gone")
        os.utime(tmp_path / name, (long_ago, long_ago), follow_symlinks=False)
    live = tmp_path / f".current.{os.getpid()}.00112233aabbccdd"
    live.symlink_to(Path(RELEASES) / "gone")
    _release(tmp_path, 2, "two")
    assert not any((tmp_path / name).is_symlink() for name in killed)
    assert live.is_symlink()


# --- releases a reader holds open ---------------------------------------------------------------


@pytest.fixture
def held_open(monkeypatch):
    """Make rmtree fail for the release folders named in the returned set, as Windows or an SMB
    share does for a folder with an open file (after deleting what it could)."""
    names: set[str] = set()
    rmtree = shutil.rmtree

    def rmtree_unless_open(path, *args, **kwargs):
        if Path(path).name in names:
            rmtree(Path(path) / PARQUET_FOLDER)
            raise PermissionError(13, "Permission denied", str(Path(path) / DUCKDB_FILE))
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", rmtree_unless_open)
    return names


def test_a_release_held_open_is_kept_reported_and_removed_by_the_next_publish(
    tmp_path, held_open, caplog
):
    first = _release(tmp_path, 1, "one")
    for run in range(2, KEEP_RELEASES + 1):
        _release(tmp_path, run, str(run))
    held_open.add(first.name)
    with caplog.at_level(logging.WARNING, logger="pipelines.publish.release"):
        newest, pruned = _publish(tmp_path, KEEP_RELEASES + 1, "new")
    assert current_release(tmp_path) == newest.resolve()
    assert (tmp_path / DUCKDB_FILE).read_text() == "new"
    assert pruned == Pruned(removed=[], kept_in_use=[first.name])
    assert first.exists()
    assert first.name in caplog.text
    assert str(tmp_path) not in caplog.text  # the folder's name, not the file's path

    held_open.clear()  # the reader closed it
    _, pruned = _publish(tmp_path, KEEP_RELEASES + 2, "newer")
    assert first.name in pruned.removed
    assert pruned.kept_in_use == []
    assert not first.exists()
    assert len(list((tmp_path / RELEASES).iterdir())) == KEEP_RELEASES


def test_after_an_erasure_a_release_held_open_is_an_error_naming_it(tmp_path, held_open):
    first = _release(tmp_path, 1, "one")
    second = _release(tmp_path, 2, "two")
    newest = _release(tmp_path, 3, "three")
    held_open.add(first.name)
    with pytest.raises(ReleasesInUseError, match=first.name) as raised:
        keep_only_current(tmp_path)
    assert "klantbeeld forget" in str(raised.value)
    assert raised.value.folders == [first.name]
    # Everything else that could go went; BI still reads the newest.
    assert not second.exists()
    assert current_release(tmp_path) == newest.resolve()

    held_open.clear()
    assert keep_only_current(tmp_path) == [first.name]
    assert [p.name for p in (tmp_path / RELEASES).iterdir()] == [newest.name]
