"""Who an erasure or access request is about: the person(s) an email address resolves to in the
identity graph, and every identifier that is theirs alone.

The address is normalised as the pipeline normalises it (``matching_email``: case, spaces,
plus-tags, Gmail dots), then looked up in ``intermediate.identity_records``. The person is every
record with the ``customer_id`` the address resolves to: shop accounts, orders, email contacts,
social profiles (also profiles matched without an email, when the identity step links them).

Their identifiers are the record ids and the addresses and phones on those records that may
link records (pipelines/identity/graph.py): a junk or shared identifier (``info@…``, a
placeholder phone, an address on more than five accounts) is not theirs alone, so it neither
finds other rows nor goes on the suppression list, which would otherwise keep other people out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import phonenumbers
import polars as pl

from pipelines.identity.graph import linking_identifiers
from pipelines.identity.identifiers import matching_email
from pipelines.identity.junk import JunkRules, junk_email
from pipelines.ingest.schemas import Identifies
from pipelines.privacy.tokens import token
from pipelines.warehouse_tables import query_frame, table_exists

IDENTITY_RECORDS = "intermediate.identity_records"
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_RECORD_COLUMNS = "record_type, record_id, customer_id, email, matching_email, phone_e164"


def no_records() -> pl.DataFrame:
    return pl.DataFrame(schema=dict.fromkeys(_RECORD_COLUMNS.split(", "), pl.String))


class InvalidEmailError(ValueError):
    """The request does not name an email address."""


@dataclass(frozen=True)
class Person:
    """The subject of a request: their ``customer_id``s, their identity records, and their tokens
    (``<kind>:<value>``, pipelines/privacy/tokens.py)."""

    customer_ids: frozenset[str]
    tokens: frozenset[str]
    records: pl.DataFrame = field(default_factory=no_records, compare=False)

    def ids(self, kind: str) -> list[str]:
        prefix = f"{kind}:"
        return sorted(t.removeprefix(prefix) for t in self.tokens if t.startswith(prefix))

    def has(self, tokens: pl.Series) -> pl.Series:
        """Which of these tokens are this person's (for ``rows_carrying``)."""
        return tokens.is_in(sorted(self.tokens))

    def with_ids(self, kind: str, values: Iterable[str]) -> Person:
        more = {token(kind, v) for v in values if v}
        if more <= self.tokens:
            return self
        return Person(self.customer_ids, self.tokens | more, self.records)

    @property
    def phone_digits(self) -> frozenset[str]:
        """The national numbers of their phones: a cheap filter before parsing a phone column."""
        return frozenset(
            str(phonenumbers.parse(number).national_number) for number in self.ids(Identifies.PHONE)
        )

    @property
    def emails(self) -> list[str]:
        """Their addresses as the warehouse holds them (trimmed, lower case)."""
        return sorted(set(self.records["email"].drop_nulls()))


def normalised_email(email: str) -> str:
    """The matching form of the address a request names."""
    if not _ADDRESS.fullmatch(email.strip()):
        # The value itself is not repeated: error messages end up in logs.
        raise InvalidEmailError("not an email address (expected name@domain.tld)")
    return pl.select(matching_email(pl.lit(email, dtype=pl.String))).item()


def resolve_person(
    connection: duckdb.DuckDBPyConnection | None, email: str, rules: JunkRules
) -> Person:
    """The person ``email`` resolves to; without identity records (no warehouse yet) only the
    address itself identifies them."""
    address = normalised_email(email)
    records = _records(connection, address)
    customer_ids = frozenset(records["customer_id"])
    tokens = {
        token(t, i) for t, i in zip(records["record_type"], records["record_id"], strict=True)
    }
    tokens |= _own_identifiers(connection, records, rules)
    # Every record carrying the address is one of the persons it resolves to: it is theirs,
    # unless it is junk (a role or test address stays out of searches and the suppression list).
    if not pl.select(junk_email(pl.lit(address), rules)).item():
        tokens.add(token(Identifies.EMAIL, address))
    return Person(customer_ids=customer_ids, tokens=frozenset(tokens), records=records)


def _has_identity(connection: duckdb.DuckDBPyConnection | None) -> bool:
    if connection is None:
        return False
    return table_exists(connection, IDENTITY_RECORDS)


def _records(connection: duckdb.DuckDBPyConnection | None, address: str) -> pl.DataFrame:
    if not _has_identity(connection):
        return no_records()
    return query_frame(
        connection,
        f"select * from {IDENTITY_RECORDS} where customer_id in ("
        f"select customer_id from {IDENTITY_RECORDS} where matching_email = ?) "
        "order by record_type, record_id",
        [address],
    )


def _own_identifiers(
    connection: duckdb.DuckDBPyConnection | None, records: pl.DataFrame, rules: JunkRules
) -> set[str]:
    """The linking identifiers of ``records`` that no record of anyone else carries. Whether an
    identifier is shared by too many accounts needs every record carrying it, so those are read
    (a handful), not the whole table."""
    emails = records["matching_email"].drop_nulls().unique().to_list()
    phones = records["phone_e164"].drop_nulls().unique().to_list()
    if not emails and not phones:
        return set()
    carriers = query_frame(
        connection,
        f"select {_RECORD_COLUMNS} from {IDENTITY_RECORDS} "
        "where list_contains(?, matching_email) or list_contains(?, phone_e164)",
        [emails, phones],
    )
    linking = linking_identifiers(carriers, rules).join(
        carriers.select("record_type", "record_id", "customer_id"), on=["record_type", "record_id"]
    )
    theirs = linking["customer_id"].is_in(records["customer_id"].unique().to_list())
    others = set(linking.filter(~theirs)["identifier"])
    return set(linking.filter(theirs)["identifier"]) - others
