"""Persona clustering: well-separated groups are found, the result does not depend on row order,
and profiles and metadata carry no personal data."""

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import adjusted_rand_score

from pipelines.analytics.personas.catalogue import parse_catalogue
from pipelines.analytics.personas.clustering import assign_personas
from pipelines.analytics.personas.features import category_labels, persona_features

AS_OF = date(2026, 10, 31)
PER_GROUP = 40
# Five kinds of customer: (orders, channel, discount share, opens, social, category).
GROUPS = {
    "regular": (30, "web", 0.05, 0.3, 0, "Wonen"),
    "app_fan": (8, "app", 0.1, 0.0, 40, "Textiel"),
    "gift": (3, "store", 0.0, 0.0, 0, "Cadeaus"),
    "bargain": (10, "web", 0.8, 0.2, 0, "Keuken"),
    "reader": (0, "web", 0.0, 0.7, 0, "Wonen"),
}
CATALOGUE = parse_catalogue(
    {
        "clusters": 5,
        "fallback": "Other customers",
        "personas": [
            {"name": "Readers", "description": "", "rule": "is_buyer < 0.5"},
            {"name": "Regulars", "description": "", "rule": "purchases_per_year > 10"},
            {"name": "Bargain hunters", "description": "", "rule": "discount_share > 0.5"},
            {"name": "App fans", "description": "", "rule": "channel_preference = 'app'"},
        ],
    },
    Path("test.yml"),
)


def _synthetic(seed: int = 1) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
    """customer_360-like rows and category amounts for PER_GROUP noisy customers per group."""
    rng = np.random.default_rng(seed)
    rows, amounts, truth = [], [], []
    for group, (orders, channel, discount, opens, social, category) in GROUPS.items():
        for i in range(PER_GROUP):
            customer_id = f"{group}-{i:03d}"
            n = max(0, orders + int(rng.integers(-1, 2))) if orders else 0
            counts = dict.fromkeys(("web", "app", "store"), 0)
            counts[channel] = n
            rows.append(
                {
                    "customer_id": customer_id,
                    "order_count": n,
                    "first_order_at": datetime(2025, 1, 1) if n else None,
                    "last_order_at": datetime(2026, 10, 1) - timedelta(days=int(rng.integers(30)))
                    if n
                    else None,
                    "first_seen_at": datetime(2024, 11, 1),
                    "net_revenue": n * float(rng.normal(60, 5)),
                    "web_order_count": counts["web"],
                    "app_order_count": counts["app"],
                    "store_order_count": counts["store"],
                    "discounted_order_count": round(n * discount),
                    "emails_delivered": 50 if opens else 0,
                    "email_open_rate": float(np.clip(rng.normal(opens, 0.05), 0, 1))
                    if opens
                    else None,
                    "email_click_rate": opens / 3 if opens else None,
                    "follows_brand": bool(social),
                    "social_interaction_count": social + int(rng.integers(3)) if social else 0,
                    "email": f"{customer_id}@example.nl",
                }
            )
            if n:
                amounts.append((customer_id, category, n * 60.0))
                amounts.append((customer_id, "Verlichting", n * float(rng.uniform(0, 10))))
            truth.append(group)
    category_amounts = pl.DataFrame(
        amounts, schema=["customer_id", "category", "category_amount"], orient="row"
    )
    return pl.DataFrame(rows), category_amounts, truth


@pytest.fixture(scope="module")
def synthetic():
    customers, category_amounts, truth = _synthetic()
    features = persona_features(customers, category_amounts, AS_OF)
    result = assign_personas(
        features,
        CATALOGUE,
        clv=_clv(customers),
        category_labels=category_labels(category_amounts["category"]),
    )
    return customers, features, truth, result


def _clv(customers: pl.DataFrame) -> pl.DataFrame:
    """A stand-in CLV for buyers only, as a CLV model gives."""
    return pl.DataFrame(
        {"customer_id": customers["customer_id"], "clv": customers["order_count"] * 10.0}
    ).filter(pl.col("clv") > 0)


def test_well_separated_groups_are_recovered(synthetic):
    customers, _, truth, result = synthetic
    by_customer = dict(zip(customers["customer_id"], truth, strict=True))
    assigned = result.customer_personas
    true = [by_customer[c] for c in assigned["customer_id"]]
    assert adjusted_rand_score(true, assigned["cluster"].to_list()) > 0.95


def test_clusters_are_named_by_their_behaviour(synthetic):
    _, _, _, result = synthetic
    members = result.customer_personas.with_columns(
        group=pl.col("customer_id").str.extract(r"^(\w+)-")
    )
    named = dict(members.group_by("group").agg(pl.col("persona").mode().first()).iter_rows())
    assert named["reader"] == "Readers"
    assert named["regular"] == "Regulars"
    assert named["bargain"] == "Bargain hunters"
    assert named["app_fan"] == "App fans"
    assert named["gift"] == "Other customers 1"


def test_every_customer_gets_one_persona_and_clusters_one_name_each(synthetic):
    _, features, _, result = synthetic
    assigned = result.customer_personas
    assert assigned["customer_id"].to_list() == features["customer_id"].to_list()
    assert assigned.null_count().sum_horizontal().item() == 0
    pairs = assigned.select("cluster", "persona").unique()
    assert pairs["cluster"].n_unique() == pairs["persona"].n_unique() == pairs.height == 5


def test_shuffled_rows_give_identical_assignments_and_profiles(synthetic):
    customers, features, _, result = synthetic
    shuffled = assign_personas(
        features.sample(fraction=1.0, shuffle=True, seed=3),
        CATALOGUE,
        clv=_clv(customers).sample(fraction=1.0, shuffle=True, seed=4),
        category_labels=category_labels(_synthetic()[1]["category"]),
    )
    assert shuffled.customer_personas.equals(result.customer_personas)
    assert shuffled.persona_profiles.equals(result.persona_profiles)
    assert shuffled.metadata == result.metadata


def test_other_customer_ids_give_the_same_personas_to_the_same_customers(synthetic):
    """A warehouse built day by day mints some ids differently from one built in one run: the
    ids must not decide the clusters (they set the row order KMeans starts from)."""
    customers, features, _, _ = synthetic
    # Behaviour without clear groups (uniform noise): where KMeans starts then matters.
    noise = np.random.default_rng(8)
    blurred = features.with_columns(
        pl.col(c).map_batches(lambda s: pl.Series(noise.uniform(0, 1, len(s))))
        for c, kind in features.schema.items()
        if kind == pl.Float64
    )
    labels = category_labels(_synthetic()[1]["category"])
    result = assign_personas(blurred, CATALOGUE, clv=_clv(customers), category_labels=labels)
    renamed = {c: f"{i:05d}" for i, c in enumerate(reversed(features["customer_id"].to_list()))}
    other = assign_personas(
        blurred.with_columns(pl.col("customer_id").replace_strict(renamed)),
        CATALOGUE,
        clv=_clv(customers).with_columns(pl.col("customer_id").replace_strict(renamed)),
        category_labels=labels,
    )
    back = other.customer_personas.with_columns(
        pl.col("customer_id").replace_strict({v: k for k, v in renamed.items()})
    ).sort("customer_id")
    assert back.equals(result.customer_personas)
    assert other.persona_profiles.equals(result.persona_profiles)


def test_profiles_have_sizes_clv_channel_and_categories_but_no_personal_data(synthetic):
    customers, _, _, result = synthetic
    profiles = result.persona_profiles
    assert profiles["customers"].sum() == customers.height
    assert profiles["share_of_customers"].sum() == pytest.approx(1.0)
    readers = profiles.filter(persona="Readers").row(0, named=True)
    # Non-buyers have no CLV: they count as 0 in the average.
    assert readers["average_clv"] == 0.0
    assert readers["customers_with_clv"] == 0
    assert readers["channel_preference"] == "none"
    app_fans = profiles.filter(persona="App fans").row(0, named=True)
    assert app_fans["channel_preference"] == "app"
    # The shop's own category name, not the feature column's.
    assert app_fans["top_categories"].split(", ")[0] == "Textiel"
    assert app_fans["matched_rule"] == "channel_preference = 'app'"
    assert not {"customer_id", "email", "first_name", "last_name", "phone"} & set(profiles.columns)
    text = profiles.write_csv()
    assert "@example.nl" not in text
    assert "regular-000" not in text


def test_metadata_is_plain_json_without_customer_ids(synthetic):
    _, _, _, result = synthetic
    text = json.dumps(result.metadata)
    assert "-000" not in text
    assert "@" not in text
    assert sum(result.metadata["cluster_sizes"].values()) == PER_GROUP * len(GROUPS)
    assert 0.5 < result.metadata["silhouette"] <= 1.0
    assert result.metadata["clusters"] == 5


def test_fewer_distinct_customers_than_clusters_gives_fewer_clusters():
    customers, category_amounts, _ = _synthetic()
    few = customers.filter(pl.col("customer_id").is_in(["regular-000", "reader-000"]))
    result = assign_personas(persona_features(few, category_amounts, AS_OF), CATALOGUE)
    assert result.metadata["clusters"] == 2
    assert sorted(result.customer_personas["persona"]) == ["Readers", "Regulars"]


def test_profiles_without_any_category_get_no_top_categories():
    """A shop where nobody bought (every order left out for its currency) has no category
    columns: each profile's top categories are empty, not a failed run."""
    from pipelines.analytics.personas.clustering import _top_categories

    profiles = pl.DataFrame({"persona": ["a", "b"], "recency_days": [1.0, 2.0]})
    assert _top_categories(profiles, {}).to_list() == ["", ""]
