"""`make bench`: a daily incremental run against a full rebuild, as a ratio measured in one run.

The incremental run ingests one new day on top of a year of history; the full rebuild builds the
warehouse from scratch out of the same landed files.

The demo is generated once with daily deliveries: the year's backlog in one delivery, then one
delivery per day for the last ``DAILY_DELIVERIES`` days. So many, not one, because incremental
staging re-merges, on every run, the deliveries from ``incremental_lookback_days`` (3) days
before the newest one it holds: the new day's run re-merges the four days before it. After a
year of daily runs that window holds daily deliveries, never the backlog; a backlog dated inside
it would put the whole year into the merge (with four daily deliveries it did: the backlog was
dated the first day of the window). Each pair:

- full rebuild: a fresh warehouse, one run over every delivery date;
- incremental day: a fresh warehouse loaded with everything but the newest day (one run, timed
  on its own as "history load", not part of the ratio), then the run over the newest day alone.

Pairs alternate which half goes first, so drifting machine load falls on both. Every run has its
own throwaway Dagster instance and the same as-of date (the demo's end date), and is measured as
benchmarks/pipeline.py measures the whole job (stages, peak memory of the process tree). The
ratio is the median of the pairs' incremental / full job totals; the target is ≤ 0.2.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
from pathlib import Path

import yaml

from benchmarks.pipeline import END_DATE, MemorySampler, time_job
from benchmarks.report import machine, scale_options, write_section
from pipelines.ingest.partitions import landed_dates
from pipelines.settings import DBT_PROJECT_DIR, PROJECT_ROOT

TARGET_RATIO = 0.2
LOOKBACK_DAYS = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"][
    "incremental_lookback_days"
]
# The window the new day's run re-merges (the newest day held and the lookback's days before it),
# plus the new day: the backlog lands the day before all of them.
DAILY_DELIVERIES = LOOKBACK_DAYS + 2
TOTAL = "pipeline total (job)"
OUTSIDE_STEPS = "outside steps (definitions, run start/end)"

Stages = dict[str, tuple[float, int]]


def _timed_run(warehouse_dir: Path, first: dt.date, last: dt.date, fresh: bool) -> Stages:
    if fresh:
        shutil.rmtree(warehouse_dir, ignore_errors=True)
    os.environ["KLANTBEELD_WAREHOUSE"] = str(warehouse_dir / "k.duckdb")
    with MemorySampler() as sampler:
        stages = time_job(first, last, sampler)
    if not stages.pop("_succeeded")[0]:
        raise SystemExit(f"the job over {first} … {last} failed; stages: {stages}")
    in_steps = sum(seconds for stage, (seconds, _) in stages.items() if stage != TOTAL)
    stages[OUTSIDE_STEPS] = (stages[TOTAL][0] - in_steps, 0)
    return stages


def run_pair(workdir: Path, days: list[dt.date], incremental_first: bool) -> dict[str, Stages]:
    """One full rebuild and one incremental day (after its untimed-in-the-ratio history load),
    each on a fresh warehouse of its own."""
    first, before_last, new_day = days[0], days[-2], days[-1]

    def full() -> dict[str, Stages]:
        return {"full": _timed_run(workdir / "full", first, new_day, fresh=True)}

    def incremental() -> dict[str, Stages]:
        loaded = _timed_run(workdir / "incremental", first, before_last, fresh=True)
        day = _timed_run(workdir / "incremental", new_day, new_day, fresh=False)
        return {"history": loaded, "incremental": day}

    halves = (incremental, full) if incremental_first else (full, incremental)
    return {name: stages for half in halves for name, stages in half().items()}


def _ratio(pair: dict[str, Stages]) -> float:
    return pair["incremental"][TOTAL][0] / pair["full"][TOTAL][0]


def _median(pairs: list[dict[str, Stages]], run: str, stage: str, item: int) -> float | None:
    values = [pair[run][stage][item] for pair in pairs if stage in pair[run]]
    return statistics.median(values) if values else None


def _cell(value: float | None, scale: float = 1.0, spec: str = ".1f") -> str:
    return "–" if value is None else format(value / scale, spec)


def _section(customers: int, days: int, repeat: int, rows: dict[str, int], pairs) -> str:
    marker = f"incremental:{customers}:{days}"
    if days == 365:  # what `make bench` runs
        command = f"make bench BENCH_INCREMENTAL_CUSTOMERS={customers}" + (
            f" BENCH_REPEAT={repeat}" if repeat > 1 else ""
        )
    else:
        command = f"python -m benchmarks.incremental --customers {customers} --days {days}"
    ratios = [_ratio(pair) for pair in pairs]
    ratio = statistics.median(ratios)
    verdict = "met" if ratio <= TARGET_RATIO else "not met"
    history_total = statistics.median(pair["history"][TOTAL][0] for pair in pairs)
    stages = list(pairs[0]["full"])
    stages += [s for s in pairs[0]["incremental"] if s not in stages]
    stages = [s for s in stages if s not in (TOTAL, OUTSIDE_STEPS)] + [OUTSIDE_STEPS, TOTAL]
    lines = [
        f"<!-- bench:{marker} -->",
        f"## Daily incremental run: {customers:,} customers, {days} days of history + 1 new day",
        "",
        f"The year arrives as one backlog delivery and {DAILY_DELIVERIES} daily ones; the "
        "incremental run ingests the newest day on a warehouse that holds the rest (why several "
        "daily deliveries: benchmarks/incremental.py).",
        "",
        f"- measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}",
        f"- command: `{command}`; {len(pairs)} pair(s) of runs, medians shown",
        f"- landed rows: {rows['history']:,} before the new day, {rows['new day']:,} in the "
        "new day's delivery",
        "- full rebuild: a fresh warehouse, one run over every delivery; incremental day: the run "
        "over the new day on a warehouse that holds the rest (its load took "
        f"{history_total:.1f} s, not counted)",
        f"- **incremental / full = {ratio:.2f}** (median of the pairs' job totals); target ≤ "
        f"{TARGET_RATIO}: **{verdict}**",
        "",
        "| stage | full rebuild (s) | incremental day (s) | incremental / full "
        "| peak MiB full | peak MiB incremental |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for stage in stages:
        full, incremental = (_median(pairs, run, stage, 0) for run in ("full", "incremental"))
        peaks = (_median(pairs, run, stage, 1) for run in ("full", "incremental"))
        share = None if not full or incremental is None else incremental / full
        peak_cells = (
            ("", "") if stage == OUTSIDE_STEPS else (_cell(p, 2**20, ",.0f") for p in peaks)
        )
        lines.append(
            f"| {stage} | {_cell(full)} | {_cell(incremental)} | {_cell(share, spec='.2f')} | "
            + " | ".join(peak_cells)
            + " |"
        )
    if len(pairs) > 1:
        each = ", ".join(
            f"{p['full'][TOTAL][0]:.1f} / {p['incremental'][TOTAL][0]:.1f} = {r:.2f}"
            for p, r in zip(pairs, ratios, strict=True)
        )
        lines += ["", f"Each pair, full / incremental (s) = ratio: {each}."]
    lines.append(f"<!-- /bench:{marker} -->")
    return "\n".join(lines) + "\n"


def generate(workdir: Path, customers: int, days: int) -> tuple[list[dt.date], dict]:
    """The demo with daily deliveries, generated afresh into ``workdir``: the delivery dates
    and the rows landed before the newest day and in it."""
    from pipelines.demo.generate import generate_demo

    shutil.rmtree(workdir, ignore_errors=True)
    landing = workdir / "landing"
    os.environ["KLANTBEELD_LANDING_DIR"] = str(landing)
    summary = generate_demo(
        landing,
        workdir / "truth",
        customers=customers,
        days=days,
        end_date=END_DATE,
        daily_deliveries=DAILY_DELIVERIES,
    )
    dates = landed_dates(landing)
    window_start = dates[-2] - dt.timedelta(days=LOOKBACK_DAYS)
    if dates[0] >= window_start:
        raise SystemExit(f"the backlog ({dates[0]}) is inside the merged window ({window_start} …)")
    landed = {d.date: d.rows for d in summary.deliveries}
    new_day = landed.pop(dates[-1])
    return dates, {"history": sum(landed.values()), "new day": new_day}


def main() -> None:
    args = scale_options(__doc__, customers=100_000, days=365, repeat="pairs of runs")
    workdir = PROJECT_ROOT / "bench" / f"incremental-{args.customers}"
    print(f"generating {args.customers:,} customers, {args.days} days...", flush=True)
    dates, rows = generate(workdir, args.customers, args.days)
    pairs = []
    for attempt in range(args.repeat):
        print(f"pair {attempt + 1}/{args.repeat}...", flush=True)
        pairs.append(run_pair(workdir, dates, incremental_first=attempt % 2 == 1))
        print(f"  incremental / full = {_ratio(pairs[-1]):.3f}", flush=True)
    section = _section(args.customers, args.days, args.repeat, rows, pairs)
    write_section(section, f"incremental:{args.customers}:{args.days}")
    print(section)


if __name__ == "__main__":
    main()
