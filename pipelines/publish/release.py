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
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
STAGING_PREFIX = ".staging-"
DUCKDB_FILE = "klantbeeld.duckdb"
PARQUET_FOLDER = "parquet"
KEEP_RELEASES = 3


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


def promote(published: Path, staging: Path, release: str) -> Path:
    """Make the complete release in ``staging`` the one BI readers see; returns its folder."""
    final = published / RELEASES / release
    staging.rename(final)
    # The stable paths first: until the first `current` exists they lead nowhere, and once it
    # does, a reader that finds `current` also finds them.
    _point(published / DUCKDB_FILE, Path(CURRENT) / DUCKDB_FILE)
    _point(published / PARQUET_FOLDER, Path(CURRENT) / PARQUET_FOLDER)
    _point(published / CURRENT, Path(RELEASES) / release)
    _prune(published, keep=final)
    return final


def _point(link: Path, target: Path) -> None:
    """``link`` → ``target`` (relative, so the folder can move), replaced atomically."""
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    temporary = link.with_name(f".{link.name}.new")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    os.replace(temporary, link)


def keep_only_current(published: Path) -> list[str]:
    """Remove every release but the one BI reads now (after an erasure: the older ones still
    hold the erased person). Returns the names removed."""
    current = current_release(published)
    return _prune(published, keep=current, newest=1) if current else []


def _prune(published: Path, keep: Path, newest: int = KEEP_RELEASES) -> list[str]:
    """Keep the ``newest`` releases; drop staging folders of runs that died."""
    folders = sorted(p for p in (published / RELEASES).iterdir() if p.is_dir())
    staging = [p for p in folders if p.name.startswith(STAGING_PREFIX)]
    releases = [p for p in folders if p not in staging]
    removed = []
    for folder in staging + releases[:-newest]:
        if folder != keep:
            shutil.rmtree(folder)
            removed.append(folder.name)
    return removed
