"""What a correct ingestion of a generated demo must load, read back from the files and the truth.

For tests and benchmarks: ``expected_rows`` gives every landed row that is not listed as
malformed in the ground truth, as text, with its file and line. The demo never writes a line
break inside a field, so each physical line is one record.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from pipelines.ingest.schemas import Table


def malformed_lines(truth_dir: Path) -> pl.DataFrame:
    return pl.read_csv(truth_dir / "malformed_rows.csv", infer_schema=False).with_columns(
        pl.col("line").cast(pl.Int64)
    )


def expected_rows(landing_dir: Path, truth_dir: Path, table: Table) -> pl.DataFrame:
    """The table's well-formed rows from every delivery, as strings, plus ``_file``/``_line``."""
    malformed = malformed_lines(truth_dir)
    frames = []
    for path in sorted((landing_dir / table.source).glob(f"*/{table.file_name}")):
        relative = path.relative_to(landing_dir).as_posix()
        bad = set(malformed.filter(pl.col("file") == relative)["line"].to_list())
        lines = path.read_bytes().split(b"\n")
        numbers = [n for n in range(2, len(lines) + 1) if n not in bad and lines[n - 1]]
        body = b"\n".join([lines[0], *(lines[n - 1] for n in numbers)])
        frame = pl.read_csv(io.BytesIO(body), infer_schema=False)
        frames.append(frame.with_columns(_file=pl.lit(relative), _line=pl.Series(numbers)))
    return pl.concat(frames)
