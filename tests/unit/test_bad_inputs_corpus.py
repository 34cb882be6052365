"""Every kind of broken landed file in tests/data/bad_inputs/ gets the outcome its manifest
writes down: loaded whole (which rows, which values), quarantined (which lines, which kind of
reason), a warning naming the file, or an error naming the file and line. Counts reconcile, and
no message quotes a value of the file.

Outcomes only, through ingestion's entry points (``load_table`` and ``write_deliveries`` into a
DuckDB in memory): a different CSV reader must pass this unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from pipelines.ingest.load import LandingFileError, load_table
from pipelines.ingest.schemas import TABLES, table
from pipelines.ingest.warehouse_writes import raw_relation, write_deliveries

CORPUS = Path(__file__).parents[1] / "data" / "bad_inputs"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yml").read_text(encoding="utf-8"))
DAY = dt.date(2026, 11, 1)
# Values in the corpus files that no message may quote: names, emails, free text.
PERSONAL_VALUES = (
    "Anna", "example.nl", "beschadigd", "kapot", "Müller", "café", "Piet", "lang lang",
    "HYPERLINK", "script>", "drop table", "nooit dicht", "regel een", "Jan", "Els",
)  # fmt: skip
# Reason text -> its kind: the manifest names kinds, the wording around them may change.
_REASON_KINDS = (
    (r"^not valid UTF-8", "encoding"),
    (r"^unterminated quoted field", "unterminated_quote"),
    (r"^expected \d+ fields", "field_count"),
    (r"^malformed quoting", "quoting"),
    (r"^(\w+): control character", "control:{}"),
    (r"^(\w+): more than \d+ days after the delivery date", "future:{}"),
    (r"^(\w+): expected ", "format:{}"),
    (r"^(\w+): required value missing", "missing:{}"),
    (r"^(\w+): negative", "negative:{}"),
    (r"^empty line", "empty_line"),
)


def reason_kind(reason: str) -> str:
    for pattern, kind in _REASON_KINDS:
        if match := re.match(pattern, reason):
            return kind.format(*match.groups())
    raise AssertionError(f"reason of no known kind: {reason!r}")


def _kinds() -> list[dict]:
    return MANIFEST


def test_the_manifest_covers_every_folder_and_at_least_40_kinds():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {entry["kind"] for entry in MANIFEST}
    assert len(MANIFEST) >= 40


def _landed_file(landing: Path) -> str:
    (path,) = [p for p in landing.rglob("*") if p.is_file()]
    return path.relative_to(landing).as_posix()


def _no_value_quoted(messages: list[str]) -> None:
    for message in messages:
        for value in PERSONAL_VALUES:
            assert value not in message, f"{value!r} quoted in {message!r}"


@pytest.mark.parametrize("entry", _kinds(), ids=lambda entry: entry["kind"])
def test_each_kind_gets_its_written_outcome(entry):
    landing = CORPUS / entry["kind"]
    landed_file = _landed_file(landing)
    contract = table(*entry["table"].split("."))
    if "error" in entry:
        with pytest.raises(LandingFileError) as error:
            load_table(landing, contract)
        message = str(error.value)
        assert f"{landed_file}, line 1" in message
        assert entry["error"] in message
        _no_value_quoted([message])
        return

    loads = [load_table(landing, t) for t in TABLES] if "warning" in entry else []
    load = load_table(landing, contract)
    try:
        messages = [w for each in [load, *loads] for w in each.warnings]
        if "warning" in entry:
            assert any(entry["warning"] in w and landed_file in w for w in messages), messages
        if "empty" in entry:
            assert any(entry["empty"] in w and landed_file in w for w in load.empty_files)
            messages += load.empty_files
        messages += list(load.quarantine_reasons())
        _no_value_quoted(messages)

        connection = duckdb.connect()
        counts = write_deliveries(connection, load, [DAY], "corpus")
    finally:
        for each in [load, *loads]:
            each.close()

    key = contract.key[0]
    rows = connection.sql(f"select * from {raw_relation(contract)}").pl()
    assert sorted(str(k) for k in rows[key]) == sorted(str(k) for k in entry.get("loaded", []))
    quarantined = connection.execute(
        "select line, reason from ops.quarantine order by line"
    ).fetchall()
    assert {line: reason_kind(reason) for line, reason in quarantined} == entry.get(
        "quarantined", {}
    )
    _no_value_quoted([reason_kind(reason) for _, reason in quarantined])
    assert counts["duplicates"] == entry.get("duplicates", 0)
    assert counts.get("conflicting") == entry.get("conflicting", 0)
    conflicts = connection.execute("select count(*) from ops.conflicting_duplicates").fetchone()
    # Both versions of each conflicting key: the one kept and each that differs from it.
    assert conflicts[0] == 2 * entry.get("conflicting", 0)
    assert counts["landed"] == (
        counts["loaded"] + counts["duplicates"] + counts["conflicting"] + counts["quarantined"]
    )

    by_key = {str(row[key]): row for row in rows.iter_rows(named=True)}
    for row_key, expected in entry.get("values", {}).items():
        for column, value in expected.items():
            assert str(by_key[str(row_key)][column]) == value, (row_key, column)
    for row_key, expected in entry.get("value_lengths", {}).items():
        for column, length in expected.items():
            assert len(by_key[str(row_key)][column]) == length
