"""One conversion of a config's exports into landing rows: the sources' rows read through their
mappings, the landing rows the presets make of them, and the rows they could not map."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.adapters.config import ExportsConfig, SourceConfig
from pipelines.adapters.exports import ExportRow, read_export
from pipelines.adapters.klaviyo_events import read_events
from pipelines.adapters.mailchimp_activity import read_activity
from pipelines.adapters.values import parse_decimal, parse_timestamp
from pipelines.currency import iso_currency
from pipelines.ingest.schemas import TABLES

if TYPE_CHECKING:
    from pipelines.adapters.presets.base import Preset

# Presets whose files are JSON API responses, by their ``reader``; every other reads CSV.
_JSON_READERS = {"klaviyo_events_json": read_events, "mailchimp_activity_json": read_activity}
_KEYS = {(t.source, t.name): t.key for t in TABLES}


@dataclass(frozen=True)
class Reject:
    source: str  # the config's source name
    preset: str
    file: str
    line: int
    reason: str
    raw_text: str


class SourceRows:
    """One configured source: its export files' rows, read through its column mapping."""

    def __init__(self, source: SourceConfig, preset: Preset, config: ExportsConfig):
        self.source, self.preset, self.config = source, preset, config
        self.date_format = source.date_format or preset.date_format
        self.time_zone = source.time_zone or preset.time_zone or config.time_zone
        self.files = sorted(config.folder.glob(source.files))
        self.headers: dict[str, list[str]] = {}
        self.rows: list[ExportRow] = []
        for path in self.files:
            name = path.relative_to(config.folder).as_posix()
            header, rows = (
                _JSON_READERS[preset.reader](path, name)
                if preset.reader in _JSON_READERS
                else read_export(path, name, source.delimiter, source.encoding)
            )
            self.headers[name] = header
            self.rows += rows

    def column(self, name: str, header: list[str]) -> str | None:
        """The export column a field is read from in a file with this header."""
        if name in self.source.columns:
            return self.source.columns[name]
        candidates = self.preset.field(name).column or ()
        candidates = (candidates,) if isinstance(candidates, str) else candidates
        return next((c for c in candidates if c in header), candidates[0] if candidates else None)

    def get(self, row: ExportRow, name: str) -> str | None:
        column = self.column(name, self.headers[row.file])
        value = row.values.get(column, "").strip() if column else ""
        return value or self.source.defaults.get(name) or self._config_default(name) or None

    def _config_default(self, name: str) -> str | None:
        """The config's own `currency` stands in for a source's currency default."""
        return self.config.currency if name == "currency" else None

    def currency(self, row: ExportRow) -> str:
        """The row's ISO 4217 currency code (required)."""
        return iso_currency(self.required(row, "currency"), self.label(row, "currency"))

    def label(self, row: ExportRow, name: str) -> str:
        column = self.column(name, self.headers[row.file])
        return f"{column!r} ({name})" if column else name

    def blank(self, row: ExportRow, name: str) -> ValueError:
        return ValueError(f"{self.label(row, name)} is blank; it is required")

    def timestamp(self, row: ExportRow, name: str) -> dt.datetime | None:
        text = self.get(row, name)
        if text is None:
            return None
        try:
            return parse_timestamp(text, self.date_format, self.time_zone)
        except ValueError as error:
            raise ValueError(f"{self.label(row, name)}: {error}") from None

    def decimal(self, row: ExportRow, name: str) -> Decimal | None:
        text = self.get(row, name)
        if text is None:
            return None
        try:
            return parse_decimal(text, self.source.decimal_comma)
        except ValueError as error:
            raise ValueError(f"{self.label(row, name)}: {error}") from None

    def required(self, row: ExportRow, name: str) -> str:
        value = self.get(row, name)
        if value is None:
            raise self.blank(row, name)
        return value

    def required_timestamp(self, row: ExportRow, name: str) -> dt.datetime:
        value = self.timestamp(row, name)
        if value is None:
            raise self.blank(row, name)
        return value

    def required_decimal(self, row: ExportRow, name: str) -> Decimal:
        value = self.decimal(row, name)
        if value is None:
            raise self.blank(row, name)
        return value

    def missing_required_columns(self) -> dict[str, list[str]]:
        """Per file, the required fields' columns its header lacks (and no default covers)."""
        missing = {}
        for file, header in self.headers.items():
            absent = [
                self.column(f.name, header) or f.name
                for f in self.preset.fields
                if f.required
                and f.name not in self.source.defaults
                and not self._config_default(f.name)
                and self.column(f.name, header) not in header
            ]
            if absent:
                missing[file] = absent
        return missing


@dataclass
class Conversion:
    config: ExportsConfig
    delivered_on: dt.date
    tables: dict[tuple[str, str], dict[tuple, dict[str, str]]] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    converted: dict[str, int] = field(default_factory=dict)  # rows read per source
    # Shared between presets: the customers export's ids and the audience's contacts by email.
    customer_ids_by_email: dict[str, str] = field(default_factory=dict)
    contact_ids_by_email: dict[str, str] = field(default_factory=dict)

    def add(self, source: str, table: str, row: dict[str, str]) -> None:
        key = tuple(row.get(column) for column in _KEYS[(source, table)])
        self.tables.setdefault((source, table), {})[key] = row

    def add_order_line(self, line: dict[str, str]) -> None:
        """A shop order line (landing columns, unit_price as text), and its product as the
        catalogue knows it: the newest line's name, category and price win."""
        self.add("shop", "order_lines", line)
        self.add(
            "shop",
            "products",
            {
                "sku": line["sku"],
                "product_name": line["product_name"],
                "category": line["category"],
                "price": line["unit_price"],
                "cost": "",
            },
        )

    def rows(self, source: str, table: str) -> dict[tuple, dict[str, str]]:
        return self.tables.setdefault((source, table), {})

    def reject(self, rows: SourceRows, row: ExportRow, reason: str) -> None:
        self.rejects.append(
            Reject(rows.source.name, rows.preset.name, row.file, row.line, reason, row.raw_text)
        )

    def reject_malformed(self, rows: SourceRows) -> list[ExportRow]:
        """Quarantine records whose field count differs from the header; return the others."""
        good = []
        for row in rows.rows:
            if row.values:
                good.append(row)
            else:
                self.reject(
                    rows,
                    row,
                    f"expected {len(rows.headers[row.file])} fields as in the header, found "
                    "another number (an unquoted comma or a cut-off row)",
                )
        return good


def normalised_email(email: str | None) -> str | None:
    return email.strip().lower() if email and "@" in email else None


def export_files_date(paths: list[Path]) -> dt.date | None:
    """The newest export file's modification date (UTC): the delivery date by default."""
    if not paths:
        return None
    newest = max(p.stat().st_mtime for p in paths)
    return dt.datetime.fromtimestamp(newest, dt.UTC).date()
