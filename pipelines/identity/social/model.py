"""The Fellegi-Sunter model (Splink, on an in-memory DuckDB) that scores social profile × person
pairs on first name, surname and town.

Trained on the shop's own data, never on hand-set weights:
- u (how often two unrelated records agree) from random profile × person pairs, with term
  frequencies, so agreeing on "de Jong" or "Amsterdam" counts for less than on a rare surname or
  a village;
- m (how often the same person agrees) from the profiles that show an email linking them to a
  known person — labels the data brings along. Whether a profile shows its email has nothing to
  do with how its name is written, so these pairs are a fair sample of true matches;
- the prior (probability that a random pair matches) with Splink's direct estimate: the pairs
  agreeing on first name, surname and town, scaled by the share of labelled pairs that agree on
  all three (that rule's recall).

With fewer than ``MIN_LABELLED_PAIRS`` labels nothing is scored: a model trained on a handful of
pairs would assign confident probabilities it has not earned.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import polars as pl
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

from pipelines.identity.social.decisions import REVIEW_CANDIDATES
from pipelines.identity.social.inputs import COMPARED
from pipelines.settings import duckdb_config
from pipelines.warehouse_tables import query_frame

MIN_LABELLED_PAIRS = 20
# Names in real exports vary (nicknames, a partner's surname): never let one disagreement veto
# a pair outright, however clean the labels were.
MIN_M_PROBABILITY = 0.01
U_SAMPLE_PAIRS = 1e6
SEED = 0
# Pairs scored below this are not worth keeping, even for review.
KEEP_ABOVE_PROBABILITY = 0.01
# Of each profile's pairs only the best few are kept: the decisions read the best two (link, and
# the runner-up's margin) and show up to REVIEW_CANDIDATES for review. Pairs per profile grow
# with the shop (more persons share a first name and town), so keeping all of them made the
# scored table grow with the square of the shop.
KEEP_PER_PROFILE = max(2, REVIEW_CANDIDATES)
# Splink's DuckDB runs in this process beside the identity graph's frames (~3 GB at a million
# customers). At the general limit (KLANTBEELD_DUCKDB_MEMORY_LIMIT, 4 GB) it filled it and took
# the step to 6.4 GB there; with less it spills its blocking joins to disk instead.
SPLINK_MEMORY_LIMIT = "2GB"
PROFILES, PERSONS = "profiles", "persons"
# Splink logs each training step at INFO; the asset reports the outcome in its metadata.
_QUIET = logging.WARNING
# The logger of Linker.training (splink/internals/linker_components/training.py).
_SPLINK_TRAINING_LOGGER = "splink.internals.linker_components.training"


@dataclass(frozen=True)
class ScoredPairs:
    """Candidate pairs (record_id, component, match_weight, match_probability and one
    agreement column per compared field) and the trained model as Splink JSON."""

    pairs: pl.DataFrame
    model: dict
    labelled_pairs: int
    strict_rule_recall: float


def _settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.ExactMatch(column).configure(term_frequency_adjustments=True) for column in COMPARED
        ],
        # Only pairs agreeing on two fields are scored: one agreeing field, even a rare surname,
        # stays below any sensible threshold, and scoring every same-first-name pair would grow
        # with the square of the shop.
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("first_name", "town"),
            block_on("surname", "town"),
        ],
        retain_intermediate_calculation_columns=True,
    )


def strict_rule_recall(profiles: pl.DataFrame, persons: pl.DataFrame, labels: pl.DataFrame):
    """Share of labelled pairs (record_id, component) that agree on every compared field."""
    labels = labels.with_columns(pl.col("component").cast(pl.String))
    joined = labels.join(profiles, left_on="record_id", right_on="unique_id").join(
        persons, left_on="component", right_on="unique_id", suffix="_person"
    )
    agree = pl.all_horizontal(pl.col(c) == pl.col(f"{c}_person") for c in COMPARED)
    return float(joined.select(agree.fill_null(False).mean()).item() or 0.0)


def _floored(model: dict) -> dict:
    for comparison in model["comparisons"]:
        levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
        m = [max(lvl.get("m_probability") or 0.0, MIN_M_PROBABILITY) for lvl in levels]
        for level, value in zip(levels, m, strict=True):
            level["m_probability"] = value / sum(m)
    return model


def score_pairs(
    profiles: pl.DataFrame, persons: pl.DataFrame, labels: pl.DataFrame
) -> ScoredPairs | None:
    """``profiles`` and ``persons``: unique_id + COMPARED (inputs.py). ``labels``: record_id,
    component of profiles linked to a person through an email. None when too few labels."""
    if labels.height < MIN_LABELLED_PAIRS or profiles.is_empty() or persons.is_empty():
        return None
    recall = strict_rule_recall(profiles, persons, labels)
    with _splink_connection() as connection:
        trainer = Linker(_registered(connection, profiles, persons), _settings(), log_level=_QUIET)
        with _without_default_max_pairs_notice():
            trainer.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
        pairwise = labels.select(
            source_dataset_l=pl.lit(PROFILES),
            unique_id_l="record_id",
            source_dataset_r=pl.lit(PERSONS),
            unique_id_r=pl.col("component").cast(pl.String),
        )
        trainer.table_management.register_table(pairwise.to_arrow(), "labels", overwrite=True)
        trainer.training.estimate_m_from_pairwise_labels("labels")
        if recall > 0:
            trainer.training.estimate_probability_two_random_records_match(
                [block_on(*COMPARED)], recall=recall
            )
        model = _floored(trainer.misc.save_model_to_json())
    with _splink_connection() as connection:
        scorer = Linker(_registered(connection, profiles, persons), model, log_level=_QUIET)
        predictions = scorer.inference.predict(threshold_match_probability=KEEP_ABOVE_PROBABILITY)
        scored = query_frame(connection, _best_per_profile(predictions.physical_name))
    return ScoredPairs(_oriented(scored), model, labels.height, recall)


class _DefaultMaxPairsNotice(logging.Filter):
    """Splink warns whenever max_pairs equals its default, 1e6, as if it was not chosen: ours is
    (U_SAMPLE_PAIRS; a profile table is small), so the warning on every run says nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("You are using the default value for `max_pairs`")


@contextlib.contextmanager
def _without_default_max_pairs_notice() -> Iterator[None]:
    training = logging.getLogger(_SPLINK_TRAINING_LOGGER)
    notice = _DefaultMaxPairsNotice()
    training.addFilter(notice)
    try:
        yield
    finally:
        training.removeFilter(notice)


def _splink_connection() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(config={**duckdb_config(), "memory_limit": SPLINK_MEMORY_LIMIT})


def _best_per_profile(predictions: str) -> str:
    """The KEEP_PER_PROFILE best pairs of each profile, in decisions.decide's order (match weight,
    then the smaller component), selected where Splink wrote them rather than in memory."""
    profile_left = f"source_dataset_l = '{PROFILES}'"
    return f"""
        select * from {predictions}
        qualify row_number() over (
            partition by case when {profile_left} then unique_id_l else unique_id_r end
            order by match_weight desc,
                cast(case when {profile_left} then unique_id_r else unique_id_l end as bigint)
        ) <= {KEEP_PER_PROFILE}
    """


def _registered(connection, profiles: pl.DataFrame, persons: pl.DataFrame) -> list:
    database = DuckDBAPI(connection)
    return [
        database.register(profiles.to_arrow(), dataset_display_name=PROFILES),
        database.register(persons.to_arrow(), dataset_display_name=PERSONS),
    ]


def _oriented(scored: pl.DataFrame) -> pl.DataFrame:
    """One row per pair with the profile as record_id and the person as component, whichever
    side Splink put them on; agreements as words."""
    profile_left = pl.col("source_dataset_l") == PROFILES
    agreement = {
        column: pl.when(pl.col(f"gamma_{column}") == -1)
        .then(pl.lit("unknown"))
        .when(pl.col(f"gamma_{column}") > 0)
        .then(pl.lit("agree"))
        .otherwise(pl.lit("disagree"))
        .alias(f"{column}_agreement")
        for column in COMPARED
    }
    return scored.select(
        pl.when(profile_left).then("unique_id_l").otherwise("unique_id_r").alias("record_id"),
        pl.when(profile_left)
        .then("unique_id_r")
        .otherwise("unique_id_l")
        .cast(pl.Int64)
        .alias("component"),
        "match_weight",
        "match_probability",
        *agreement.values(),
    )
