"""Ingestion alone: the job's ingest assets (and their checks) over every landed delivery, with
wall time and peak memory, on the landing folder and warehouse the environment names.

For issue 8's "ingestion's peak at 1M within 2× its peak at 100k" without running the whole job
(`make bench-scale`) twice: generate each scale once (`klantbeeld demo`), then run this once per
scale in a fresh process, the same code for both, and compare the peaks. The warehouse file is
removed first, so each run is a first full ingestion as in `make bench-scale`; give it a folder
of its own. Prints one JSON line: ``{"label": …, "peak_step": …, "ingest_seconds": …,
"ingest_peak_mib": …, "total_seconds": …, "total_peak_mib": …, "memory_limit": …,
"succeeded": …}`` (``peak_step``: the asset or check step during which the peak was reached).
With ``--staging``, the next step instead: the dbt staging models (and their checks) on the
warehouse as ingested, kept as it is (``staging_seconds``, ``staging_peak_mib``).

    KLANTBEELD_LANDING_DIR=/data/1m/landing KLANTBEELD_WAREHOUSE=/data/1m/warehouse/k.duckdb \\
        python -m benchmarks.ingest --label 1m [--staging]
"""

from __future__ import annotations

import argparse
import json
import time

from benchmarks.pipeline import MemorySampler, _stages, _step_spans
from pipelines.settings import load_settings

INGEST = "ingest (streamed)"
STAGING = "dbt staging"


def measure(staging: bool = False) -> dict[str, object]:
    from dagster import AssetKey, DagsterInstance

    from pipelines.daily_runs import execute_daily_job
    from pipelines.definitions import build_definitions
    from pipelines.ingest.partitions import landed_dates
    from pipelines.ingest.schemas import TABLES
    from pipelines.transform.assets import dbt_staging

    settings = load_settings()
    if staging:
        selection, stage, name = list(dbt_staging.keys), STAGING, "staging"
    else:
        selection = [AssetKey(table.asset_name) for table in TABLES]
        stage, name = INGEST, "ingest"
        for leftover in (
            settings.warehouse_path,
            settings.warehouse_path.with_suffix(".duckdb.wal"),
        ):
            leftover.unlink(missing_ok=True)
    days = landed_dates(settings.landing_dir)
    instance = DagsterInstance.ephemeral()
    with MemorySampler() as sampler:
        started = time.time()
        job = build_definitions().resolve_job_def("klantbeeld_daily")
        result = execute_daily_job(
            job,
            instance,
            days[0],
            days[-1],
            asset_selection=selection,
            raise_on_error=False,
        )
        finished = time.time()
    spans = _step_spans(instance.all_logs(result.run_id))
    stages = _stages(spans, sampler)
    seconds, peak = stages.get(stage, (0.0, 0))
    # Which step (asset or check) needed the most: where to look when the peak grows.
    steps = {step: sampler.peak(start, end) for step, (start, end) in spans.items()}
    top = max(steps, key=steps.get, default="")
    return {
        "peak_step": top,
        f"{name}_seconds": round(seconds, 1),
        f"{name}_peak_mib": round(peak / 2**20),
        "total_seconds": round(finished - started, 1),
        "total_peak_mib": round(sampler.peak(started, finished) / 2**20),
        "memory_limit": settings.ingest_memory_limit,
        "succeeded": result.success,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="", help="a name for the scale, echoed in the output")
    parser.add_argument(
        "--staging",
        action="store_true",
        help="build the dbt staging models on the warehouse as ingested, instead of ingesting",
    )
    args = parser.parse_args()
    print(json.dumps({"label": args.label, **measure(args.staging)}), flush=True)


if __name__ == "__main__":
    main()
