"""The analytics concern's definitions: CLV, churn signals, personas and their checks."""

from dagster import Definitions

from pipelines.analytics.checks import (
    clv_model_fitted,
    every_buyer_scored_once,
    every_customer_one_persona,
)
from pipelines.analytics.churn_asset import customer_churn_signals
from pipelines.analytics.clv_asset import customer_clv
from pipelines.analytics.personas_asset import personas


def build_analytics_definitions() -> Definitions:
    return Definitions(
        assets=[customer_clv, customer_churn_signals, personas],
        asset_checks=[every_buyer_scored_once, clv_model_fitted, every_customer_one_persona],
    )
