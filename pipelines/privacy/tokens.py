"""The identifiers a landed row carries, as tokens ``<kind>:<value>``: the one form in which
erasure looks for a person's rows and the suppression list blocks them (as keyed hashes).

Which columns carry identifiers is the landing contract's (``Column.identifies``). Record ids are
compared as landed (trimmed), email addresses in their matching form and phones as E.164
(pipelines/identity/identifiers.py), so `` Anna+shop@Example.nl`` and ``anna@example.nl`` give
one token, as ``06-12345678`` and ``+31 6 12345678`` do. The email and phone tokens are the
identity graph's own identifiers (``email:…``, ``phone:…``).

A record that is structurally broken (wrong field count, bad quoting, invalid UTF-8) may hold
its values in other columns than the header says: each of its fields is read as every
identifier its table can carry, so a malformed row of an erased person is found too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import polars as pl

from pipelines.identity.identifiers import e164, matching_email
from pipelines.ingest.schemas import Identifies, Table

TOKENS = pl.List(pl.String)


def token(kind: str, value: str) -> str:
    return f"{kind}:{value}"


def value_tokens(
    values: pl.Series, kind: Identifies, phone_digits: Collection[str] | None = None
) -> pl.Series:
    """Each value as a token of ``kind``; null where it identifies nothing.

    ``phone_digits``: when given, only values whose digits end in one of these national numbers
    are parsed as phones (libphonenumber is pure Python: a search for one person need not parse
    every phone number of the shop)."""
    frame = values.cast(pl.String).to_frame("value")
    if kind is Identifies.EMAIL:
        normal = frame.select(matching_email(pl.col("value"))).to_series()
    elif kind is Identifies.PHONE:
        if phone_digits is not None:
            digits = pl.col("value").str.replace_all(r"\D", "")
            wanted = pl.any_horizontal(
                pl.lit(False), *(digits.str.ends_with(d) for d in sorted(phone_digits))
            )
            frame = frame.select(pl.when(wanted).then(pl.col("value")).alias("value"))
        normal = e164(frame["value"])
    else:
        trimmed = pl.col("value").str.strip_chars()
        normal = frame.select(pl.when(trimmed != "").then(trimmed)).to_series()
    return normal.to_frame("value").select(pl.lit(f"{kind}:") + pl.col("value")).to_series()


def column_tokens(
    frame: pl.DataFrame, table: Table, phone_digits: Collection[str] | None = None
) -> pl.Series:
    """Per row of ``frame`` (the table's columns as landed, by name), the list of its tokens."""
    parts = [
        value_tokens(frame[column.name], column.identifies, phone_digits).alias(column.name)
        for column in table.identifying_columns
        if column.name in frame.columns
    ]
    if not parts:
        return pl.Series("tokens", [[]] * frame.height, dtype=TOKENS)
    return (
        pl.DataFrame(parts)
        .select(pl.concat_list(pl.all()).list.drop_nulls().alias("tokens"))
        .to_series()
    )


def field_tokens(
    fields: pl.Series, kinds: Collection[Identifies], phone_digits: Collection[str] | None = None
) -> pl.Series:
    """Per record (a list of its fields), every field read as each of ``kinds``."""
    exploded = fields.to_frame("field").with_row_index("record").explode("field")
    per_field = pl.DataFrame(
        [exploded["record"]]
        + [value_tokens(exploded["field"], kind, phone_digits).alias(kind) for kind in kinds]
    )
    per_record = (
        per_field.unpivot(index="record", value_name="token")
        .drop_nulls("token")
        .group_by("record")
        .agg("token")
    )
    every_record = pl.int_range(fields.len(), eager=True, dtype=pl.UInt32).to_frame("record")
    joined = every_record.join(per_record, on="record", how="left", maintain_order="left")
    return joined["token"].fill_null([]).cast(TOKENS).alias("tokens")


def table_kinds(table: Table) -> frozenset[Identifies]:
    return frozenset(column.identifies for column in table.identifying_columns)


def record_tokens(
    records: pl.DataFrame,
    header: list[str],
    table: Table,
    phone_digits: Collection[str] | None = None,
) -> pl.Series:
    """The tokens of landed records (``csv_records.read_records``) under their file's header:
    by column, and for structurally broken records also field by field."""
    position = {name: i for i, name in enumerate(header)}
    by_name = records.select(
        "line",
        *(
            pl.col("fields").list.get(position[column.name], null_on_oob=True).alias(column.name)
            for column in table.identifying_columns
            if column.name in position
        ),
    )
    tokens = column_tokens(by_name, table, phone_digits)
    broken = ~(
        records["utf8_ok"] & records["quoting_ok"] & (records["fields"].list.len() == len(header))
    )
    if not broken.any():
        return tokens
    extra = field_tokens(records["fields"], table_kinds(table), phone_digits)
    both = pl.DataFrame({"tokens": tokens, "extra": extra, "broken": broken})
    return both.select(
        pl.when("broken").then(pl.concat_list("tokens", "extra")).otherwise("tokens")
    ).to_series()


def rows_carrying(tokens: pl.Series, wanted: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """True for each row with a token that ``wanted`` (a distinct tokens → bool function: a set
    lookup, or a keyed hash and a lookup) picks."""
    exploded = tokens.to_frame("token").with_row_index("row").explode("token").drop_nulls()
    distinct = exploded["token"].unique()
    picked = distinct.filter(wanted(distinct))
    rows = exploded.filter(pl.col("token").is_in(picked))["row"]
    return pl.int_range(tokens.len(), eager=True, dtype=pl.UInt32).is_in(rows)
