"""The quality gates of the graph: which suite guards which table."""

from __future__ import annotations

from dagster import Definitions

from pipelines.quality.gx_suites import build_gx_check

# suite (= asset key) -> warehouse relation it validates
GX_SUITES = {
    "stg_shop__orders": "staging.stg_shop__orders",
    "customer_360": "marts.customer_360",
    "customer_clv": "marts.customer_clv",
    "customer_churn_signals": "marts.customer_churn_signals",
}


def build_quality_definitions() -> Definitions:
    return Definitions(
        asset_checks=[build_gx_check(suite, relation) for suite, relation in GX_SUITES.items()]
    )
