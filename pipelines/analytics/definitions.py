"""The analytics concern's definitions: CLV, churn signals, personas and their checks."""

from dagster import Definitions

from pipelines.analytics.checks import clv_model_fitted, every_buyer_scored_once
from pipelines.analytics.churn_asset import customer_churn_signals
from pipelines.analytics.clv_asset import customer_clv


def build_analytics_definitions() -> Definitions:
    return Definitions(
        assets=[customer_clv, customer_churn_signals],
        asset_checks=[every_buyer_scored_once, clv_model_fitted],
    )
