"""Read Klaviyo's events API responses (``GET /api/events?include=metric,profile``, JSON:API,
one page per file) as rows: the metric's name and the profile's email are in ``included``,
not on the event. Layout: shared/design/export-formats.md section 4."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.adapters.exports import ExportRow, read_json_response

# The columns an event becomes; the preset's fields read them by these names.
EVENT_COLUMNS = ["id", "datetime", "profile_id", "email", "metric", "message", "url"]


def _included(page: dict, kind: str) -> dict[str, dict]:
    return {
        item["id"]: item.get("attributes", {})
        for item in page.get("included", [])
        if item.get("type") == kind and "id" in item
    }


def _related_id(event: dict, name: str) -> str:
    return ((event.get("relationships", {}).get(name) or {}).get("data") or {}).get("id", "")


def read_events(path: Path, name: str) -> tuple[list[str], list[ExportRow]]:
    """Every event of one page as a row; ``line`` is the event's position in ``data`` (1 =
    the first), since a JSON file has no meaningful line per record."""
    page = read_json_response(path, name, "a JSON:API page of Klaviyo events", "data")
    metrics, profiles = _included(page, "metric"), _included(page, "profile")
    rows = []
    for position, event in enumerate(page["data"], start=1):
        attributes = event.get("attributes", {})
        properties = attributes.get("event_properties") or {}
        profile_id = _related_id(event, "profile")
        values = {
            "id": str(event.get("id", "")),
            "datetime": str(attributes.get("datetime", "")),
            "profile_id": profile_id,
            "email": str(profiles.get(profile_id, {}).get("email", "")),
            "metric": str(metrics.get(_related_id(event, "metric"), {}).get("name", "")),
            "message": str(properties.get("$message", "")),
            "url": str(properties.get("URL", "")),
        }
        rows.append(ExportRow(name, position, values, json.dumps(event, sort_keys=True)))
    return EVENT_COLUMNS, rows
