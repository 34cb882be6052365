"""The klantbeeld code location: loads each concern's definitions and merges them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster import Definitions, in_process_executor

from pipelines.analytics.definitions import build_analytics_definitions
from pipelines.identity.assets import build_identity_definitions
from pipelines.ingest.assets import build_ingest_definitions
from pipelines.jobs import build_job_definitions
from pipelines.operations.definitions import build_operations_definitions
from pipelines.privacy.consent_checks import build_privacy_definitions
from pipelines.privacy.erasure_job import build_erasure_definitions
from pipelines.publish.assets import build_publish_definitions
from pipelines.quality.checks import build_quality_definitions
from pipelines.report.assets import build_report_definitions
from pipelines.resources import build_resources
from pipelines.transform.assets import build_transform_definitions


def build_definitions(resources: Mapping[str, Any] | None = None) -> Definitions:
    """All definitions; tests pass their own resources (a temporary warehouse)."""
    return Definitions.merge(
        build_ingest_definitions(),
        build_identity_definitions(),
        build_transform_definitions(),
        build_analytics_definitions(),
        build_quality_definitions(),
        build_privacy_definitions(),
        build_erasure_definitions(),
        build_job_definitions(),
        build_publish_definitions(),
        build_report_definitions(),
        build_operations_definitions(),
        Definitions(resources=dict(resources or build_resources()), executor=in_process_executor),
    )


defs = build_definitions()
