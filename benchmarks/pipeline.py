"""`make bench`: generate a demo shop at a chosen scale, run the whole job, and record wall time
and peak memory per stage in BENCHMARKS.md with the machine and the command.

Everything runs in this one process, as `make run` does (in-process executor), with dbt as its
child process. A sampler thread reads the resident memory of the process tree every 50 ms; each
stage's peak is the highest sample between its first step's start and its last step's end. The
Python process keeps memory it once used, so a stage's peak can include what an earlier stage
left behind: read it as "the machine needed this much during the stage".
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.analytics_accuracy import accuracy_section
from benchmarks.report import PAGE_SIZE, machine, scale_options, write_section
from pipelines.analysis_date import AS_OF_TAG
from pipelines.daily_runs import execute_daily_job
from pipelines.settings import PROJECT_ROOT

END_DATE = dt.date(2026, 10, 31)


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of ``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children[int(fields[1])].append(pid)
        rss[pid] = int(fields[21]) * PAGE_SIZE
    total, frontier = 0, [root]
    while frontier:
        pid = frontier.pop()
        total += rss.get(pid, 0)
        frontier.extend(children.get(pid, []))
    return total


@dataclass
class MemorySampler:
    interval: float = 0.05
    samples: list[tuple[float, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> MemorySampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.is_set():
            self.samples.append((time.time(), _tree_rss_bytes(pid)))
            self._stop.wait(self.interval)

    def peak(self, start: float, end: float) -> int:
        inside = [rss for t, rss in self.samples if start <= t <= end]
        return max(inside, default=0)


STEP_STAGES = {
    "dbt_staging": "dbt staging",
    "identity_records": "identity graph",
    "dbt_warehouse": "dbt intermediate + customer_360",
    "dbt_segments": "dbt customer_rfm",
    "customer_clv": "CLV fit, scoring and backtest",
    "customer_churn_signals": "churn signals",
    "personas": "personas (clustering)",
    "dbt_rollups": "dbt roll-ups",
    "published_warehouse": "publish BI copy",
}


def _stage_of(step_key: str) -> str:
    if step_key.startswith("raw_"):
        return "ingest (streamed)"
    if step_key in STEP_STAGES:
        return STEP_STAGES[step_key]
    if "gx_" in step_key:
        return "Great Expectations checks"
    return "other checks"


def _step_spans(log_entries) -> dict[str, tuple[float, float]]:
    """(start, end) in Unix seconds of every step, from the run's event log."""
    starts, ends = {}, {}
    for entry in log_entries:
        event = entry.dagster_event
        if event is None or entry.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[entry.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            ends[entry.step_key] = entry.timestamp
    return {step: (start, ends.get(step, start)) for step, start in starts.items()}


def _stages(spans: dict[str, tuple[float, float]], sampler: MemorySampler):
    """Per stage: summed step durations (checks run between steps, so stages interleave) and
    the peak memory over the stage's first start to last end."""
    grouped: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for step, span in spans.items():
        grouped[_stage_of(step)].append(span)
    ordered = sorted(grouped.items(), key=lambda kv: min(s for s, _ in kv[1]))
    return {
        stage: (
            sum(end - start for start, end in steps),
            sampler.peak(min(s for s, _ in steps), max(e for _, e in steps)),
        )
        for stage, steps in ordered
    }


def time_job(first: dt.date, last: dt.date, sampler: MemorySampler) -> dict[str, tuple[float, int]]:
    """Run the daily job over the deliveries of ``first`` … ``last`` in this process, with a
    throwaway Dagster instance, on the warehouse KLANTBEELD_WAREHOUSE names; its stages and its
    total (loading the definitions included). ``sampler`` must be running."""
    from dagster import DagsterInstance

    from pipelines.definitions import build_definitions

    started = time.time()
    instance = DagsterInstance.ephemeral()
    job = build_definitions().resolve_job_def("klantbeeld_daily")
    # As of the demo's last day, so every run measures the same analytics.
    result = execute_daily_job(
        job, instance, first, last, tags={AS_OF_TAG: END_DATE.isoformat()}, raise_on_error=False
    )
    finished = time.time()
    stages = _stages(_step_spans(instance.all_logs(result.run_id)), sampler)
    stages["pipeline total (job)"] = (finished - started, sampler.peak(started, finished))
    # A failed run's stages are still worth a look (which stage, how far), never a section.
    stages["_succeeded"] = (float(result.success), 0)
    return stages


def run_once(customers: int, days: int, workdir: Path) -> dict[str, tuple[float, int]]:
    from pipelines.demo.generate import generate_demo

    shutil.rmtree(workdir, ignore_errors=True)
    landing, truth, warehouse = workdir / "landing", workdir / "truth", workdir / "k.duckdb"
    os.environ["KLANTBEELD_LANDING_DIR"] = str(landing)
    os.environ["KLANTBEELD_WAREHOUSE"] = str(warehouse)
    stages: dict[str, tuple[float, int]] = {}
    with MemorySampler() as sampler:
        started = time.time()
        summary = generate_demo(landing, truth, customers=customers, days=days, end_date=END_DATE)
        stages["generate demo"] = (time.time() - started, sampler.peak(started, time.time()))
        delivered = summary.delivery_date
        stages.update(time_job(delivered, delivered, sampler))
    if not stages["_succeeded"][0]:
        raise SystemExit(f"the job failed at {customers:,} customers; stages so far: {stages}")
    stages["_rows"] = (float(sum(summary.rows.values())), 0)
    return stages


def _section(customers: int, days: int, runs: list[dict[str, tuple[float, int]]]) -> str:
    command = f"make bench BENCH_CUSTOMERS={customers}" + (
        f" BENCH_DAYS={days}" if days != 730 else ""
    )
    rows_written = int(runs[0]["_rows"][0])
    lines = [
        f"<!-- bench:{customers}:{days} -->",
        f"## {customers:,} customers, {days} days ({rows_written:,} landed rows)",
        "",
        f"- measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}",
        f"- command: `{command}`; {len(runs)} run(s), median shown"
        + (" (all runs: see below)" if len(runs) > 1 else ""),
        "",
        "| stage | wall time (s) | peak memory (MiB) |",
        "|---|---:|---:|",
    ]
    for stage in runs[0]:
        if stage.startswith("_"):
            continue
        seconds = statistics.median(run[stage][0] for run in runs)
        peak = statistics.median(run[stage][1] for run in runs)
        lines.append(f"| {stage} | {seconds:.1f} | {peak / 2**20:,.0f} |")
    if len(runs) > 1:
        totals = ", ".join(f"{run['pipeline total (job)'][0]:.1f}" for run in runs)
        lines += ["", f"Pipeline totals of each run (s): {totals}."]
    lines.append(f"<!-- /bench:{customers}:{days} -->")
    return "\n".join(lines) + "\n"


def main() -> None:
    args = scale_options(__doc__, customers=5000, days=730, repeat="runs")
    workdir = PROJECT_ROOT / "bench" / f"{args.customers}"
    runs = []
    for attempt in range(args.repeat):
        print(f"run {attempt + 1}/{args.repeat} at {args.customers:,} customers...", flush=True)
        runs.append(run_once(args.customers, args.days, workdir))
    section = _section(args.customers, args.days, runs)
    write_section(section, f"{args.customers}:{args.days}")
    print(section)
    accuracy = accuracy_section(
        workdir / "k.duckdb", workdir / "truth", args.customers, args.days, END_DATE
    )
    write_section(accuracy, f"accuracy:{args.customers}:{args.days}")
    print(accuracy)
    sys.exit(0)


if __name__ == "__main__":
    main()
