"""Cluster customers by behaviour and name the clusters from the persona catalogue.

KMeans (k from the catalogue, fixed seed, 10 initialisations) on ``features.model_matrix``. On
the demo shop it recovered the hidden personas better than Gaussian mixtures (diagonal, full,
tied) and Ward clustering on the same matrix, and unlike the spherical mixture gave the same
quality for every seed; see benchmarks/personas.py.

Deterministic: rows are ordered by their behaviour (the model matrix; equal rows by customer_id)
before anything else, and clusters are numbered by size (largest first; equal sizes by their
centre), so the same customers give the same clusters, numbers and names in any row order and
under any customer ids (a warehouse built day by day and one built in one run mint some ids
differently, tests/integration/test_daily_partitions.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from pipelines.analytics.personas.catalogue import Catalogue, name_clusters
from pipelines.analytics.personas.features import CATEGORY_PREFIX, concern_columns, model_matrix

SEED = 0
N_INIT = 10
# Silhouette is quadratic in rows: scored on a fixed-seed sample.
SILHOUETTE_SAMPLE = 2_000
CHANNELS = ("web", "app", "store")
TOP_CATEGORIES = 3
PROFILE_DECIMALS = 6


@dataclass(frozen=True)
class PersonaResult:
    """customer_personas: customer_id, cluster, persona. persona_profiles: one row per persona,
    no personal data. metadata: plain JSON-able numbers and names about the run."""

    customer_personas: pl.DataFrame
    persona_profiles: pl.DataFrame
    metadata: dict


def _fit(matrix: np.ndarray, clusters: int) -> tuple[np.ndarray, float]:
    """Cluster labels numbered by size (largest 0; ties by centre, lexicographically) and the
    inertia."""
    model = KMeans(n_clusters=clusters, random_state=SEED, n_init=N_INIT).fit(matrix)
    sizes = np.bincount(model.labels_, minlength=clusters)
    centres = model.cluster_centers_.round(12)
    order = sorted(range(clusters), key=lambda c: (-sizes[c], tuple(centres[c])))
    renumber = np.empty(clusters, dtype=np.int64)
    renumber[order] = np.arange(clusters)
    return renumber[model.labels_], float(model.inertia_)


def _top_categories(profiles: pl.DataFrame, labels: dict[str, str]) -> pl.Series:
    """Per profile, up to three categories by mean share of spend (the shop's own category
    names from ``labels`` (column → name), else the column name without its prefix; highest
    first, ties alphabetical; categories nobody in the cluster bought are left out)."""
    columns = sorted(c for c in profiles.columns if c.startswith(CATEGORY_PREFIX))
    if not columns:
        # Nobody bought anything (e.g. every order left out for its currency): no categories.
        return pl.Series("top_categories", [""] * profiles.height, dtype=pl.String)
    tops = []
    for row in profiles.select(columns).iter_rows():
        ranked = sorted(
            (-share, labels.get(name, name.removeprefix(CATEGORY_PREFIX)))
            for name, share in zip(columns, row, strict=True)
            if share > 0
        )
        tops.append(", ".join(name for _, name in ranked[:TOP_CATEGORIES]))
    return pl.Series("top_categories", tops, dtype=pl.String)


def _channel_preference() -> pl.Expr:
    """The channel with the highest mean share of orders (ties: web, app, store); 'none' for a
    cluster that bought nothing."""
    shares = [pl.col(f"{channel}_share") for channel in CHANNELS]
    best = pl.max_horizontal(shares)
    choice = pl.when(best <= 0).then(pl.lit("none"))
    for channel, share in zip(CHANNELS, shares, strict=True):
        choice = choice.when(share == best).then(pl.lit(channel))
    return choice.otherwise(pl.lit("none"))


def _profiles(
    assigned: pl.DataFrame,
    behaviour: list[str],
    clv: pl.DataFrame | None,
    category_labels: dict[str, str],
):
    """One row per cluster: size, share, CLV, the mean of every behaviour column, channel
    preference and top categories. Customers without a CLV (non-buyers, or anyone the CLV model
    left out) count as 0 in average_clv; customers_with_clv says how many had one. Without a CLV
    frame average_clv is null."""
    if clv is None:
        assigned = assigned.with_columns(clv=pl.lit(None, dtype=pl.Float64))
    else:
        clv = clv.select("customer_id", pl.col("clv").cast(pl.Float64)).unique("customer_id")
        assigned = assigned.join(clv, on="customer_id", how="left", maintain_order="left")
    average_clv = pl.col("clv").fill_null(0.0).mean() if clv is not None else pl.lit(None)
    profiles = (
        assigned.group_by("cluster")
        .agg(
            pl.len().alias("customers"),
            average_clv.cast(pl.Float64).alias("average_clv"),
            pl.col("clv").is_not_null().sum().cast(pl.Int64).alias("customers_with_clv"),
            *[pl.col(name).mean() for name in behaviour],
        )
        .sort("cluster")
        .with_columns(
            pl.col("customers").cast(pl.Int64),
            share_of_customers=pl.col("customers") / pl.col("customers").sum(),
            channel_preference=_channel_preference(),
        )
    )
    return profiles.with_columns(_top_categories(profiles, category_labels))


def assign_personas(
    features: pl.DataFrame,
    catalogue: Catalogue,
    clv: pl.DataFrame | None = None,
    category_labels: dict[str, str] | None = None,
) -> PersonaResult:
    """Cluster ``features`` (from ``persona_features``) into ``catalogue.clusters`` clusters
    (fewer if there are fewer distinct customers) and name them from the catalogue. ``clv`` is an
    optional frame of customer_id and clv; ``category_labels`` (``category_labels()``) gives the
    shop's category names for top_categories."""
    features = features.sort("customer_id")
    behaviour = [name for names in concern_columns(features).values() for name in names]
    matrix = model_matrix(features, catalogue.concern_weights)
    # Stable sort by every column of the matrix: rows that tie are equal vectors, so KMeans sees
    # the same matrix whatever the ids are.
    by_behaviour = np.lexsort(matrix.T[::-1]) if len(matrix) else np.arange(0)
    features, matrix = features[by_behaviour], matrix[by_behaviour]
    distinct_rows = np.unique(matrix, axis=0).shape[0] if len(matrix) else 0
    clusters = min(catalogue.clusters, distinct_rows)
    if clusters < 1:
        raise ValueError("no customers to cluster")
    labels, inertia = _fit(matrix, clusters)
    assigned = features.with_columns(cluster=pl.Series(labels, dtype=pl.Int64))

    profiles = _profiles(assigned, behaviour, clv, category_labels or {})
    names = name_clusters(profiles, catalogue)
    profiles = (
        profiles.join(names, on="cluster")
        .sort("cluster")
        .select(
            "persona",
            "cluster",
            "customers",
            "share_of_customers",
            "average_clv",
            "customers_with_clv",
            "channel_preference",
            "top_categories",
            *behaviour,
            "matched_rule",
        )
    )
    # Means of floats summed in parallel differ in the last bits from run to run: rounded, the
    # same input gives the same table byte for byte.
    profiles = profiles.with_columns(pl.selectors.float().round(PROFILE_DECIMALS))
    customer_personas = (
        assigned.select("customer_id", "cluster")
        .join(names.select("cluster", "persona"), on="cluster")
        .sort("customer_id")
    )

    silhouette = None
    if 2 <= clusters < len(matrix):
        silhouette = float(
            silhouette_score(
                matrix,
                labels,
                sample_size=min(SILHOUETTE_SAMPLE, len(matrix)),
                random_state=SEED,
            )
        )
    metadata = {
        "algorithm": "kmeans",
        "seed": SEED,
        "clusters_requested": catalogue.clusters,
        "clusters": clusters,
        "customers": features.height,
        "cluster_sizes": dict(zip(profiles["persona"], profiles["customers"], strict=True)),
        "silhouette": silhouette,
        "silhouette_sample_size": min(SILHOUETTE_SAMPLE, len(matrix)),
        "inertia": inertia,
        "concern_weights": dict(catalogue.concern_weights),
        "catalogue": catalogue.path,
        "unmatched_clusters": int(profiles["matched_rule"].is_null().sum()),
    }
    return PersonaResult(customer_personas, profiles, metadata)
