"""Social profiles that share no identifier with a known person, matched to one on their name and
town (features.py → model.py → decisions.py), applied to the identity graph's components.

A person here is a component holding a shop or email record. A profile in such a component is
already linked (it shows a matching email) and teaches the model; every other profile — alone,
or with profiles sharing an email nobody else has — is a candidate. A candidate component
joins the person its most probable linked profile points to. Candidates left unlinked stay
persons of their own only if they show an email; a profile with neither an identifier nor a
link identifies nobody the shop knows and leaves the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.identity.graph import RECORD_KEY
from pipelines.identity.social.decisions import Decisions, MatchRules, decide
from pipelines.identity.social.inputs import (
    COMPARED,
    gazetteer_of,
    person_features,
    profile_features,
)
from pipelines.identity.social.model import MIN_LABELLED_PAIRS, score_pairs

IDENTIFIER, PROBABILISTIC = "identifier", "probabilistic"
# Scored pairs when no model could be trained: same columns, so the decision tables keep their
# shape on a shop with too few labels.
EMPTY_PAIRS = {
    "record_id": pl.String,
    "component": pl.Int64,
    "match_weight": pl.Float64,
    "match_probability": pl.Float64,
    **{f"{column}_agreement": pl.String for column in COMPARED},
}


@dataclass(frozen=True)
class SocialMatch:
    graph: pl.DataFrame  # record_type, record_id, component, link_method, match_probability
    decisions: Decisions
    summary: dict


def match_social_profiles(
    shown: pl.DataFrame,
    graph: pl.DataFrame,
    profiles: pl.DataFrame,
    named: pl.DataFrame,
    rules: MatchRules,
) -> SocialMatch:
    """``shown``: every address each graph record shows (record_type, record_id,
    matching_email, weight: how many records show it there — an account stands for the orders
    placed from it); ``graph``: the records' components; ``profiles`` and ``named``:
    inputs.PROFILES_SQL and inputs.NAMED_RECORDS_SQL rows."""
    nodes = graph.join(shown, on=list(RECORD_KEY), how="left")
    anchored = nodes.filter(pl.col("record_type") != "social_profile").select("component").unique()
    is_anchored = pl.col("component").is_in(anchored["component"].implode())
    on_profiles = pl.col("record_type") == "social_profile"
    labels = nodes.filter(on_profiles & is_anchored).select("record_id", "component")
    candidates = nodes.filter(on_profiles & ~is_anchored).select("record_id", "component")

    gazetteer = gazetteer_of(named)
    persons = person_features(nodes.filter(is_anchored), named, gazetteer)
    scored = score_pairs(profile_features(profiles, gazetteer), persons, labels)
    pairs = scored.pairs if scored else pl.DataFrame(schema=EMPTY_PAIRS)
    decisions = decide(
        pairs.filter(pl.col("record_id").is_in(candidates["record_id"].implode())), rules
    )

    moves = (
        candidates.join(
            decisions.links.select("record_id", "match_probability", person="component"),
            on="record_id",
        )
        .sort(["component", "match_probability", "person"], descending=[False, True, False])
        .unique("component", keep="first", maintain_order=True)
        .select("component", "person", "match_probability")
    )
    shows_email = nodes.group_by("component").agg(
        pl.col("matching_email").is_not_null().any().alias("email")
    )
    linked = (
        graph.join(moves, on="component", how="left")
        .join(shows_email, on="component")
        .filter(is_anchored | pl.col("person").is_not_null() | pl.col("email"))
        .select(
            *RECORD_KEY,
            pl.coalesce("person", "component").alias("component"),
            pl.when(pl.col("person").is_not_null())
            .then(pl.lit(PROBABILISTIC))
            .otherwise(pl.lit(IDENTIFIER))
            .alias("link_method"),
            "match_probability",
        )
    )
    summary = {
        "labelled_profiles": labels.height,
        "candidate_profiles": candidates.height,
        "linked_profiles": decisions.links.height,
        "profiles_to_review": decisions.review["record_id"].n_unique(),
        "model_trained": scored is not None,
        "strict_rule_recall": scored.strict_rule_recall if scored else None,
        "probability_two_random_records_match": (
            scored.model["probability_two_random_records_match"] if scored else None
        ),
        "min_labelled_pairs": MIN_LABELLED_PAIRS,
    }
    return SocialMatch(linked, decisions, summary)
