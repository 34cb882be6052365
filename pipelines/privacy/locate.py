"""Everything held about the person an email address resolves to: the shared first step of an
erasure (`klantbeeld forget`) and an access request (`klantbeeld export-person`)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.identity.junk import load_junk_rules
from pipelines.privacy.landing_rewrite import FileRows, find_in_landing
from pipelines.privacy.person import Person, resolve_person
from pipelines.privacy.warehouse_sweep import TableRows, expand_from_raw, find_rows
from pipelines.settings import Settings


class RequestError(Exception):
    """A privacy request that cannot be carried out as asked; nothing was changed."""


NOTHING_HELD = (
    "Nothing is held about this email address (no identity record, landed row or warehouse row "
    "carries it): nothing was changed."
)


@dataclass(frozen=True)
class Located:
    person: Person
    landing: list[FileRows]
    tables: list[TableRows]


def locate(settings: Settings, held: duckdb.DuckDBPyConnection | None, email: str) -> Located:
    """The person (identity graph, then the raw tables and landed files for records it does not
    list yet), their landed rows and their rows in every warehouse table. ``held``: the open
    warehouse, or None when there is none yet."""
    person = resolve_person(held, email, load_junk_rules())
    if held is not None:
        person = expand_from_raw(held, person)
    landing, person = find_in_landing(settings.landing_dir, person)
    tables = find_rows(held, person) if held is not None else []
    return Located(person, landing, tables)
