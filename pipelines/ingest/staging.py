"""The loadable rows of one ingest, kept on disk instead of in memory.

A million customers' email events are ~20M rows: held as one polars frame, ingestion's memory
would grow with the history. Each parsed batch is written to a Parquet file of its own in a
private temporary folder; DuckDB reads the files straight into the warehouse
(``read_parquet``), and the folder goes when the load is closed (or garbage-collected). The
folder's name carries this process's id, so that what a killed step left is removed like
DuckDB's own spill files: by the sweep of pipelines/spill.py when the next ingest step starts or
any step opens the warehouse.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl

from pipelines.spill import staging_prefix
from pipelines.warehouse_tables import sql_string


class StagedRows:
    """Rows appended batch by batch, all with the same schema, readable again as one table."""

    def __init__(self, empty: pl.DataFrame, parent: Path | None = None) -> None:
        if parent is not None:
            parent.mkdir(parents=True, exist_ok=True)
        self._folder = tempfile.TemporaryDirectory(prefix=staging_prefix(), dir=parent)
        self.files: list[Path] = []
        self.count = 0
        # A file with no rows but the schema first: the staged table has its columns and types
        # also when nothing was loadable.
        self.append(empty, keep_empty=True)

    def append(self, rows: pl.DataFrame, keep_empty: bool = False) -> None:
        if rows.height == 0 and not keep_empty:
            return
        path = Path(self._folder.name) / f"part-{len(self.files):05d}.parquet"
        rows.write_parquet(path)
        self.files.append(path)
        self.count += rows.height

    def frame(self) -> pl.LazyFrame:
        """All staged rows, in the order they were appended."""
        return pl.scan_parquet(self.files)

    def duckdb_relation(self) -> str:
        """SQL reading all staged rows, for ``create view … as select * from <this>``."""
        return f"read_parquet([{', '.join(sql_string(str(p)) for p in self.files)}])"

    def close(self) -> None:
        self._folder.cleanup()
