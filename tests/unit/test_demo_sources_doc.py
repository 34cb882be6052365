"""docs/sources.md documents every landed table and column, in the contract's order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.demo import rates
from pipelines.ingest.schemas import TABLES, Table

DOC = Path(__file__).resolve().parents[2] / "docs" / "sources.md"


def section(text: str, table: Table) -> str:
    """The doc's text from the table's heading to the next heading."""
    match = re.search(
        rf"^### `{table.source}/{table.name}`\n(.*?)(?=^#)", text + "\n#", re.M | re.S
    )
    assert match, f"no section for {table.source}/{table.name}"
    return match.group(1)


def column_rows(body: str) -> list[list[str]]:
    """Cells of the first markdown table whose second cell names a column."""
    rows = []
    for line in body.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) >= 4 and re.fullmatch(r"`\w+`", cells[1]):
            rows.append(cells)
        elif rows:
            break
    return rows


@pytest.mark.parametrize("table", TABLES, ids=lambda t: f"{t.source}/{t.name}")
def test_every_column_is_documented_in_order_with_its_requiredness(table: Table) -> None:
    body = section(DOC.read_text(encoding="utf-8"), table)
    rows = column_rows(body)
    assert [cells[1].strip("`") for cells in rows] == table.column_names
    assert [cells[3] == "yes" for cells in rows] == [c.required for c in table.columns]
    assert table.file_name in body
    key = ", ".join(f"`{k}`" for k in table.key)
    assert f"Key: {key}." in body.replace("\n", " ")


def rate_constants() -> dict[str, float]:
    return {
        name: value
        for name, value in vars(rates).items()
        if name.isupper() and isinstance(value, int | float)
    }


def as_documented(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value * 100:g} %"


def test_every_mess_rate_is_documented_with_its_value() -> None:
    text = DOC.read_text(encoding="utf-8")
    constants = rate_constants()
    assert len(constants) >= 15
    for name, value in constants.items():
        line = next((row for row in text.splitlines() if row.startswith(f"| `{name}` |")), None)
        assert line is not None, f"{name} is not in the rates table"
        assert f"| {as_documented(value)} |" in line, f"{name} should read {as_documented(value)}"
