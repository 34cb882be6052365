"""Writing landed CSV files byte-exactly, and the ground truth beside them."""

from __future__ import annotations

import io
import os
from pathlib import Path

import polars as pl

from pipelines.demo.mess import DROP_FIELD, EXTRA_FIELD, RAW_BYTE, RAW_BYTES_USED
from pipelines.ingest.schemas import Table

# Every planted character and the bytes it stands for (see mess.py).
_PLANTED: tuple[tuple[bytes, bytes], ...] = (
    (EXTRA_FIELD.encode(), b","),
    (b"," + DROP_FIELD.encode(), b""),
    *((chr(RAW_BYTE + b).encode(), bytes([b])) for b in RAW_BYTES_USED),
)
_PLANTED_LEAD = b"\xee"  # UTF-8 lead byte of U+E000..U+EFFF, which only planted text uses


def _restore_planted(data: bytes) -> list[bytes | memoryview]:
    """Turn planted characters into the bytes they stand for, touching only their lines.

    Returns the file as consecutive pieces, so a large file is not copied once more to join it.
    """
    view, pieces, done = memoryview(data), [], 0
    mark = data.find(_PLANTED_LEAD)
    while mark != -1:
        start = data.rfind(b"\n", 0, mark) + 1
        end = data.find(b"\n", mark)
        line = data[start:end]
        for planted, raw in _PLANTED:
            line = line.replace(planted, raw)
        pieces += [view[done:start], line]
        done = end
        mark = data.find(_PLANTED_LEAD, end)
    pieces.append(view[done:])
    return pieces


def csv_chunks(frame: pl.DataFrame) -> list[bytes | memoryview]:
    """RFC 4180 CSV: header on line 1, comma, quotes only where needed, ``\\n``, blank = empty."""
    blank_to_null = [pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in frame.columns]
    buffer = io.BytesIO()
    frame.with_columns(blank_to_null).write_csv(
        buffer, include_header=True, separator=",", quote_char='"', line_terminator="\n",
        quote_style="necessary", null_value="",
    )  # fmt: skip
    return _restore_planted(buffer.getvalue())


def write_atomically(path: Path, chunks: list[bytes | memoryview]) -> None:
    """Write to a temporary name first, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as out:
        out.writelines(chunks)
    os.replace(partial, path)


def write_table(frame: pl.DataFrame, table: Table, path: Path) -> int:
    """Write ``frame`` as the landed file of ``table``; return the number of data rows."""
    if frame.columns != table.column_names:
        raise ValueError(f"{table.source}/{table.name}: columns {frame.columns} break the contract")
    write_atomically(path, csv_chunks(frame))
    return frame.height
