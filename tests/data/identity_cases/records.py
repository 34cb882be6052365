"""The building blocks of cases.py: one small class per kind of landed record, with only the
fields identity reads. layout.py gives them ids and times and writes the landing files."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Order:
    """An order placed from the account it is listed under. ``email`` None: the account's own."""

    email: str | None = None
    channel: str = "web"


@dataclass(frozen=True)
class Account:
    """A shop account and the orders placed from it (by default one web order with its email)."""

    email: str | None
    first: str | None
    last: str | None
    phone: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str = "NL"
    orders: tuple[Order, ...] = (Order(),)


@dataclass(frozen=True)
class Guest:
    """An order without an account."""

    email: str
    channel: str = "web"


@dataclass(frozen=True)
class Contact:
    """An email-platform contact."""

    email: str
    first: str | None = None
    last: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Profile:
    """A social profile."""

    handle: str
    display: str | None = None
    location: str | None = None
    bio: str | None = None
    email: str | None = None
    platform: str = "instagram"


class P:
    """One true person and every record they left."""

    owned = True

    def __init__(self, *records) -> None:
        self.records = records


class Stranger(P):
    """Records that belong to nobody the shop knows (a stranger's social profile)."""

    owned = False


class Case:
    """One hard case: its kind, why it is hard and what the truth is, and the persons in it."""

    def __init__(self, kind: str, note: str, *persons: P) -> None:
        self.kind, self.note, self.persons = kind, note, persons
