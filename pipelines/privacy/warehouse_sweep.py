"""A person's rows in every table of the warehouse, found by the columns each table has rather
than by a list of tables: a table added tomorrow is swept without anyone listing it.

- Raw tables (``raw_<source>.<table>``) are the landing contract's: their identifying columns are
  the contract's (``customer_id`` there is the shop's account id, not a person).
- Every other table is read by column name: ``customer_id`` / ``…_customer_id`` and
  ``identity_key`` are the person (the identity graph's id), ``shop_customer_id``,
  ``…order_id``, ``…contact_id``, ``…profile_id`` and ``email_event_id`` name their records,
  ``email`` / ``…_email`` and ``phone`` / ``phone_e164`` / ``…_phone`` are compared in their
  matching forms (so any spelling of the address is found).
- Pairs of columns that name a record together: ``record_type`` + ``record_id`` (identity
  records), ``signal_source`` + ``source_record_id`` (consent signals). A ``record_id`` without a
  ``record_type`` beside it (the social-profile link and review tables) is any record of theirs.
- A ``raw_text`` column (quarantined rows) is split into its CSV fields, each read as every
  identifier its table can carry.

Views hold no rows and are skipped. Aggregates without a key (segment and persona roll-ups) hold
no row of anyone and are rebuilt by the next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.ingest.csv_records import split_fields
from pipelines.ingest.schemas import TABLES, Identifies, Table
from pipelines.ingest.warehouse_writes import DELIVERIES_SUFFIX
from pipelines.privacy.person import Person
from pipelines.privacy.tokens import field_tokens, rows_carrying, table_kinds, value_tokens
from pipelines.publish.column_policy import quoted
from pipelines.warehouse_tables import query_frame

PERSON = "person"
RECORD = "record"
_PERSONAL = (Identifies.EMAIL, Identifies.PHONE)
_RECORD_KINDS = tuple(kind for kind in Identifies if kind not in _PERSONAL)
# (type column, id column, type value → kind of record the id names)
PAIRS: tuple[tuple[str, str, dict[str, Identifies]], ...] = (
    (
        "record_type",
        "record_id",
        {kind.value: kind for kind in _RECORD_KINDS},
    ),
    # int_consent_signals_unioned and consent_ledger: the record behind each signal.
    (
        "signal_source",
        "source_record_id",
        {
            "shop": Identifies.SHOP_CUSTOMER,
            "email_platform": Identifies.EMAIL_CONTACT,
            "email_event": Identifies.EMAIL_EVENT,
        },
    ),
)
_SUFFIXES: tuple[tuple[Callable[[str], bool], str], ...] = (
    (lambda c: c.endswith("shop_customer_id"), Identifies.SHOP_CUSTOMER),
    (lambda c: c == "customer_id" or c.endswith("_customer_id"), PERSON),
    (lambda c: c == "identity_key", PERSON),
    (lambda c: c.endswith("order_id"), Identifies.SHOP_ORDER),
    (lambda c: c.endswith("contact_id"), Identifies.EMAIL_CONTACT),
    (lambda c: c.endswith("profile_id"), Identifies.SOCIAL_PROFILE),
    (lambda c: c == "email_event_id", Identifies.EMAIL_EVENT),
    # Without a record_type beside it (the social-profile links and review tables): any record.
    (lambda c: c == "record_id", RECORD),
    (lambda c: c in ("email", "matching_email") or c.endswith("_email"), Identifies.EMAIL),
    (lambda c: c in ("phone", "phone_e164") or c.endswith("_phone"), Identifies.PHONE),
)
_LIST = "(select unnest(?::varchar[]))"
# Where a row says which landed line it came from (re-numbered when lines are removed).
LINE_COLUMNS = (("_source_file", "_source_line"), ("file", "line"))


@dataclass(frozen=True)
class TableRows:
    """The rows of one table that belong to the person: a condition and its parameters."""

    relation: str
    condition: str
    parameters: list
    rows: int


def column_kind(name: str) -> str | None:
    """What a column of a non-raw table identifies, by its name (None: nothing)."""
    return next((kind for matches, kind in _SUFFIXES if matches(name)), None)


def base_tables(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[str]]:
    """(schema, table) → columns of every table (not view) of the warehouse."""
    rows = connection.execute(
        "select c.table_schema, c.table_name, c.column_name from information_schema.columns c "
        "join information_schema.tables t using (table_catalog, table_schema, table_name) "
        "where t.table_type = 'BASE TABLE' and t.table_catalog = current_database() "
        "order by c.table_schema, c.table_name, c.ordinal_position"
    ).fetchall()
    tables: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in rows:
        tables.setdefault((schema, table), []).append(column)
    return tables


def find_rows(connection: duckdb.DuckDBPyConnection, person: Person) -> list[TableRows]:
    """Every table holding rows of ``person``, with how many."""
    found = []
    for (schema, table), columns in base_tables(connection).items():
        relation = f"{quoted(schema)}.{quoted(table)}"
        conditions = _conditions(connection, relation, schema, table, columns, person)
        if not conditions:
            continue
        condition = " or ".join(f"({sql})" for sql, _ in conditions)
        parameters = [p for _, params in conditions for p in params]
        rows = connection.execute(
            f"select count(*) from {relation} where {condition}", parameters
        ).fetchall()[0][0]
        if rows:
            found.append(TableRows(f"{schema}.{table}", condition, parameters, rows))
    return found


def read_rows(connection: duckdb.DuckDBPyConnection, found: TableRows) -> pl.DataFrame:
    return query_frame(
        connection, f"select * from {_relation(found)} where {found.condition}", found.parameters
    )


def delete_rows(connection: duckdb.DuckDBPyConnection, found: list[TableRows]) -> dict[str, int]:
    """Delete them (inside the caller's transaction); rows removed per table."""
    return {
        table.relation: connection.execute(
            f"delete from {_relation(table)} where {table.condition}", table.parameters
        ).fetchall()[0][0]
        for table in found
    }


def expand_from_raw(connection: duckdb.DuckDBPyConnection, person: Person) -> Person:
    """Add the records that raw tables tie to the person but identity does not list: test
    orders of their accounts, orders placed under an account or address of theirs that the last
    run did not see, the email events of their contacts (consent signals point at those)."""
    tables = base_tables(connection)
    for table in TABLES:
        kind, key = table.key_identifies, table.key[0]
        schema = f"raw_{table.source}"
        if kind is None or (schema, table.name) not in tables:
            continue
        relation = f"{quoted(schema)}.{quoted(table.name)}"
        while True:
            conditions = _conditions(
                connection, relation, schema, table.name, tables[(schema, table.name)], person
            )
            if not conditions:
                break
            keys = connection.execute(
                f"select distinct cast({quoted(key)} as varchar) from {relation} where "
                + " or ".join(f"({sql})" for sql, _ in conditions),
                [p for _, params in conditions for p in params],
            ).fetchall()
            expanded = person.with_ids(kind, [k for (k,) in keys])
            if expanded is person:
                break
            person = expanded
    return person


def shift_lines(connection: duckdb.DuckDBPyConnection, removed: pl.DataFrame) -> None:
    """Re-number the landed line each remaining row points to, after ``removed`` (file, line:
    physical lines taken out of landed files) left the files shorter."""
    if removed.is_empty():
        return
    connection.register("erased_lines", removed.select("file", "line").to_arrow())
    try:
        for (schema, table), columns in base_tables(connection).items():
            for file_column, line_column in LINE_COLUMNS:
                if file_column in columns and line_column in columns:
                    relation, file, line = (
                        f"{quoted(schema)}.{quoted(table)}",
                        quoted(file_column),
                        quoted(line_column),
                    )
                    connection.execute(
                        f"update {relation} set {line} = {line} - (select count(*) "
                        f"from erased_lines e where e.file = {relation}.{file} "
                        f"and e.line < {relation}.{line}) "
                        f"where {file} in (select file from erased_lines)"
                    )
    finally:
        connection.unregister("erased_lines")


def _relation(found: TableRows) -> str:
    return ".".join(quoted(part) for part in found.relation.split(".", 1))


def _contract(schema: str, table: str) -> Table | None:
    """The contract of a raw table, or of its every-delivery twin ``<table>__deliveries``."""
    name = table.removesuffix(DELIVERIES_SUFFIX)
    return next((t for t in TABLES if schema == f"raw_{t.source}" and name == t.name), None)


def _conditions(
    connection: duckdb.DuckDBPyConnection,
    relation: str,
    schema: str,
    table: str,
    columns: list[str],
    person: Person,
) -> list[tuple[str, list]]:
    contract = _contract(schema, table)
    kinds = (
        {column.name: column.identifies for column in contract.identifying_columns}
        if contract
        else {
            column: kind
            for column in columns
            if (kind := column_kind(column)) and not (kind == RECORD and "record_type" in columns)
        }
    )
    conditions = []
    for column, kind in kinds.items():
        if column not in columns:
            continue
        values = _values(connection, relation, column, kind, person)
        if values:
            conditions.append((f"cast({quoted(column)} as varchar) in {_LIST}", [values]))
    for type_column, id_column, kind_of in PAIRS:
        if type_column in columns and id_column in columns:
            for type_value, kind in kind_of.items():
                ids = person.ids(kind)
                if ids:
                    conditions.append(
                        (
                            f"{quoted(type_column)} = ? and "
                            f"cast({quoted(id_column)} as varchar) in {_LIST}",
                            [type_value, ids],
                        )
                    )
    if "raw_text" in columns:
        rowids = _raw_text_rows(connection, relation, columns, person)
        if rowids:
            conditions.append(("rowid in (select unnest(?::bigint[]))", [rowids]))
    return conditions


def _values(
    connection: duckdb.DuckDBPyConnection, relation: str, column: str, kind: str, person: Person
) -> list[str]:
    """The values of ``column`` that are the person's."""
    if kind == PERSON:
        return sorted(person.customer_ids)
    if kind == RECORD:
        return sorted({i for record_kind in _RECORD_KINDS for i in person.ids(record_kind)})
    if kind not in _PERSONAL:
        return person.ids(kind)
    if not person.ids(kind):
        return []
    distinct = query_frame(
        connection,
        f"select distinct cast({quoted(column)} as varchar) as value from {relation} "
        f"where {quoted(column)} is not null",
    )["value"]
    tokens = value_tokens(distinct, Identifies(kind), person.phone_digits)
    return distinct.filter(person.has(tokens).fill_null(False)).to_list()


def _raw_text_rows(
    connection: duckdb.DuckDBPyConnection, relation: str, columns: list[str], person: Person
) -> list[int]:
    """Rows whose raw text (a landed record) carries an identifier of the person."""
    origin = [c for c in ("source", "table_name") if c in columns]
    rows = query_frame(
        connection,
        f"select rowid, raw_text as text{''.join(f', {c}' for c in origin)} from {relation}",
    )
    if rows.is_empty():
        return []
    rows = split_fields(rows.with_columns(pl.col("text").fill_null("")))
    every_kind = frozenset(kind for t in TABLES for kind in table_kinds(t))
    groups = rows.group_by(origin) if len(origin) == 2 else [((None, None), rows)]
    matched = []
    for (source, table), part in groups:
        contract = _contract(f"raw_{source}", table) if source else None
        kinds = table_kinds(contract) if contract else every_kind
        tokens = field_tokens(part["fields"], kinds, person.phone_digits)
        matched += part.filter(rows_carrying(tokens, person.has))["rowid"].to_list()
    return sorted(matched)
