"""Landing the generated tables: damage a few rows of each, write them, record what was done."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.clock import Period
from pipelines.demo.mess import damage
from pipelines.demo.writer import write_table
from pipelines.ingest.schemas import TABLES


@dataclass(frozen=True)
class Landed:
    files: dict[tuple[str, str], str]  # (source, table) -> path relative to the landing zone
    rows: dict[str, int]  # "source/table" -> data rows
    malformed: pl.DataFrame  # one row per malformed line (see truth.MALFORMED_COLUMNS)
    malformed_counts: dict[str, int]


def land_tables(
    rng: np.random.Generator,
    frames: dict[tuple[str, str], pl.DataFrame],
    spare: dict[tuple[str, str], np.ndarray],
    landing: Path,
    period: Period,
) -> Landed:
    """Write every contract table as ``<landing>/<source>/<delivery date>/<table>.csv``."""
    files, rows, counts, records = {}, {}, {}, []
    for table in TABLES:
        key = (table.source, table.name)
        relative = f"{table.source}/{period.delivery_date.isoformat()}/{table.file_name}"
        broken, damages = damage(rng, frames[key], table, spare.get(key))
        rows[f"{table.source}/{table.name}"] = write_table(broken, table, landing / relative)
        files[key] = relative
        counts[f"{table.source}/{table.name}"] = len(damages)
        records.extend(
            (table.source, table.name, relative, d.row + 2, d.defect, d.column) for d in damages
        )
    malformed = pl.DataFrame(
        records,
        schema=["source", "table", "file", "line", "defect", "column"],
        orient="row",
    )
    return Landed(files, rows, malformed, counts)
