"""Export rows the conversion rejects go to ops.quarantine under the export's file and line,
replacing the previous conversion's; rows of an erased person do not."""

import duckdb
import polars as pl

from pipelines.adapters.conversion import Reject
from pipelines.adapters.quarantine import record_rejects, without_suppressed
from pipelines.ingest.schemas import Identifies
from pipelines.privacy.suppression import Suppression, token_hash
from pipelines.privacy.tokens import value_tokens

KEY = b"tests-only-suppression-key"


def _reject(line: int, raw: str) -> Reject:
    return Reject("winkel", "generic_order_lines", "lines.csv", line, "no customer", raw)


def _suppressing(value: str, kind: Identifies) -> Suppression:
    (token,) = value_tokens(pl.Series([value]), kind).to_list()
    return Suppression(key=KEY, hashes=frozenset({token_hash(KEY, token)}))


def test_rows_carrying_an_erased_email_or_phone_are_left_out():
    rejects = [
        _reject(2, "5001,,Anna.Erased@Example.nl ,1,5.00"),
        _reject(3, "5002,,bob@example.nl,1,5.00"),
        _reject(4, "5003,,,'+31 6 55512345,1,5.00"),
    ]
    kept = without_suppressed(rejects, _suppressing("anna.erased@example.nl", Identifies.EMAIL))
    assert [r.line for r in kept] == [3, 4]
    kept = without_suppressed(rejects, _suppressing("+31655512345", Identifies.PHONE))
    assert [r.line for r in kept] == [2, 3]
    assert without_suppressed(rejects, None) == rejects


def test_each_conversion_replaces_the_previous_conversions_rejects(tmp_path):
    warehouse = tmp_path / "klantbeeld.duckdb"
    record_rejects(warehouse, [_reject(2, "a"), _reject(3, "b")])
    record_rejects(warehouse, [_reject(3, "b")])
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        stored = connection.execute(
            "select source, table_name, file, line, reason, raw_text, run_id from ops.quarantine"
        ).fetchall()
    assert stored == [
        (
            "export:winkel",
            "generic_order_lines",
            "lines.csv",
            3,
            "no customer",
            "b",
            "klantbeeld-convert",
        )
    ]
