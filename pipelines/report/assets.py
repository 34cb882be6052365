"""The ``insight_report`` asset: after every publish, one self-contained HTML report of the
roll-ups and insight marts beside the published copy (docs/report.md).

It reads the published copy, not the warehouse: that copy is what BI may see (pseudonymised,
scanned for personal values), so the report cannot show more than BI can; it needs no lock on
the warehouse (DuckDB: one writer or many readers), and it waits for every mart through
``published_warehouse``, which depends on every asset writing schema ``marts`` — a mart added
later (``weekly_channel_usage``, ``campaign_performance``) is waited for without an edit here.
"""

import glob
import os
import time
from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetKey,
    Definitions,
    MaterializeResult,
    MetadataValue,
    asset,
)

from pipelines.publish.release import DUCKDB_FILE, current_release
from pipelines.report.render import build_report, key_plots_markdown
from pipelines.settings import load_settings

REPORT_FOLDER = "report"
REPORT_FILE = "klantbeeld-report.html"
PUBLISHED_WAREHOUSE = AssetKey("published_warehouse")
# Writing the report takes well under a second; a partial file older than this is a killed run's.
STALE_PARTIAL_SECONDS = 3600


def report_path(published_dir: Path) -> Path:
    return published_dir / REPORT_FOLDER / REPORT_FILE


def write_atomically(path: Path, text: str) -> None:
    """Readers see the old report or the new one, never half of one: written beside the target
    (one file system) under a name of this process, then renamed over it. A partial file that
    a killed run left is removed once it is older than any live write."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.partial"):
        if time.time() - stale.stat().st_mtime > STALE_PARTIAL_SECONDS:
            stale.unlink(missing_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@asset(
    name="insight_report",
    group_name="publish",
    deps=[PUBLISHED_WAREHOUSE],
    kinds={"html"},
    description="One self-contained HTML report (RFM grid, CLV, Pareto curve, value matrix, "
    "personas, channel usage, campaigns) from the published copy's aggregates, no personal "
    "data: `<warehouse folder>/published/report/klantbeeld-report.html`.",
)
def insight_report(context: AssetExecutionContext) -> MaterializeResult:
    published_dir = load_settings().published_dir
    release = current_release(published_dir)
    report = build_report(published_dir / DUCKDB_FILE, release.name if release else None)
    path = report_path(published_dir)
    write_atomically(path, report.html)
    for key, tables in report.missing.items():
        context.log.info(f"Report section {key!r} not built: {', '.join(tables)} not published.")
    return MaterializeResult(
        metadata={
            "report": MetadataValue.path(str(path)),
            "report_url": MetadataValue.url(path.as_uri()),
            "bytes": len(report.html.encode()),
            "as_of_date": str(report.as_of_date),
            "sections_rendered": MetadataValue.json(report.rendered),
            "sections_not_built": MetadataValue.json(report.missing),
            "key_plots": MetadataValue.md(key_plots_markdown(report)),
        }
    )


def build_report_definitions() -> Definitions:
    return Definitions(assets=[insight_report])
