"""What every benchmark writes: the machine it ran on, and its own section of BENCHMARKS.md;
and the options of those that run the job on a demo shop of a chosen scale."""

import argparse
import os
import platform
from importlib.metadata import version
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

BENCHMARKS_FILE = PROJECT_ROOT / "BENCHMARKS.md"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory_gib = os.sysconf("SC_PHYS_PAGES") * PAGE_SIZE / 2**30
    libraries = ", ".join(
        f"{name} {version(name)}" for name in ("dagster", "dbt-core", "duckdb", "polars")
    )
    return (
        f"{os.cpu_count()} cores ({model}), {memory_gib:.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; {libraries}"
    )


def write_section(section: str, marker: str) -> None:
    header = (
        "# Benchmarks\n\nWritten by `make bench`: benchmarks/pipeline.py (the demo generator and "
        "the whole daily job, per stage), benchmarks/analytics_accuracy.py (the analytics against "
        "the demo's ground truth), benchmarks/clv.py (CLV fit and scoring at 1M customers, "
        "ours vs lifetimes) and benchmarks/incremental.py (a daily incremental run against a "
        "full rebuild).\n\n"
    )
    text = BENCHMARKS_FILE.read_text() if BENCHMARKS_FILE.exists() else header
    start, end = f"<!-- bench:{marker} -->", f"<!-- /bench:{marker} -->"
    if start in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end + "\n", 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS_FILE.write_text(text)


def scale_options(doc: str, customers: int, days: int, repeat: str) -> argparse.Namespace:
    """``--customers``, ``--days`` and ``--repeat`` (what one repeat is: ``repeat``), with the
    first line of the benchmark's docstring ``doc`` as its description."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--customers", type=int, default=customers)
    parser.add_argument("--days", type=int, default=days)
    parser.add_argument("--repeat", type=int, default=1, help=f"{repeat}; the median is reported")
    return parser.parse_args()
