"""`make bench-scale`: one machine at a million customers (issue 8). Runs the demo generator and
the whole daily job at a baseline scale (100,000 customers) and at the target scale (1,000,000),
each in a fresh process of its own, and records per-stage wall time and peak memory for both in
BENCHMARKS.md with the targets and whether they are met.

Why both scales in one command: ingestion must stream, so its peak memory at 1M may be at most 2×
its peak at 100k, and that ratio only means something when both come from the same code. Why a
process per scale and the generator in a child process: the Python process keeps memory it once
used, so the generator's or the smaller run's memory would otherwise count against the stages
that follow. The machine may be shared: the load average at start and end is recorded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.pipeline import END_DATE, MemorySampler, time_job
from benchmarks.report import machine, write_section
from pipelines.settings import PROJECT_ROOT

TOTAL = "pipeline total (job)"
GENERATE = "generate demo (child process)"
INGEST = "ingest (streamed)"
TARGET_SECONDS = 45 * 60
TARGET_PEAK_BYTES = 8 * 2**30
TARGET_INGEST_RATIO = 2.0

Stages = dict[str, tuple[float, int]]


def _landed_rows(warehouse: Path) -> int:
    import duckdb

    from pipelines.settings import duckdb_config

    with duckdb.connect(str(warehouse), read_only=True, config=duckdb_config()) as connection:
        return connection.execute("select sum(landed) from ops.deliveries").fetchone()[0]


def _delivery_dates(landing: Path) -> set[dt.date]:
    from pipelines.ingest.load import delivery_date, delivery_files
    from pipelines.ingest.schemas import TABLES

    return {delivery_date(path) for table in TABLES for path in delivery_files(landing, table)}


@contextmanager
def _memory_trace(sampler: MemorySampler, path: Path, every: float = 10.0) -> Iterator[None]:
    """Append (time, highest resident memory since the last line) to ``path`` every ``every``
    seconds while the scale runs: a run cut short still tells how far it got and what it used."""
    stop = threading.Event()

    def trace() -> None:
        done = 0
        with path.open("a") as out:
            while not stop.wait(every):
                samples = sampler.samples[done:]
                done += len(samples)
                if samples:
                    out.write(f"{samples[-1][0]:.0f}\t{max(rss for _, rss in samples)}\n")
                    out.flush()

    thread = threading.Thread(target=trace, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def measure(customers: int, days: int, workdir: Path) -> Stages:
    """Generate (child process) and run the job (this process) at one scale."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    warehouse = workdir / "warehouse" / "k.duckdb"
    os.environ["KLANTBEELD_LANDING_DIR"] = str(workdir / "landing")
    os.environ["KLANTBEELD_GROUND_TRUTH_DIR"] = str(workdir / "truth")
    os.environ["KLANTBEELD_WAREHOUSE"] = str(warehouse)
    klantbeeld = str(Path(sys.executable).parent / "klantbeeld")
    generate = [klantbeeld, "demo", "--customers", str(customers)]
    generate += ["--days", str(days), "--end-date", END_DATE.isoformat()]
    stages: Stages = {}
    trace = workdir.parent / f"scale-{customers}.memory.tsv"
    trace.unlink(missing_ok=True)
    with MemorySampler() as sampler, _memory_trace(sampler, trace):
        started = time.time()
        subprocess.run(generate, check=True)
        stages[GENERATE] = (time.time() - started, sampler.peak(started, time.time()))
        days = _delivery_dates(workdir / "landing")
        stages.update(time_job(min(days), max(days), sampler))
    if stages["_succeeded"][0]:
        stages["_rows"] = (float(_landed_rows(warehouse)), 0)
    return stages


def _result_file(workdir: Path, customers: int) -> Path:
    return workdir / f"scale-{customers}.json"


def _ran(customers: int, days: int, workdir: Path) -> Stages | None:
    """``measure`` in a fresh Python process; its stages even if the job failed, None if the
    process ended without any."""
    result = _result_file(workdir, customers)
    result.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.scale", "--measure", str(customers)]
    command += ["--days", str(days), "--result", str(result)]
    subprocess.run(command, check=False)
    return _saved(result)


def _saved(result: Path) -> Stages | None:
    if not result.exists():
        return None
    saved = json.loads(result.read_text())
    return {stage: (seconds, int(peak)) for stage, (seconds, peak) in saved.items()}


def _succeeded(stages: Stages | None) -> bool:
    return stages is not None and bool(stages["_succeeded"][0])


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def _mib(peak: int) -> str:
    return f"{peak / 2**20:,.0f}"


def _targets(customers: int, baseline: int, target: Stages, base: Stages) -> list[str]:
    total_seconds, total_peak = target[TOTAL]
    ratio = target[INGEST][1] / base[INGEST][1]
    return [
        f"Targets at {customers:,} customers (the job, generation not included):",
        f"- whole pipeline under 45 minutes: {total_seconds / 60:.1f} min, "
        f"{_verdict(total_seconds < TARGET_SECONDS)}",
        f"- peak memory under 8 GiB: {total_peak / 2**30:.2f} GiB, "
        f"{_verdict(total_peak < TARGET_PEAK_BYTES)}",
        f"- ingestion's peak at most 2× its peak at {baseline:,}: {_mib(target[INGEST][1])} MiB "
        f"÷ {_mib(base[INGEST][1])} MiB = {ratio:.2f}×, {_verdict(ratio <= TARGET_INGEST_RATIO)}",
    ]


def _section(
    customers: int,
    baseline: int,
    days: int,
    runs: dict[int, Stages | None],
    load: tuple[float, float] | None,
) -> str:
    """The BENCHMARKS.md section; with the target scale missing or failed, the baseline alone
    and a line saying so (never targets judged on a run that did not finish)."""
    target, base = runs[customers], runs[baseline]
    finished = _succeeded(target)
    rows = f"{int(base['_rows'][0]):,} rows at {baseline:,}"
    if finished:
        rows = f"{int(target['_rows'][0]):,} landed rows; {rows}"
    # The job itself keeps both cores busy (a load of ~2 at the end); a load above ~1 at the
    # start is other work, which inflates the wall times.
    shared = (
        f"- load average (1 min) {load[0]:.1f} at start, {load[1]:.1f} at end"
        + (
            ": the machine was shared with other work, so wall times are inflated"
            if load[0] >= 1
            else ": the machine was otherwise idle at the start"
        )
        if load
        else "- load average not recorded (section written from saved results)"
    )
    lines = [
        f"<!-- bench:scale:{customers}:{days} -->",
        f"## One machine at {customers:,} customers, {days} days ({rows})",
        "",
        f"- measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}",
        f"- command: `make bench-scale` (`python -m benchmarks.scale --customers {customers} "
        f"--baseline {baseline}`); one run per scale, each in a fresh process, the generator in "
        "a child process; DuckDB memory limit "
        f"{os.environ.get('KLANTBEELD_DUCKDB_MEMORY_LIMIT', '4GB (default)')}",
        shared,
        "",
    ]
    scales = [baseline, customers] if finished else [baseline]
    lines.append("| stage | " + " | ".join(f"{n:,}: wall (s) | peak (MiB)" for n in scales) + " |")
    lines.append("|---|" + "---:|---:|" * len(scales))
    for stage in target if finished else base:
        if stage.startswith("_"):
            continue
        cells = [runs[n].get(stage, (0.0, 0)) for n in scales]
        lines.append(
            f"| {stage} | " + " | ".join(f"{sec:.1f} | {_mib(peak)}" for sec, peak in cells) + " |"
        )
    lines.append("")
    if finished:
        lines += _targets(customers, baseline, target, base)
    else:
        lines.append(
            f"The run at {customers:,} customers "
            + ("failed" if target else "left no result (cut short, or still running)")
            + ": targets not judged."
        )
    lines.append(f"<!-- /bench:scale:{customers}:{days} -->")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument(
        "--from-results",
        action="store_true",
        help="write the section from the results an earlier run saved under bench/scale/",
    )
    # Internal: measure one scale in this process and write its stages to --result.
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = PROJECT_ROOT / "bench" / "scale"
    if args.measure:
        stages = measure(args.measure, args.days, workdir / str(args.measure))
        args.result.write_text(json.dumps(stages))
        shutil.rmtree(workdir / str(args.measure), ignore_errors=True)
        return
    load_at_start = os.getloadavg()[0]
    runs: dict[int, Stages | None] = {}
    for customers in (args.baseline, args.customers):
        if args.from_results:
            runs[customers] = _saved(_result_file(workdir, customers))
            continue
        print(f"bench-scale: {customers:,} customers...", flush=True)
        runs[customers] = _ran(customers, args.days, workdir)
        print(f"bench-scale: {customers:,} customers: {runs[customers]}", flush=True)
    if not _succeeded(runs[args.baseline]):
        raise SystemExit(f"the run at {args.baseline:,} customers did not finish: no section")
    load = None if args.from_results else (load_at_start, os.getloadavg()[0])
    section = _section(args.customers, args.baseline, args.days, runs, load)
    write_section(section, f"scale:{args.customers}:{args.days}")
    print(section)
    if not _succeeded(runs[args.customers]):
        raise SystemExit(f"the run at {args.customers:,} customers did not finish")


if __name__ == "__main__":
    main()
