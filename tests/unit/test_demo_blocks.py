"""A demo made a block of persons at a time: each block is made only after the one before it is
written, and ids, mailboxes, handles and the whole shop's tables hold across blocks as in one.

The one-block and blocked variants of the contract, truth, rates and daily-delivery tests check
everything else a demo promises.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from pipelines.demo import generate
from pipelines.demo.generate import DemoSummary, generate_demo
from pipelines.demo.oracle import expected_rows
from pipelines.demo.people import mailboxes
from pipelines.demo.social import POST_EVERY_DAYS
from pipelines.demo.writer import CsvParts
from pipelines.ingest.schemas import TABLES, table

CUSTOMERS, DAYS, SEED, BLOCK = 500, 90, 13, 120  # five blocks, the last a short one


def make(root: Path, **kwargs) -> DemoSummary:
    arguments = {"customers": CUSTOMERS, "days": DAYS, "seed": SEED, "block_persons": BLOCK}
    return generate_demo(root / "landing", root / "truth", **(arguments | kwargs))


def fingerprint(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def no_damage(rng, frame, t, spare=None, *, wanted=None):
    return frame, []


@pytest.fixture(scope="module")
def blocked(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return make(tmp_path_factory.mktemp("blocked"))


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """Blocked, with no row damaged, so every row can be counted."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipelines.demo.landing.damage", no_damage)
        return make(tmp_path_factory.mktemp("blocked_clean"))


def read(demo: DemoSummary, source: str, name: str) -> pl.DataFrame:
    return expected_rows(demo.landing_dir, demo.truth_dir, table(source, name))


def test_each_block_is_written_before_the_next_is_made(tmp_path: Path, monkeypatch) -> None:
    steps: list[tuple[str, int]] = []
    build_people, append = generate.build_people, CsvParts.append

    def spy_people(rng, n, period, taken=None):
        steps.append(("make", n))
        return build_people(rng, n, period, taken)

    def spy_append(self, path, frame):
        steps.append(("write", frame.height))
        append(self, path, frame)

    monkeypatch.setattr(generate, "build_people", spy_people)
    monkeypatch.setattr(CsvParts, "append", spy_append)
    make(tmp_path)
    made = [n for step, n in steps if step == "make"]
    assert made == [BLOCK] * 4 + [CUSTOMERS - 4 * BLOCK]
    starts = [i for i, (step, _) in enumerate(steps) if step == "make"]
    for start, following in zip(starts, [*starts[1:], len(steps)], strict=True):
        written = [n for step, n in steps[start + 1 : following] if step == "write"]
        # Its landed tables, then its truth, persons.csv's part among it: one row per person.
        assert len(written) >= len(TABLES)
        assert steps[start][1] in written


def test_blocked_output_is_deterministic(tmp_path: Path) -> None:
    make(tmp_path / "a")
    make(tmp_path / "b")
    first, second = fingerprint(tmp_path / "a"), fingerprint(tmp_path / "b")
    assert len(first) == len(TABLES) + 4
    assert first == second


def test_a_run_of_one_block_does_not_depend_on_the_block_size(tmp_path: Path) -> None:
    make(tmp_path / "exact", customers=BLOCK, block_persons=BLOCK)
    make(tmp_path / "roomy", customers=BLOCK, block_persons=10 * BLOCK)
    assert fingerprint(tmp_path / "exact") == fingerprint(tmp_path / "roomy")


def test_record_ids_are_unique_across_blocks(blocked: DemoSummary) -> None:
    repeated = pl.read_csv(blocked.truth_dir / "duplicates.csv", infer_schema=False).height
    for t in TABLES:
        rows = read(blocked, t.source, t.name)
        copies = repeated if (t.source, t.name) == ("email", "events") else 0
        assert rows.select(t.key).is_duplicated().sum() == 2 * copies, t.name
    assert read(blocked, "shop", "orders")["order_name"].is_unique().all()


def test_persons_run_through_the_blocks_with_unique_mailboxes(blocked: DemoSummary) -> None:
    persons = pl.read_csv(blocked.truth_dir / "persons.csv", infer_schema=False)
    assert persons["person_id"].to_list() == [f"P{k:06d}" for k in range(1, CUSTOMERS + 1)]
    assert persons.select(mailboxes(pl.col("email"))).to_series().is_unique().all()


def test_social_handles_are_unique_per_platform_across_blocks(clean: DemoSummary) -> None:
    profiles = read(clean, "social", "profiles")
    assert profiles.height == clean.rows["social/profiles"]
    assert not profiles.select("platform", "handle").is_duplicated().any()


def test_the_shop_has_one_test_account_and_one_set_of_brand_posts(blocked: DemoSummary) -> None:
    links = pl.read_csv(blocked.truth_dir / "record_links.csv", infer_schema=False)
    customers = links.filter(pl.col("table") == "customers")
    assert customers["person_id"].null_count() == 1  # the shop's own account, of nobody
    interactions = read(blocked, "social", "interactions")
    posts = (
        interactions.drop_nulls("post_id").group_by("platform").agg(pl.col("post_id").n_unique())
    )
    assert posts.height == 3
    assert posts["post_id"].max() <= int(DAYS / POST_EVERY_DAYS)


def test_campaign_recipients_add_up_over_the_blocks(clean: DemoSummary) -> None:
    campaigns = read(clean, "email", "campaigns")
    events = read(clean, "email", "events").unique("event_id")
    sends = events.filter(pl.col("event_type") == "send").group_by("campaign_id").len()
    joined = campaigns.join(sends, on="campaign_id", how="left").with_columns(
        pl.col("len").fill_null(0)
    )
    assert joined.height == campaigns["campaign_id"].n_unique() > 0
    assert (joined["recipients"].cast(pl.Int64) == joined["len"]).all()
    assert joined["len"].sum() > 0
