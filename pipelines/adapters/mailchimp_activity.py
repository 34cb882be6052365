"""Read Mailchimp's campaign email activity (``GET /3.0/reports/{campaign_id}/email-activity``,
saved as JSON, one response per file) as one row per activity: the recipient's address, the
action (open, click, bounce), its time and URL. Layout: shared/design/export-formats.md
section 3."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.adapters.exports import ExportRow, read_json_response

ACTIVITY_COLUMNS = ["campaign_id", "email_address", "action", "type", "timestamp", "url"]


def read_activity(path: Path, name: str) -> tuple[list[str], list[ExportRow]]:
    """Every activity of every recipient in the response; ``line`` is the activity's position
    in the file (1 = the first recipient's first activity)."""
    report = read_json_response(path, name, "a Mailchimp email-activity report", "emails")
    rows = []
    for recipient in report["emails"]:
        campaign = str(recipient.get("campaign_id") or report.get("campaign_id") or "")
        for activity in recipient.get("activity") or []:
            values = {
                "campaign_id": campaign,
                "email_address": str(recipient.get("email_address", "")),
                "action": str(activity.get("action", "")),
                "type": str(activity.get("type", "")),
                "timestamp": str(activity.get("timestamp", "")),
                "url": str(activity.get("url", "")),
            }
            raw = json.dumps({"email_address": values["email_address"], **activity})
            rows.append(ExportRow(name, len(rows) + 1, values, raw))
    return ACTIVITY_COLUMNS, rows
