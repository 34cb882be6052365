"""The report in headless Chromium (Debian's ``chromium``): the screenshot in README.md and
docs/report.md (``make screenshot``), and the browser tests (tests/chromium.py).

``python -m pipelines.report.screenshot PNG`` after ``make run``: builds the weekly mart for the
demo's last weeks (the weekly job, as its schedule would have), publishes and redraws the report
(only those two assets of the daily job), then photographs the report. Without the weekly runs
the "Channel usage" section of a fresh demo says "Not built"."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from matplotlib.image import imread

# Without a display or GPU, as root in CI (the sandbox needs user namespaces CI lacks).
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio")
# Wide enough for the report's fixed-width charts; tall enough for every section (cropped below).
DOCS_WINDOW = (1280, 8000)
WEEKS_SHOWN = 13
# The docs image as a 128-colour palette: ~200 KB instead of ~700 KB, no visible banding.
DOCS_COLOURS = 128


def chromium() -> str | None:
    return shutil.which("chromium")


def run_chromium(profile: Path, *arguments: str) -> str:
    """Chromium's stdout; ``profile`` is a throw-away user data folder."""
    binary = chromium()
    if binary is None:
        raise FileNotFoundError("Debian's `chromium` is not installed: apt-get install chromium")
    completed = subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return completed.stdout


def screenshot(page: Path, png: Path, profile: Path, window: tuple[int, int]) -> np.ndarray:
    """The first ``window`` pixels of the page, written to ``png``; returned as RGB(A) floats."""
    width, height = window
    run_chromium(profile, f"--screenshot={png}", f"--window-size={width},{height}", page.as_uri())
    return imread(png)


def crop_trailing_background(pixels: np.ndarray, margin: int = 24) -> np.ndarray:
    """Drop the rows below the page's content (the colour of the bottom-left pixel), keeping
    ``margin`` of them: the window is taller than any report."""
    background = pixels[-1, 0]
    differs = np.any(np.abs(pixels - background) > 1 / 255, axis=(1, 2))
    content_rows = np.flatnonzero(differs)
    last = int(content_rows[-1]) + 1 if content_rows.size else pixels.shape[0]
    return pixels[: min(last + margin, pixels.shape[0])]


def last_weeks(newest_delivery: dt.date, count: int) -> list[str]:
    """The Mondays of the last ``count`` whole ISO weeks that end on or before the delivery."""
    sunday = newest_delivery - dt.timedelta(days=(newest_delivery.weekday() + 1) % 7)
    newest_monday = sunday - dt.timedelta(days=6)
    return [(newest_monday - dt.timedelta(weeks=n)).isoformat() for n in reversed(range(count))]


def _build_weekly_and_republish(weeks: int) -> None:
    from dagster import AssetKey, DagsterInstance

    from pipelines.daily_runs import execute_daily_job
    from pipelines.definitions import build_definitions
    from pipelines.ingest.partitions import landed_dates
    from pipelines.settings import load_settings

    newest = landed_dates(load_settings().landing_dir)[-1]
    definitions = build_definitions()
    instance = DagsterInstance.get()
    weekly = definitions.resolve_job_def("klantbeeld_weekly")
    for week in last_weeks(newest, weeks):
        if not weekly.execute_in_process(partition_key=week, instance=instance).success:
            raise RuntimeError(f"the weekly job failed for the week of {week}")
    republished = execute_daily_job(
        definitions.resolve_job_def("klantbeeld_daily"),
        instance,
        newest,
        newest,
        asset_selection=[AssetKey("published_warehouse"), AssetKey("insight_report")],
    )
    if not republished.success:
        raise RuntimeError("publishing the copy with the weekly mart failed")


def main() -> None:
    from pipelines.report.assets import report_path
    from pipelines.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png", type=Path, help="Where to write the screenshot.")
    parser.add_argument("--weeks", type=int, default=WEEKS_SHOWN, help="Weekly runs before it.")
    arguments = parser.parse_args()
    if arguments.weeks:
        _build_weekly_and_republish(arguments.weeks)
    page = report_path(load_settings().published_dir)
    with tempfile.TemporaryDirectory(prefix="klantbeeld-screenshot-") as folder:
        raw = Path(folder) / "report.png"
        pixels = screenshot(page, raw, Path(folder) / "profile", DOCS_WINDOW)
    cropped = crop_trailing_background(pixels)[..., :3]
    _save_with_palette(cropped, arguments.png)
    print(f"{arguments.png}: {cropped.shape[1]} x {cropped.shape[0]} pixels of {page}")


def _save_with_palette(pixels: np.ndarray, png: Path) -> None:
    from PIL import Image

    rgb = Image.fromarray(np.round(pixels * 255).astype(np.uint8), mode="RGB")
    rgb.quantize(DOCS_COLOURS).save(png, optimize=True)


if __name__ == "__main__":
    main()
