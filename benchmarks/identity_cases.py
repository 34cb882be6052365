"""`python -m benchmarks.identity_cases`: the whole job on the hand-written identity cases
(tests/data/identity_cases), scored against their truth, into BENCHMARKS.md: pairwise precision
and recall of shop and email records, precision and recall of social links, and per kind of case
the pairs wrongly joined and the pairs missed (issue 21).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import polars as pl

from benchmarks.pipeline import MemorySampler, time_job
from benchmarks.report import machine, write_section
from pipelines.demo.evaluation import (
    IDENTITY_SQL,
    SHOP_AND_EMAIL,
    identity_scores,
    read_warehouse,
    true_record_persons,
)
from pipelines.settings import PROJECT_ROOT

CASES_DIR = PROJECT_ROOT / "tests" / "data" / "identity_cases"
DELIVERY = dt.date(2026, 11, 1)
MARKER = "identity_cases"
# Issue 21's targets (precision, recall): an over-merge is worse than a miss.
TARGETS = {"shop_email": (0.99, 0.95), "social": (0.97, 0.85)}


def run_job(workdir: Path) -> Path:
    """The daily job on a copy of the cases' landing folder; the warehouse it wrote."""
    shutil.rmtree(workdir, ignore_errors=True)
    landing, warehouse = workdir / "landing", workdir / "k.duckdb"
    shutil.copytree(CASES_DIR / "landing", landing)
    os.environ["KLANTBEELD_LANDING_DIR"] = str(landing)
    os.environ["KLANTBEELD_WAREHOUSE"] = str(warehouse)
    with MemorySampler() as sampler:
        stages = time_job(DELIVERY, DELIVERY, sampler)
    if not stages["_succeeded"][0]:
        raise SystemExit(f"the job failed on the identity cases; stages so far: {stages}")
    return warehouse


def errors_by_kind(warehouse: Path) -> pl.DataFrame:
    """Per kind of case: shop/email record pairs joined that are two people (false), pairs of one
    person left apart (missed), social profiles linked to the wrong person or a stranger's
    linked (wrong), and owned profiles not linked to their owner (unlinked)."""
    truth = true_record_persons(CASES_DIR, unowned=True).join(
        pl.read_csv(CASES_DIR / "persons.csv", infer_schema=False), on="person_id", how="left"
    )
    # Every landed record, with its customer_id where identity_records has it (a profile neither
    # linked nor showing an email is not there).
    records = truth.join(
        read_warehouse(warehouse, IDENTITY_SQL), on=["record_type", "record_id"], how="left"
    )
    anchored = records.filter(pl.col("record_type").is_in(SHOP_AND_EMAIL)).drop_nulls("person_id")
    pairs = anchored.join(anchored, on="customer_id", suffix="_other").filter(
        pl.col("record_id") < pl.col("record_id_other")
    )
    false = pairs.filter(pl.col("person_id") != pl.col("person_id_other"))
    people = anchored.join(anchored, on="person_id", suffix="_other").filter(
        pl.col("record_id") < pl.col("record_id_other")
    )
    missed = people.filter(pl.col("customer_id") != pl.col("customer_id_other"))
    owner = (
        anchored.group_by("customer_id", "person_id")
        .len()
        .sort(["customer_id", "len", "person_id"], descending=[False, True, False])
        .unique("customer_id", keep="first")
        .select("customer_id", owner="person_id")
    )
    profiles = records.filter(pl.col("record_type") == "social_profile").join(
        owner, on="customer_id", how="left"
    )
    wrong = profiles.filter(
        pl.col("owner").is_not_null() & (pl.col("owner") != pl.col("person_id").fill_null(""))
    )
    unlinked = profiles.filter(
        pl.col("person_id").is_not_null() & (pl.col("owner") != pl.col("person_id")).fill_null(True)
    )
    # A stranger's profile has no kind of its own: the kind of the person it was linked to.
    counted = [
        false.group_by(kind=pl.col("kind")).agg(false_pairs=pl.len()),
        missed.group_by("kind").agg(missed_pairs=pl.len()),
        wrong.join(
            anchored.select("person_id", owner_kind="kind").unique(),
            left_on="owner",
            right_on="person_id",
        )
        .group_by(kind=pl.coalesce("kind", "owner_kind"))
        .agg(wrong_links=pl.len()),
        unlinked.group_by("kind").agg(unlinked_profiles=pl.len()),
    ]
    table = pl.DataFrame({"kind": pl.Series([], dtype=pl.String)})
    for frame in counted:
        table = table.join(frame, on="kind", how="full", coalesce=True)
    return table.fill_null(0).sort("kind")


def section(warehouse: Path) -> str:
    scores = identity_scores(warehouse, CASES_DIR)
    shop_email, social = scores["shop_email"], scores["social"]
    errors = errors_by_kind(warehouse)
    lines = [
        f"<!-- bench:{MARKER} -->",
        "## Identity on the hand-written Dutch and Belgian cases (tests/data/identity_cases)",
        "",
        f"- measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}",
        "- command: `make bench` (benchmarks/identity_cases.py): the whole job on the cases, "
        "identity_records against their record_links.csv",
        "",
        "| records | n | precision | recall | target |",
        "|---|---|---:|---:|---|",
        f"| shop and email records, pairwise | {shop_email['records']} records, "
        f"{shop_email['true_pairs']} true pairs | {shop_email['precision']:.3f} | "
        f"{shop_email['recall']:.3f} | ≥ {TARGETS['shop_email'][0]} / "
        f"≥ {TARGETS['shop_email'][1]} |",
        f"| social profiles linked to a person | {social['linked']} linked of "
        f"{social['linkable']} linkable | {social['precision']:.3f} | {social['recall']:.3f} | "
        f"≥ {TARGETS['social'][0]} / ≥ {TARGETS['social'][1]} |",
        "",
        "Errors per kind of case (README of the set): shop/email record pairs wrongly joined and "
        "missed, social profiles wrongly linked and owned profiles left unlinked.",
        "",
        "| kind | false pairs | missed pairs | wrong links | unlinked profiles |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {row['kind']} | {row['false_pairs']} | {row['missed_pairs']} | "
            f"{row['wrong_links']} | {row['unlinked_profiles']} |"
            for row in errors.iter_rows(named=True)
        ),
        f"<!-- /bench:{MARKER} -->",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    warehouse = run_job(PROJECT_ROOT / "bench" / MARKER)
    text = section(warehouse)
    write_section(text, MARKER)
    print(text)
    sys.exit(0)


if __name__ == "__main__":
    main()
