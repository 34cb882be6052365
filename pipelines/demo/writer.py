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


def csv_chunks(frame: pl.DataFrame, *, header: bool = True) -> list[bytes | memoryview]:
    """RFC 4180 CSV: header on line 1, comma, quotes only where needed, ``\\n``, blank = empty.

    Without ``header`` just the rows, to append to a file that has one: quoting is decided
    value by value, so the parts of a frame written one after the other are the frame's CSV.
    """
    blank_to_null = [pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in frame.columns]
    buffer = io.BytesIO()
    frame.with_columns(blank_to_null).write_csv(
        buffer, include_header=header, separator=",", quote_char='"', line_terminator="\n",
        quote_style="necessary", null_value="",
    )  # fmt: skip
    return _restore_planted(buffer.getvalue())


def write_atomically(path: Path, chunks: list[bytes | memoryview]) -> None:
    """Write to a temporary name first, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial(path)
    with partial.open("wb") as out:
        out.writelines(chunks)
    os.replace(partial, path)


class CsvParts:
    """CSV files written a part at a time (a block of persons each), the header with the first.

    Each file keeps a temporary name until ``publish`` renames them all, so a reader never sees
    half a file.
    """

    def __init__(self) -> None:
        self._rows: dict[Path, int] = {}

    def rows_before(self, path: Path) -> int | None:
        """Data rows already in ``path``; None before its first part."""
        return self._rows.get(path)

    def append(self, path: Path, frame: pl.DataFrame) -> None:
        first = path not in self._rows
        if first:
            path.parent.mkdir(parents=True, exist_ok=True)
        with _partial(path).open("wb" if first else "ab") as out:
            out.writelines(csv_chunks(frame, header=first))
        self._rows[path] = self._rows.get(path, 0) + frame.height

    def publish(self) -> None:
        for path in self._rows:
            os.replace(_partial(path), path)


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def append_table(frame: pl.DataFrame, table: Table, path: Path, parts: CsvParts) -> int:
    """Append ``frame`` to the landed file of ``table``; return the number of data rows."""
    if frame.columns != table.column_names:
        raise ValueError(f"{table.source}/{table.name}: columns {frame.columns} break the contract")
    parts.append(path, frame)
    return frame.height
