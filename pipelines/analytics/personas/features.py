"""Behaviour features per customer for persona clustering, from customer_360 and category spend.

``persona_features`` gives one row per customer_360 customer (buyers and non-buyers alike) with
interpretable behaviour columns: rates, shares and per-order amounts that marketers can read in a
persona profile and write catalogue rules on. ``model_matrix`` turns them into what the
clustering sees: heavy tails log-transformed, every column standardised, and every concern
(RFM, channels, email, social, categories, discounts) given the same total weight, so eight
category columns do not outvote one discount column.

Missing values are decided here, never left to the model:

- Non-buyers have no recency, order value, channel, category or discount behaviour. Their
  purchase counts, spend and shares are 0 (they bought nothing: no channel, no category, no
  discount), and their recency is the whole time they have been known (days since first seen),
  which is at least as long as any buyer who was first seen at the same time. ``is_buyer``
  carries the difference explicitly.
- People without delivered email (not on the list, or never sent to) have open and click rates
  of 0 and ``on_email_list`` false: not reading email is what they do.
- People without a linked social profile have 0 interactions and do not follow the brand.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

import numpy as np
import polars as pl

# Shortest known history a purchase rate is computed over: one order from someone first seen
# yesterday is not a rate of 365 purchases a year.
MIN_TENURE_DAYS = 30
CATEGORY_PREFIX = "category_share_"

# Pseudo-orders at the buyers' mean added to each per-order share before clustering (measured on
# the demo shop: 2 beat 0, 1, 4 and 8).
PRIOR_ORDERS = 2.0

# Behaviour columns per concern; categories are added per shop (one column per category).
CONCERNS: dict[str, tuple[str, ...]] = {
    "rfm": ("is_buyer", "recency_days", "order_count", "purchases_per_year", "average_order_value"),
    "channels": ("web_share", "app_share", "store_share"),
    "email": ("on_email_list", "email_open_rate", "email_click_rate"),
    "social": ("follows_brand", "social_interactions_per_year"),
    "discounts": ("discount_share",),
    "categories": (),
}
# Counts and amounts with heavy right tails: log1p before standardising so a few extreme
# customers do not stretch the scale for everyone else.
LOG_COLUMNS = frozenset(
    {
        "recency_days",
        "order_count",
        "purchases_per_year",
        "average_order_value",
        "social_interactions_per_year",
    }
)

PER_ORDER_SHARES = frozenset({"web_share", "app_share", "store_share", "discount_share"})
RATES = frozenset({"email_open_rate", "email_click_rate"})


def category_column(category: str) -> str:
    """A rule-friendly column name for a category: 'Wonen & decoratie' → 'category_share_wonen_
    decoratie' (lower case, runs of anything but letters and digits become one underscore)."""
    slug = re.sub(r"[^0-9a-z]+", "_", category.lower()).strip("_")
    return CATEGORY_PREFIX + slug


def category_labels(categories: pl.Series) -> dict[str, str]:
    """Feature column → the shop's category name ('category_share_wonen_decoratie' → 'Wonen &
    decoratie'); names that give one column are joined with ' / '."""
    labels: dict[str, list[str]] = {}
    for category in sorted(categories.drop_nulls().unique()):
        labels.setdefault(category_column(category), []).append(category)
    return {column: " / ".join(names) for column, names in labels.items()}


def _category_shares(category_amounts: pl.DataFrame) -> pl.DataFrame:
    """customer_id × one share-of-spend column per category (shares of a buyer sum to 1;
    categories whose names give the same column are added up; nothing spent: all 0)."""
    columns = {c: category_column(c) for c in category_amounts["category"].unique().drop_nulls()}
    amounts = category_amounts.drop_nulls("category").select(
        "customer_id",
        pl.col("category").replace_strict(columns, return_dtype=pl.String),
        pl.col("category_amount").cast(pl.Float64).fill_null(0.0).clip(lower_bound=0.0),
    )
    if amounts.is_empty():
        return pl.DataFrame(schema={"customer_id": pl.String})
    shares = amounts.group_by("customer_id", "category").agg(pl.col("category_amount").sum())
    shares = shares.with_columns(
        share=pl.col("category_amount") / pl.col("category_amount").sum().over("customer_id")
    )
    return (
        shares.pivot(on="category", index="customer_id", values="share", sort_columns=True)
        .fill_null(0.0)
        .fill_nan(0.0)
    )


def persona_features(
    customers: pl.DataFrame, category_amounts: pl.DataFrame, as_of: date
) -> pl.DataFrame:
    """One row per customer in ``customers`` (customer_360 columns), sorted by customer_id, with
    the behaviour columns of ``CONCERNS`` plus one ``category_share_*`` column per category in
    ``category_amounts`` (customer_id, category, category_amount). No nulls, NaN or infinities."""
    as_of_end = datetime.combine(as_of, time.max)

    def days_since(moment: pl.Expr) -> pl.Expr:
        return ((pl.lit(as_of_end) - moment).dt.total_seconds() / 86_400).clip(lower_bound=0.0)

    orders = pl.col("order_count").fill_null(0).cast(pl.Float64)

    def per_order(column: str) -> pl.Expr:
        return pl.when(orders > 0).then(pl.col(column).fill_null(0).cast(pl.Float64) / orders)

    # Everyone in customer_360 has a first_seen_at; the first order is a fallback for frames
    # built elsewhere.
    first_seen = pl.coalesce("first_seen_at", "first_order_at")
    tenure_days = days_since(first_seen).clip(lower_bound=MIN_TENURE_DAYS)
    delivered = pl.col("emails_delivered").fill_null(0) > 0

    features = customers.select(
        "customer_id",
        is_buyer=(orders > 0).cast(pl.Float64),
        recency_days=pl.coalesce(days_since(pl.col("last_order_at")), days_since(first_seen), 0.0),
        order_count=orders,
        purchases_per_year=orders / tenure_days * 365.25,
        average_order_value=pl.when(orders > 0)
        .then(pl.col("net_revenue").cast(pl.Float64) / orders)
        .clip(lower_bound=0.0),
        web_share=per_order("web_order_count"),
        app_share=per_order("app_order_count"),
        store_share=per_order("store_order_count"),
        on_email_list=delivered.cast(pl.Float64),
        email_open_rate=pl.when(delivered).then(pl.col("email_open_rate")),
        email_click_rate=pl.when(delivered).then(pl.col("email_click_rate")),
        follows_brand=pl.col("follows_brand").fill_null(False).cast(pl.Float64),
        social_interactions_per_year=pl.col("social_interaction_count")
        .fill_null(0)
        .cast(pl.Float64)
        / tenure_days
        * 365.25,
        discount_share=per_order("discounted_order_count"),
    ).with_columns(pl.exclude("customer_id").fill_null(0.0).fill_nan(0.0))
    features = features.join(_category_shares(category_amounts), on="customer_id", how="left")
    return features.with_columns(
        pl.col(f"^{CATEGORY_PREFIX}.*$").fill_null(0.0).fill_nan(0.0)
    ).sort("customer_id")


def concern_columns(features: pl.DataFrame) -> dict[str, list[str]]:
    """The behaviour columns of ``features`` grouped by concern (categories found by prefix)."""
    columns = {concern: list(names) for concern, names in CONCERNS.items()}
    columns["categories"] = sorted(c for c in features.columns if c.startswith(CATEGORY_PREFIX))
    return {concern: names for concern, names in columns.items() if names}


def _shrunk_to_buyer_mean(values: np.ndarray, orders: np.ndarray) -> np.ndarray:
    """A per-order share with ``PRIOR_ORDERS`` pseudo-orders at the buyers' mean: one order in
    the store says little about a customer's channel, twenty say a lot. Non-buyers land on the
    mean, so the channel, category and discount concerns do not count "bought nothing" again
    (``is_buyer`` and the RFM columns already do)."""
    buyers = orders > 0
    mean = values[buyers].mean() if buyers.any() else 0.0
    return (values * orders + PRIOR_ORDERS * mean) / (orders + PRIOR_ORDERS)


def _transformed(features: pl.DataFrame, name: str) -> np.ndarray:
    values = features[name].cast(pl.Float64).to_numpy()
    if name in LOG_COLUMNS:
        return np.log1p(values)
    if name in PER_ORDER_SHARES or name.startswith(CATEGORY_PREFIX):
        values = _shrunk_to_buyer_mean(values, features["order_count"].to_numpy())
    if name in RATES or name in PER_ORDER_SHARES or name.startswith(CATEGORY_PREFIX):
        # arcsin(sqrt(p)) evens out the spread of proportions near 0 and 1.
        return np.arcsin(np.sqrt(np.clip(values, 0.0, 1.0)))
    return values


def model_matrix(
    features: pl.DataFrame, concern_weights: dict[str, float] | None = None
) -> np.ndarray:
    """The matrix the clustering sees, one row per row of ``features``: counts and amounts
    log1p'd, per-order shares shrunk towards the buyers' mean, proportions arcsine-square-root
    transformed, each column standardised (a constant column becomes 0), then scaled by
    sqrt(concern weight / columns in the concern) so that each concern's total variance is its
    weight (1 unless ``concern_weights`` says otherwise), whatever its number of columns."""
    blocks = []
    for concern, names in concern_columns(features).items():
        block = np.column_stack([_transformed(features, name) for name in names])
        spread = block.std(axis=0)
        block = (block - block.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
        weight = (concern_weights or {}).get(concern, 1.0)
        blocks.append(block * np.sqrt(weight / len(names)))
    return np.hstack(blocks)
