"""Switching BI readers to a new published copy all at once, by renames only.

Layout under the published folder::

    releases/<release id>/klantbeeld.duckdb, parquet/<table>.parquet, release.json
    current           -> releases/<release id>       (swapped by os.replace)
    klantbeeld.duckdb -> current/klantbeeld.duckdb   (the stable paths BI tools open)
    parquet           -> current/parquet

A release is written into ``releases/.staging-<run id>/`` and renamed into place when complete;
``current`` is then replaced by a new symlink in one ``os.replace`` (a rename: atomic on one file
system). A reader opening a stable path resolves ``current`` at that moment and gets one whole
release, old or new, never a mix within a file. Files opened before a switch stay readable: the
last KEEP_RELEASES releases are kept, and on POSIX a removed file lives on while it is open.

Two publishes may run at once (an erasure's republish beside a run): each makes its links under
names of its own, and the last rename wins. Removing old releases is best-effort (on Windows or
an SMB share a release a reader holds open cannot be deleted: it is kept and tried again next
time), except after an erasure, where a release that cannot be removed is an error.
"""

from __future__ import annotations

import datetime as dt
import glob
import logging
import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
STAGING_PREFIX = ".staging-"
DUCKDB_FILE = "klantbeeld.duckdb"
PARQUET_FOLDER = "parquet"
KEEP_RELEASES = 3
# A publish holds its temporary link for one rename; one older than this was left by a publish
# that was killed in between (the age decides, not the pid in the name: the folder may be shared
# by machines whose pids mean nothing here).
STALE_TEMPORARY_SECONDS = 3600

_log = logging.getLogger(__name__)


@dataclass
class Pruned:
    """Folders under ``releases/`` a prune removed, and those it had to keep because they could
    not be removed (a reader has a file of them open, on Windows or an SMB share)."""

    removed: list[str] = field(default_factory=list)
    kept_in_use: list[str] = field(default_factory=list)


class ReleasesInUseError(Exception):
    """After an erasure: older releases that still hold the erased person could not be removed."""

    def __init__(self, published: Path, folders: list[str]) -> None:
        self.folders = folders
        super().__init__(
            f"The erasure is not complete: {', '.join(folders)} in {published / RELEASES} "
            "could not be removed (a BI tool probably still has it open) and still hold(s) the "
            "erased person; the warehouse is unchanged. Close the BI tools reading the published "
            "copy, then run `klantbeeld forget` again. If a folder still cannot be removed, "
            "delete it by hand once nothing has it open, and run `klantbeeld forget` again."
        )


def release_id(run_id: str, now: dt.datetime) -> str:
    """Sorts by time (UTC), unique per run."""
    return f"{now.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}-{run_id[:8]}"


def staging_folder(published: Path, run_id: str) -> Path:
    """An empty folder for the new release, on the same file system as the releases (a rename
    across file systems would be a copy, not atomic)."""
    folder = published / RELEASES / f"{STAGING_PREFIX}{run_id}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / PARQUET_FOLDER).mkdir(parents=True)
    return folder


def current_release(published: Path) -> Path | None:
    link = published / CURRENT
    return link.resolve() if link.is_symlink() else None


def promote(published: Path, staging: Path, release: str) -> tuple[Path, Pruned]:
    """Make the complete release in ``staging`` the one BI readers see; returns its folder and
    what pruning the old ones did (never fails on a release it could not remove)."""
    final = published / RELEASES / release
    staging.rename(final)
    # The stable paths first: until the first `current` exists they lead nowhere, and once it
    # does, a reader that finds `current` also finds them.
    _point(published / DUCKDB_FILE, Path(CURRENT) / DUCKDB_FILE)
    _point(published / PARQUET_FOLDER, Path(CURRENT) / PARQUET_FOLDER)
    _point(published / CURRENT, Path(RELEASES) / release)
    _clear_stale_temporaries(published)
    return final, _prune(published, keep=release)


def _point(link: Path, target: Path) -> None:
    """``link`` → ``target`` (relative, so the folder can move), replaced atomically. The new
    link is made beside ``link`` (one file system, so the rename is atomic) under a name no other
    call uses — pid and a random token — so publishes running at once never touch each other's
    temporary; the last rename wins."""
    if _points_at(link, target):
        return
    temporary = link.with_name(f".{link.name}.{os.getpid()}.{secrets.token_hex(8)}")
    try:
        temporary.symlink_to(target)
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _points_at(link: Path, target: Path) -> bool:
    try:
        return Path(os.readlink(link)) == target
    except OSError:  # no link yet (or not a link)
        return False


def _clear_stale_temporaries(published: Path) -> None:
    """Remove the temporary links (``.<link>.<pid>.<token>``) of publishes killed between making
    one and renaming it; never one younger than STALE_TEMPORARY_SECONDS, which may be a live
    publish's."""
    for name in (DUCKDB_FILE, PARQUET_FOLDER, CURRENT):
        for temporary in published.glob(f".{glob.escape(name)}.*"):
            try:
                if not temporary.is_symlink():
                    continue
                if time.time() - temporary.lstat().st_mtime > STALE_TEMPORARY_SECONDS:
                    temporary.unlink()
            except FileNotFoundError:  # another publish cleared it first
                continue


def keep_only_current(published: Path) -> list[str]:
    """Remove every release but the one BI reads now (after an erasure: the older ones still
    hold the erased person). Returns the names removed; raises ReleasesInUseError, after
    removing all it can, when one cannot be removed."""
    current = current_release(published)
    if current is None:
        return []
    pruned = _prune(published, keep=current.name, newest=1)
    if pruned.kept_in_use:
        raise ReleasesInUseError(published, pruned.kept_in_use)
    return pruned.removed


def _prune(published: Path, keep: str, newest: int = KEEP_RELEASES) -> Pruned:
    """Keep the ``newest`` releases and the one named ``keep``; drop staging folders of runs that
    died. A folder that cannot be removed stays, with a warning, for the next prune."""
    folders = sorted(p for p in (published / RELEASES).iterdir() if p.is_dir())
    staging = [p for p in folders if p.name.startswith(STAGING_PREFIX)]
    releases = [p for p in folders if p not in staging]
    pruned = Pruned()
    for folder in staging + releases[:-newest]:
        if folder.name == keep:
            continue
        error = _remove(folder)
        if error is None:
            pruned.removed.append(folder.name)
            continue
        # The folder's name and the error's kind only: the message's file path may name a user.
        _log.warning(
            f"Release folder {folder.name} kept: it could not be removed "
            f"({type(error).__name__}: {error.strerror or 'no reason given'}); a reader "
            "probably has a file of it open. The next publish tries again."
        )
        pruned.kept_in_use.append(folder.name)
    return pruned


def _remove(folder: Path) -> OSError | None:
    """Delete ``folder``; the error if it (or a file in it) cannot be deleted."""
    for _ in range(3):
        try:
            shutil.rmtree(folder)
            return None
        except FileNotFoundError as error:
            # Another publish is removing it too: done if it is gone, else try again.
            if not folder.exists():
                return None
            missing = error
        except OSError as error:
            return error
    return missing
