"""Landing the generated tables: damage a few rows of each, write them, record what was done.

The tables come a block of persons at a time; each block's part of a file is appended to what
earlier blocks wrote, and line numbers in the records count from the top of the whole file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.deliveries import Delivery
from pipelines.demo.mess import damage
from pipelines.demo.writer import CsvParts, append_table
from pipelines.ingest.schemas import TABLES, Table

MALFORMED_COLUMNS = ["source", "table", "file", "line", "defect", "column"]


@dataclass
class Landed:
    """What all blocks so far landed."""

    rows: dict[str, int] = field(default_factory=dict)  # "source/table" -> data rows
    malformed_counts: dict[str, int] = field(default_factory=dict)  # "source/table" -> rows
    rows_by_delivery: dict[date, int] = field(default_factory=dict)  # data rows of its files


def landed_path(table: Table, delivery: date) -> str:
    """A table's file in a delivery, relative to the landing zone."""
    return f"{table.source}/{delivery.isoformat()}/{table.file_name}"


def land_tables(
    rng: np.random.Generator,
    deliveries: list[Delivery],
    landing: Path,
    parts: CsvParts,
    landed: Landed,
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Append every table a block holds, in every delivery, to
    ``<landing>/<source>/<delivery date>/<table>.csv``, and add it to ``landed``.

    Returns one row per line made malformed (columns MALFORMED_COLUMNS), and per file (relative
    to the landing zone) the data rows earlier blocks had written to it. The first part of each
    first-delivery file gets at least one malformed row, as a one-block demo always did.
    """
    records, rows_before = [], {}
    for delivery in deliveries:
        landed.rows_by_delivery.setdefault(delivery.date, 0)
        for table in TABLES:
            key, name = (table.source, table.name), f"{table.source}/{table.name}"
            if key not in delivery.frames:
                continue  # a table of the whole shop, landed with the last block
            relative = landed_path(table, delivery.date)
            before = parts.rows_before(landing / relative)
            broken, damages = damage(
                rng,
                delivery.frames[key],
                table,
                delivery.spare.get(key),
                at_least_one=delivery.initial and before is None,
            )
            written = append_table(broken, table, landing / relative, parts)
            rows_before[relative] = before or 0
            landed.rows[name] = landed.rows.get(name, 0) + written
            landed.rows_by_delivery[delivery.date] += written
            landed.malformed_counts[name] = landed.malformed_counts.get(name, 0) + len(damages)
            records.extend(
                (table.source, table.name, relative, (before or 0) + d.row + 2, d.defect, d.column)
                for d in damages
            )
    malformed = pl.DataFrame(records, schema=MALFORMED_COLUMNS, orient="row")
    return malformed, rows_before
