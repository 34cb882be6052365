"""Read a user's export file: every record with its physical line number, its values by column
name, and its raw text for quarantine."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path


class ExportFileError(ValueError):
    """An export file that cannot be read at all (not CSV, wrong encoding, no header)."""


@dataclass(frozen=True)
class ExportRow:
    file: str  # as the user knows it: relative to the config's folder
    line: int  # physical line where the record starts (the header is line 1)
    values: dict[str, str]
    raw_text: str


def _raw(fields: list[str], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="").writerow(fields)
    return out.getvalue()


def read_export(path: Path, name: str, delimiter: str = ",", encoding: str = "utf-8-sig"):
    """The header and rows of one CSV export. A record with more or fewer fields than the header
    comes back with ``values`` empty, so the caller quarantines it."""
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as error:
        raise ExportFileError(
            f"{name}: not readable as {encoding} (byte {error.start}); set `encoding:` for "
            "this source in the config (e.g. cp1252)"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [column.strip() for column in next(reader, [])]
    if not header:
        raise ExportFileError(f"{name}: empty file, expected a header on line 1")
    rows, line = [], reader.line_num + 1
    for fields in reader:
        if fields:
            values = dict(zip(header, fields, strict=True)) if len(fields) == len(header) else {}
            rows.append(ExportRow(name, line, values, _raw(fields, delimiter)))
        line = reader.line_num + 1
    return header, rows


def read_json_response(path: Path, name: str, what: str, records: str) -> dict:
    """A saved API response: a JSON object whose ``records`` key holds a list."""
    try:
        response = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportFileError(f"{name}: not JSON ({error}); expected {what}") from None
    if not isinstance(response, dict) or not isinstance(response.get(records), list):
        raise ExportFileError(f"{name}: expected {what} with a `{records}` list")
    return response
