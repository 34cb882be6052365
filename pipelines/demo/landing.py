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
from pipelines.demo.mess import damage, malformed_in_file
from pipelines.demo.writer import CsvParts, append_table
from pipelines.ingest.schemas import TABLES, Table

MALFORMED_COLUMNS = ["source", "table", "file", "line", "defect", "column"]


@dataclass
class Landed:
    """What all blocks so far landed."""

    rows: dict[str, int] = field(default_factory=dict)  # "source/table" -> data rows
    malformed_counts: dict[str, int] = field(default_factory=dict)  # "source/table" -> rows
    rows_by_delivery: dict[date, int] = field(default_factory=dict)  # data rows of its files
    malformed_by_file: dict[str, int] = field(default_factory=dict)  # relative path -> rows


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
    to the landing zone) the data rows earlier blocks had written to it. A first-delivery file
    has mess.malformed_in_file of its rows malformed, however many blocks wrote it.
    """
    records, rows_before = [], {}
    for delivery in deliveries:
        landed.rows_by_delivery.setdefault(delivery.date, 0)
        for table in TABLES:
            key, name = (table.source, table.name), f"{table.source}/{table.name}"
            if key not in delivery.frames:
                continue  # a table of the whole shop, landed with the last block
            relative = landed_path(table, delivery.date)
            frame, before = delivery.frames[key], parts.rows_before(landing / relative) or 0
            done = landed.malformed_by_file.get(relative, 0)
            wanted = malformed_in_file(before + frame.height) - done if delivery.initial else None
            broken, damages = damage(
                rng,
                frame,
                table,
                delivery.spare.get(key),
                wanted=None if wanted is None else max(0, wanted),
            )
            landed.malformed_by_file[relative] = done + len(damages)
            written = append_table(broken, table, landing / relative, parts)
            rows_before[relative] = before
            landed.rows[name] = landed.rows.get(name, 0) + written
            landed.rows_by_delivery[delivery.date] += written
            landed.malformed_counts[name] = landed.malformed_counts.get(name, 0) + len(damages)
            records.extend(
                (table.source, table.name, relative, before + d.row + 2, d.defect, d.column)
                for d in damages
            )
    malformed = pl.DataFrame(records, schema=MALFORMED_COLUMNS, orient="row")
    return malformed, rows_before
