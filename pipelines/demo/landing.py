"""Landing the generated tables: damage a few rows of each, write them, record what was done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.deliveries import Delivery
from pipelines.demo.mess import damage
from pipelines.demo.writer import write_table
from pipelines.ingest.schemas import TABLES, Table


@dataclass(frozen=True)
class Landed:
    files: tuple[str, ...]  # paths relative to the landing zone, in the order written
    rows: dict[str, int]  # "source/table" -> data rows, over all deliveries
    malformed: pl.DataFrame  # one row per malformed line (see truth.MALFORMED_COLUMNS)
    malformed_counts: dict[str, int]  # "source/table" -> malformed rows, over all deliveries
    rows_by_delivery: dict[date, int]  # delivery date -> data rows of all its files


def landed_path(table: Table, delivery: date) -> str:
    """A table's file in a delivery, relative to the landing zone."""
    return f"{table.source}/{delivery.isoformat()}/{table.file_name}"


def land_tables(rng: np.random.Generator, deliveries: list[Delivery], landing: Path) -> Landed:
    """Write every contract table of every delivery as
    ``<landing>/<source>/<delivery date>/<table>.csv``."""
    files, records = [], []
    rows = {f"{t.source}/{t.name}": 0 for t in TABLES}
    counts, rows_by_delivery = dict(rows), {}
    for delivery in deliveries:
        rows_by_delivery[delivery.date] = 0
        for table in TABLES:
            key, name = (table.source, table.name), f"{table.source}/{table.name}"
            relative = landed_path(table, delivery.date)
            broken, damages = damage(
                rng,
                delivery.frames[key],
                table,
                delivery.spare.get(key),
                at_least_one=delivery.initial,
            )
            written = write_table(broken, table, landing / relative)
            files.append(relative)
            rows[name] += written
            rows_by_delivery[delivery.date] += written
            counts[name] += len(damages)
            records.extend(
                (table.source, table.name, relative, d.row + 2, d.defect, d.column) for d in damages
            )
    malformed = pl.DataFrame(
        records,
        schema=["source", "table", "file", "line", "defect", "column"],
        orient="row",
    )
    return Landed(tuple(files), rows, malformed, counts, rows_by_delivery)
