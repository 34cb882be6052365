"""What every benchmark writes: the machine it ran on, and its own section of BENCHMARKS.md."""

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
        "the demo's ground truth) and benchmarks/clv.py (CLV fit and scoring at 1M customers, "
        "ours vs lifetimes).\n\n"
    )
    text = BENCHMARKS_FILE.read_text() if BENCHMARKS_FILE.exists() else header
    start, end = f"<!-- bench:{marker} -->", f"<!-- /bench:{marker} -->"
    if start in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end + "\n", 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS_FILE.write_text(text)
