"""What a preset is: the fields it reads (each with the export column it expects by default),
the landing tables it writes, and its conversion. A source's config can map any field to
another column (``columns:``) or give it a value (``defaults:``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.adapters.conversion import Conversion, SourceRows


@dataclass(frozen=True)
class Field:
    name: str
    column: str | None  # the export's column by default; None: only from `columns:`/`defaults:`
    help: str
    required: bool = False


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    landing_source: str  # the landing source its tables belong to: shop or email
    tables: tuple[str, ...]  # landing tables it writes
    files: str  # default glob of its export files
    fields: tuple[Field, ...]
    date_format: str
    # Time zone of times without an offset; None: the config's (the shop's).
    time_zone: str | None
    convert: Callable[[SourceRows, Conversion], None]
    # Presets run in this order, so that orders can find the customers export's ids and email
    # events the audience's contacts.
    stage: int = 1
    # How its files are read: CSV, or a JSON API response (klaviyo_events.py,
    # mailchimp_activity.py).
    reader: str = "csv"

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)
