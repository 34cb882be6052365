"""`klantbeeld export-person`: everything held about one person, as JSON (the GDPR's right of
access). The same search as an erasure (pipelines/privacy/locate.py), read-only: their identity
records, every landed row of theirs per file (as delivered, malformed ones as raw text), and
their rows in every warehouse table (raw, intermediate, customer_360, the consent ledger and
audience, the analytics marts, quarantined rows). Dates and times as ISO 8601 strings, amounts as
exact decimal strings.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import nullcontext
from decimal import Decimal
from typing import Any

from pipelines.privacy.compaction import holding
from pipelines.privacy.locate import NOTHING_HELD, RequestError, locate
from pipelines.privacy.person import normalised_email
from pipelines.privacy.warehouse_sweep import read_rows
from pipelines.settings import Settings


def export_person(settings: Settings, email: str) -> dict[str, Any]:
    normalised_email(email)
    warehouse = settings.warehouse_path
    opened = holding(warehouse, read_only=True) if warehouse.exists() else nullcontext(None)
    with opened as held:
        located = locate(settings, held, email)
        tables = {table.relation: read_rows(held, table).to_dicts() for table in located.tables}
    if not (located.landing or tables):
        raise RequestError(NOTHING_HELD)
    return {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "about": "Everything klantbeeld holds about the person this email address resolves to: "
        "their identity records (customer_ids), each landed row per delivered file, and their "
        "rows in every warehouse table.",
        "customer_ids": sorted(located.person.customer_ids),
        "identity_records": located.person.records.to_dicts(),
        "landing": {rows.file: rows.as_dicts() for rows in located.landing},
        "warehouse": tables,
    }


def to_json(export: dict[str, Any]) -> str:
    return json.dumps(export, indent=2, ensure_ascii=False, default=_plain) + "\n"


def _plain(value: object) -> str:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")
