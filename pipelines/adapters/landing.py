"""Write a conversion into the landing folder (docs/sources.md layout), and say which landing
sources the config provides.

Re-running is idempotent: a file is rewritten only when its content changes (so ingestion does
not take it for a new delivery), and files an earlier conversion wrote but this one does not are
removed. The landing folder must be empty or hold an earlier conversion: the manifest
``.klantbeeld-exports.json`` lists what it wrote; the demo's folder is refused.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pipelines.adapters.conversion import Conversion
from pipelines.ingest.schemas import TABLES

MANIFEST = ".klantbeeld-exports.json"
DEMO_MARKER = ".klantbeeld-demo"


class LandingFolderError(ValueError):
    """A landing folder that holds data this conversion did not write."""


def conversion_manifest(landing_dir: Path) -> dict | None:
    """What the last conversion into this folder wrote (config, sources, files); None when the
    landing folder is not written from a config (the demo, or files landed by hand)."""
    try:
        return json.loads((landing_dir / MANIFEST).read_text())
    except FileNotFoundError:
        return None


def configured_sources(landing_dir: Path) -> set[str] | None:
    """The landing sources a config provides (e.g. only ``shop``); None without a conversion:
    every source is expected."""
    manifest = conversion_manifest(landing_dir)
    return None if manifest is None else set(manifest["sources"])


def _csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") or "" for c in columns] for row in rows)
    return out.getvalue()


def _check_folder(landing_dir: Path) -> list[str]:
    if (landing_dir / DEMO_MARKER).exists():
        raise LandingFolderError(
            f"{landing_dir} holds the demo shop; point KLANTBEELD_LANDING_DIR at an empty "
            "folder for your own exports"
        )
    if (landing_dir / MANIFEST).exists():
        return json.loads((landing_dir / MANIFEST).read_text())["files"]
    if landing_dir.exists() and any(landing_dir.iterdir()):
        raise LandingFolderError(
            f"{landing_dir} holds files that no conversion wrote; point "
            "KLANTBEELD_LANDING_DIR at an empty folder for your own exports"
        )
    return []


def write_landing(conversion: Conversion, landing_dir: Path, sources: set[str]) -> list[str]:
    """Every table of every landing source the config provides (header only when the exports
    have none of its rows); returns the files written or left unchanged."""
    previous = _check_folder(landing_dir)
    day = conversion.delivered_on.isoformat()
    files = []
    for table in TABLES:
        if table.source not in sources:
            continue
        rows = sorted(conversion.rows(table.source, table.name).items(), key=lambda kv: kv[0])
        text = _csv(table.column_names, [row for _, row in rows])
        path = landing_dir / table.source / day / table.file_name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        files.append(path.relative_to(landing_dir).as_posix())
    for stale in set(previous) - set(files):
        (landing_dir / stale).unlink(missing_ok=True)
    manifest = {"config": str(conversion.config.path), "sources": sorted(sources), "files": files}
    (landing_dir / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    return files
