"""Which scored profile × person pairs become links, and which go to review."""

import polars as pl
import pytest

from pipelines.identity.social.decisions import MatchRules, decide

RULES = MatchRules(threshold=0.5, review_threshold=0.2, margin_bits=1.0)


def _pairs(*rows):
    """Pairs agreeing on every field unless a row gives its agreements (first, surname, town)."""
    agreements = ("first_name_agreement", "surname_agreement", "town_agreement")
    return pl.DataFrame(
        [row if len(row) == 7 else (*row, "agree", "agree", "agree") for row in rows],
        schema={
            "record_id": pl.String,
            "component": pl.Int64,
            "match_weight": pl.Float64,
            "match_probability": pl.Float64,
            **dict.fromkeys(agreements, pl.String),
        },
        orient="row",
    )


def test_a_clear_best_pair_above_the_threshold_is_linked():
    decisions = decide(_pairs(("p1", 10, 8.0, 0.97), ("p1", 11, 2.0, 0.3)), RULES)
    assert decisions.links.select("record_id", "component").rows() == [("p1", 10)]
    assert decisions.links["runner_up_probability"].to_list() == [0.3]
    assert decisions.review.is_empty()


def test_two_equally_likely_persons_go_to_review_not_to_either():
    decisions = decide(_pairs(("p1", 10, 5.0, 0.8), ("p1", 11, 4.5, 0.75)), RULES)
    assert decisions.links.is_empty()
    assert decisions.review["component"].to_list() == [10, 11]
    assert set(decisions.review["review_reason"]) == {"too_close_to_call"}


def test_a_borderline_pair_goes_to_review_and_a_weak_one_nowhere():
    decisions = decide(_pairs(("p1", 10, -1.0, 0.35), ("p2", 12, -5.0, 0.05)), RULES)
    assert decisions.links.is_empty()
    assert decisions.review.select("record_id", "review_reason").rows() == [
        ("p1", "below_threshold")
    ]


def test_review_keeps_at_most_three_candidates_best_first():
    pairs = _pairs(*[("p1", c, 1.0 - c / 10, 0.4) for c in range(5)])
    review = decide(pairs, RULES).review
    assert review["candidate_rank"].to_list() == [1, 2, 3]
    assert review["component"].to_list() == [0, 1, 2]


@pytest.mark.parametrize(
    "rules",
    [
        {"threshold": 0.5, "review_threshold": 0.6},
        {"threshold": 1.0},
        {"review_threshold": 0.0},
        {"margin_bits": -1.0},
    ],
)
def test_inconsistent_rules_are_refused(rules):
    with pytest.raises(ValueError, match=r"social matching|margin_bits"):
        MatchRules(**rules)


def test_a_missing_town_does_not_beat_a_namesakes_conflicting_one():
    """Sanne Bakker of Zwolle: the shop knows a Sanne Bakker without a town and one in Breda.
    The profile is no more the first one's than a stranger's."""
    decisions = decide(
        _pairs(
            ("p1", 10, 3.3, 0.91, "agree", "agree", "unknown"),
            ("p1", 11, -3.4, 0.09, "agree", "agree", "disagree"),
        ),
        RULES,
    )
    assert decisions.links.is_empty()
    assert decisions.review.select("record_id", "review_reason").unique().rows() == [
        ("p1", "too_close_to_call")
    ]


def test_a_missing_town_with_no_namesake_elsewhere_still_links():
    decisions = decide(
        _pairs(
            ("p1", 10, 3.3, 0.91, "agree", "agree", "unknown"),
            ("p1", 11, -3.4, 0.09, "agree", "disagree", "agree"),
        ),
        RULES,
    )
    assert decisions.links["component"].to_list() == [10]
