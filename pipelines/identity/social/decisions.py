"""From scored pairs to decisions: which profiles join which person, and which a person should
look at.

A profile is linked to its best-scoring person when that pair's match probability reaches the
threshold and the runner-up is clearly behind (at least ``margin_bits`` less match weight, i.e.
that many times less likely): two "Sil Janssen"s without a town are a coin toss, whatever each
pair's probability says. A profile whose best pair falls between the review threshold and the
threshold, or that is too close to call, goes to review with its top candidates. So does a
profile whose best person's town is unknown while a namesake's town contradicts the profile's.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

REVIEW_CANDIDATES = 3
# The agreement of each compared field (model.py): agree, disagree or unknown.
AGREEMENTS = ("first_name_agreement", "surname_agreement", "town_agreement")


@dataclass(frozen=True)
class MatchRules:
    threshold: float = 0.5
    review_threshold: float = 0.2
    margin_bits: float = 1.0

    def __post_init__(self) -> None:
        if not 0 < self.review_threshold <= self.threshold < 1:
            raise ValueError(
                "social matching needs 0 < review_threshold <= threshold < 1, got "
                f"review_threshold={self.review_threshold}, threshold={self.threshold}"
            )
        if self.margin_bits < 0:
            raise ValueError(f"margin_bits must be 0 or more, got {self.margin_bits}")


@dataclass(frozen=True)
class Decisions:
    links: pl.DataFrame  # the best pair of each linked profile, with runner_up_probability
    review: pl.DataFrame  # up to REVIEW_CANDIDATES pairs per undecided profile, with reason


def decide(pairs: pl.DataFrame, rules: MatchRules) -> Decisions:
    """``pairs``: record_id, component, match_weight, match_probability, … (model.py)."""
    ranked = pairs.sort(
        ["record_id", "match_weight", "component"], descending=[False, True, False]
    ).with_columns(candidate_rank=pl.int_range(1, pl.len() + 1).over("record_id"))
    runner_up = ranked.filter(pl.col("candidate_rank") == 2).select(
        "record_id",
        runner_up_weight="match_weight",
        runner_up_probability="match_probability",
        **{f"runner_up_{column}": column for column in AGREEMENTS},
    )
    best = ranked.filter(pl.col("candidate_rank") == 1).join(runner_up, on="record_id", how="left")
    clear = (pl.col("match_weight") - pl.col("runner_up_weight")).fill_null(float("inf")) >= (
        rules.margin_bits
    )
    # The best person's town is unknown, the runner-up has the same name and a town the
    # profile's contradicts: the name is shared, and nothing says the profile is the one whose
    # town is missing rather than a stranger (a missing town must not beat a conflicting one).
    namesake_elsewhere = (
        (pl.col("town_agreement") == "unknown")
        & (pl.col("runner_up_town_agreement") == "disagree")
        & (pl.col("runner_up_first_name_agreement") == pl.col("first_name_agreement"))
        & (pl.col("runner_up_surname_agreement") == pl.col("surname_agreement"))
    ).fill_null(False)
    clear = clear & ~namesake_elsewhere
    likely = pl.col("match_probability") >= rules.threshold
    links = best.filter(likely & clear).drop(
        "candidate_rank", "runner_up_weight", *(f"runner_up_{column}" for column in AGREEMENTS)
    )
    undecided = best.filter(
        (pl.col("match_probability") >= rules.review_threshold) & ~(likely & clear)
    ).select(
        "record_id",
        review_reason=pl.when(likely)
        .then(pl.lit("too_close_to_call"))
        .otherwise(pl.lit("below_threshold")),
    )
    review = ranked.join(undecided, on="record_id").filter(
        pl.col("candidate_rank") <= REVIEW_CANDIDATES
    )
    return Decisions(links=links, review=review)
