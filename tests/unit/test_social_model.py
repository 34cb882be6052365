"""The Splink model behind social matching, on a small synthetic population whose truth is known."""

import numpy as np
import polars as pl

from pipelines.identity.social.model import MIN_LABELLED_PAIRS, score_pairs

FIRST = [f"first{i}" for i in range(60)]
LAST = [f"last{i}" for i in range(80)]
TOWNS = [f"town{i}" for i in range(40)]


def _population(seed: int = 3, people: int = 400, owned: int = 160, labelled: int = 60):
    rng = np.random.default_rng(seed)
    persons = pl.DataFrame(
        {
            "unique_id": [str(i) for i in range(people)],
            "first_name": rng.choice(FIRST, people),
            "surname": rng.choice(LAST, people),
            "town": rng.choice(TOWNS, people),
        }
    )
    owners = rng.choice(people, owned, replace=False)
    shown = persons[owners.tolist()]
    # Half the owned profiles hide their surname, a third their town.
    hide_surname = rng.random(owned) < 0.5
    hide_town = rng.random(owned) < 0.33
    profiles = pl.DataFrame(
        {
            "unique_id": [f"p{i}" for i in range(owned)],
            "first_name": shown["first_name"],
            "surname": shown["surname"].scatter(np.flatnonzero(hide_surname), None),
            "town": shown["town"].scatter(np.flatnonzero(hide_town), None),
        }
    )
    strangers = pl.DataFrame(
        {
            "unique_id": [f"s{i}" for i in range(80)],
            "first_name": rng.choice(FIRST, 80),
            "surname": rng.choice(LAST, 80),
            "town": rng.choice(TOWNS, 80),
        }
    )
    labels = pl.DataFrame(
        {"record_id": [f"p{i}" for i in range(labelled)], "component": owners[:labelled]}
    )
    truth = dict(zip(profiles["unique_id"], owners.astype(np.int64).tolist(), strict=True))
    return pl.concat([profiles, strangers]), persons, labels, truth


def _best(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.sort("match_weight", descending=True).unique("record_id", keep="first")


def test_full_agreement_is_near_certain_and_points_at_the_owner():
    profiles, persons, labels, truth = _population()
    scored = score_pairs(profiles, persons, labels)
    assert scored is not None
    full = profiles.drop_nulls().filter(pl.col("unique_id").str.starts_with("p"))
    best = _best(scored.pairs).join(full.select(record_id="unique_id"), on="record_id")
    assert best.height > 30
    assert (best["component"] == best["record_id"].replace_strict(truth)).mean() > 0.95
    assert best["match_probability"].median() > 0.95
    assert set(best["first_name_agreement"]) == {"agree"}


def test_a_first_name_alone_is_not_enough():
    profiles, persons, labels, _ = _population()
    scored = score_pairs(profiles, persons, labels)
    first_name = next(
        c for c in scored.model["comparisons"] if c["output_column_name"] == "first_name"
    )
    agree = next(
        lvl for lvl in first_name["comparison_levels"] if lvl.get("m_probability", 0) > 0.5
    )
    prior = scored.model["probability_two_random_records_match"]
    odds = prior / (1 - prior) * agree["m_probability"] / agree["u_probability"]
    assert odds / (1 + odds) < 0.5
    # and the pairs scored all agree on at least two fields
    agreeing = pl.sum_horizontal(
        pl.col(f"{c}_agreement") == "agree" for c in ("first_name", "surname", "town")
    )
    assert scored.pairs.select(agreeing.min()).item() >= 2


def test_the_prior_comes_from_the_labelled_pairs():
    profiles, persons, labels, _ = _population()
    scored = score_pairs(profiles, persons, labels)
    # Labelled owners show every field with probability 0.5 × 0.67: that is the strict rule's
    # recall, and the prior follows from it and the number of pairs agreeing on all three.
    assert 0.2 < scored.strict_rule_recall < 0.5
    expected_matches = scored.model["probability_two_random_records_match"] * (
        profiles.height * persons.height
    )
    assert 100 < expected_matches < 250  # 160 owned profiles


def test_too_few_labels_train_nothing():
    profiles, persons, labels, _ = _population()
    assert score_pairs(profiles, persons, labels.head(MIN_LABELLED_PAIRS - 1)) is None
