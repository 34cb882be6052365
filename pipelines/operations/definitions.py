"""The operations concern's definitions: delivery checks on every ingestion asset, and the
alerting sensors."""

from dagster import Definitions

from pipelines.operations.freshness import build_delivery_checks
from pipelines.operations.sensors import run_failure_alert, stale_delivery_alert


def build_operations_definitions() -> Definitions:
    return Definitions(
        asset_checks=build_delivery_checks(), sensors=[run_failure_alert, stale_delivery_alert]
    )
