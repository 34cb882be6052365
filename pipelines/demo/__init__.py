"""The demo shop: a deterministic generator of realistic, messy shop, email and social exports.

``generate_demo`` writes them into a landing folder under the contract of
``pipelines/ingest/schemas.py``, and the ground truth (who is behind every record, personas,
churn, every row broken on purpose) into a separate folder. See docs/sources.md.
"""

from pipelines.demo.generate import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
