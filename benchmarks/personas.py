"""Persona recovery on a demo shop: how well the persona clustering finds the hidden personas.

    python -m benchmarks.personas --warehouse PATH --truth DIR [--as-of YYYY-MM-DD]
        [--catalogue FILE] [--ceiling]

Prints the adjusted Rand index of the assigned personas against the true ones, the crosstab
(assigned × true, counts), the persona profile table and the run metadata. ``--ceiling`` adds
what a supervised classifier (gradient boosting, 5-fold cross-validated) reaches on the same
features: an upper bound for what any clustering of them can recover.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import polars as pl
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import adjusted_rand_score
from sklearn.model_selection import cross_val_predict

from pipelines.analytics.personas import assign_personas, load_catalogue, persona_features
from pipelines.demo.evaluation import persona_recovery, read_warehouse, true_person_per_customer

PROFILE_COLUMNS = (
    "persona",
    "customers",
    "share_of_customers",
    "channel_preference",
    "top_categories",
    "order_count",
    "purchases_per_year",
    "recency_days",
    "average_order_value",
    "discount_share",
    "email_open_rate",
    "social_interactions_per_year",
)


def _supervised_ceiling(features: pl.DataFrame, truth: pl.DataFrame) -> float:
    joined = features.join(truth.select("customer_id", "persona"), on="customer_id").sort(
        "customer_id"
    )
    matrix = joined.drop("customer_id", "persona").to_numpy()
    personas = joined["persona"].to_numpy()
    model = HistGradientBoostingClassifier(random_state=0)
    predicted = cross_val_predict(model, matrix, personas, cv=5)
    return float(adjusted_rand_score(personas, predicted))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--catalogue", type=Path, default=None)
    parser.add_argument("--ceiling", action="store_true")
    args = parser.parse_args(argv)

    customers = read_warehouse(args.warehouse, "select * from marts.customer_360")
    category_amounts = read_warehouse(
        args.warehouse,
        "select customer_id, category, category_amount"
        " from intermediate.int_category_amounts_aggregated_to_persons",
    )
    # The demo's last day: its newest order, the day the export was taken.
    as_of = args.as_of or customers["last_order_at"].max().date()
    features = persona_features(customers, category_amounts, as_of)
    result = assign_personas(features, load_catalogue(args.catalogue))
    truth = true_person_per_customer(args.warehouse, args.truth)
    recovery = persona_recovery(result.customer_personas, truth)

    with pl.Config(tbl_rows=50, tbl_cols=30, tbl_width_chars=200, fmt_str_lengths=60):
        print(f"as of {as_of}, {features.height} customers, {recovery['customers_compared']}")
        print(f"with a true person: adjusted Rand index {recovery['adjusted_rand_index']:.3f}")
        if args.ceiling:
            print(f"supervised ceiling (ARI): {_supervised_ceiling(features, truth):.3f}")
        print("\nassigned persona × true persona (customers)")
        print(recovery["crosstab"])
        print("\npersona profiles")
        print(
            result.persona_profiles.select(PROFILE_COLUMNS).with_columns(
                pl.selectors.float().round(2)
            )
        )
    print("\nmetadata")
    print(json.dumps(result.metadata, indent=2))


if __name__ == "__main__":
    main()
