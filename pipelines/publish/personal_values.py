"""Patterns of personal values, and a scan of published tables for them: the last line of defence
behind the column policy (a mart that copies an email into a column named ``contact`` is caught
here and the copy is not published).

The patterns are RE2 (DuckDB) and Rust-regex (polars) compatible: no look-around, so a pattern
names its own edges. Edges exclude letters and digits, so a run of digits inside a hex
``customer_key`` or a longer number is not a phone number; they also exclude ``.`` and ``,``
before the number, so the decimals of ``1.0612345678`` are not one either.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.publish.column_policy import quoted

_START = r"(^|[^0-9A-Za-z+.,])"
_END = r"([^0-9A-Za-z]|$)"
_DIGIT = r"[\s.-]?[0-9]"

EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# 06-12345678, 0612345678, 06 1234 5678, +31 6 12345678, +31612345678, 0031612345678,
# +31 (0)20 123 4567, 020-1234567 and the E.164 digits 31612345678: ten digits from the trunk 0.
DUTCH_PHONE = _START + r"((\+|00)31[\s.-]?(\(0\)[\s.-]?)?|0|31)[1-9](" + _DIGIT + r"){8}" + _END
# Any other country, written with its + (``+32 470 12 34 56``).
INTERNATIONAL_PHONE = _START + r"\+[1-9](" + _DIGIT + r"){7,13}" + _END

PATTERNS = {"email": EMAIL, "dutch phone": DUTCH_PHONE, "international phone": INTERNATIONAL_PHONE}


@dataclass(frozen=True)
class Finding:
    """How many rows of a column look like a personal value of a kind (never the values)."""

    relation: str
    column: str
    kind: str
    rows: int

    def __str__(self) -> str:
        return f"{self.relation}.{self.column}: {self.rows} row(s) look like {self.kind}"


# Types whose text never looks like an email or a phone number, so leaving them out changes no
# finding (tests/unit/test_publish_personal_values.py tries random values of each):
# - a point in time or a truth value, never text a person typed; within the years 1000-9999 their
#   text does not even look like one. They were a third of the scan of customer_journey, the
#   largest mart. Not TIMESTAMP_NS or TIMESTAMP WITH TIME ZONE: nine fraction digits, or
#   microseconds before a zone offset (05.460704-03:30), can look like a phone number's digits;
#   the marts hold naive UTC timestamps.
# - integers of at most 32 bits (10 digits): their text is digits after an optional minus, with
#   no `+` and no leading 0, so only the bare E.164 digits of a Dutch number (31 and nine more:
#   11 digits) could match, and they do not fit. BIGINT and HUGEINT are scanned. The marts hold
#   a few dozen INTEGER counts, about a quarter of the scan at 100,000 customers.
TYPES_WITHOUT_PERSONAL_VALUES = frozenset(
    {
        "BOOLEAN",
        "DATE",
        "TIME",
        "TIMESTAMP",
        "TIMESTAMP_S",
        "TIMESTAMP_MS",
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
    }
)


def scan_relation(
    connection: duckdb.DuckDBPyConnection, relation: str, columns: list[str]
) -> list[Finding]:
    """Every column, cast to text, against every pattern, in one pass over the table; columns of
    a type that cannot hold such a value are left out."""
    types = dict(
        connection.execute(f"select column_name, column_type from (describe {relation})").fetchall()
    )
    columns = [c for c in columns if types.get(c) not in TYPES_WITHOUT_PERSONAL_VALUES]
    counts = [
        f"count(*) filter (where regexp_matches(cast({quoted(column)} as varchar), '{pattern}'))"
        for column in columns
        for pattern in PATTERNS.values()
    ]
    if not counts:
        return []
    row = connection.execute(f"select {', '.join(counts)} from {relation}").fetchone()
    cells = [(column, kind) for column in columns for kind in PATTERNS]
    return [
        Finding(relation, column, kind, rows)
        for (column, kind), rows in zip(cells, row, strict=True)
        if rows
    ]
