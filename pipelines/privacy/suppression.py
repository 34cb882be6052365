"""The suppression list: a keyed hash of every identifier of each erased person, applied at
ingest so that an export delivered again (taken before the erasure, or a full re-export by a shop
that still holds the person) cannot bring them back (docs/privacy.md).

An entry is HMAC-SHA256 of a token (``email:<matching form>``, ``phone:<E.164>``,
``shop_customer:<id>``, …; pipelines/privacy/tokens.py) under ``KLANTBEELD_SUPPRESSION_KEY``:
without the secret nobody can test an address against the list. Record ids are on the list too,
so rows that carry only an id (order lines, email events, social interactions) are suppressed
with their order, contact or profile.

The list is a file beside the warehouse (``<warehouse folder>/erasure/suppressions.csv``), not a
table in it: deleting the warehouse to rebuild it from the landing files must not forget who was
erased. Each entry records the key's id: hashes made under another secret match nothing, so a
changed secret stops ingestion instead of silently letting erased persons back in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest.schemas import Identifies
from pipelines.privacy.tokens import rows_carrying
from pipelines.secrets import SecretError, key_id, keyed_hash, read_secret

SUPPRESSION_KEY_VARIABLE = "KLANTBEELD_SUPPRESSION_KEY"
SUPPRESSIONS_FILE = "suppressions.csv"
SCHEMA = {"token_hash": pl.String, "kind": pl.String, "erasure_id": pl.String, "key_id": pl.String}
# What keeps a person out: their records and their own address and phone. Email events are not
# listed: every one of them carries the contact id, which is.
SUPPRESSED_KINDS = frozenset(
    {
        Identifies.SHOP_CUSTOMER,
        Identifies.SHOP_ORDER,
        Identifies.EMAIL_CONTACT,
        Identifies.SOCIAL_PROFILE,
        Identifies.EMAIL,
        Identifies.PHONE,
    }
)
_KEY_ID_LABEL = b"klantbeeld suppression key id"


class SuppressionKeyError(SecretError):
    """The secret is missing, too short, or not the one the list was written with."""


def load_suppression_key(when_missing: str) -> bytes:
    return read_secret(
        SUPPRESSION_KEY_VARIABLE,
        SuppressionKeyError,
        when_missing=when_missing,
        keep_it="the same for as long as the suppression list exists (entries made under "
        "another secret match nothing)",
    )


def token_hash(key: bytes, token: str) -> str:
    return keyed_hash(key, token)


def suppressions_path(erasure_dir: Path) -> Path:
    return erasure_dir / SUPPRESSIONS_FILE


def read_entries(erasure_dir: Path) -> pl.DataFrame:
    path = suppressions_path(erasure_dir)
    if not path.exists():
        return pl.DataFrame(schema=SCHEMA)
    return pl.read_csv(path, schema=SCHEMA)


def add_entries(erasure_dir: Path, key: bytes, tokens: Iterable[str], erasure_id: str) -> int:
    """Add the hashes of ``tokens`` of suppressed kinds; returns how many were new. The file is
    replaced whole (written beside it, then renamed): a crash leaves the old list or the new."""
    entries = read_entries(erasure_dir)
    _check_key(entries, key)
    wanted = sorted({t for t in tokens if t.split(":", 1)[0] in SUPPRESSED_KINDS})
    new = pl.DataFrame(
        {
            "token_hash": [token_hash(key, t) for t in wanted],
            "kind": [t.split(":", 1)[0] for t in wanted],
            "erasure_id": erasure_id,
            "key_id": key_id(key, _KEY_ID_LABEL),
        },
        schema=SCHEMA,
    ).filter(~pl.col("token_hash").is_in(entries["token_hash"]))
    if new.height:
        path = suppressions_path(erasure_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        pl.concat([entries, new]).write_csv(partial)
        os.replace(partial, path)
    return new.height


@dataclass(frozen=True)
class Suppression:
    """The list as ingestion applies it."""

    key: bytes
    hashes: frozenset[str]

    def carried_by(self, tokens: pl.Series) -> pl.Series:
        """True for each row (its list of tokens) that carries a suppressed identifier."""
        return rows_carrying(tokens, self._listed)

    def _listed(self, distinct: pl.Series) -> pl.Series:
        hashed = distinct.map_elements(lambda t: token_hash(self.key, t), return_dtype=pl.String)
        return hashed.is_in(list(self.hashes))


def load_suppression(erasure_dir: Path) -> Suppression | None:
    """The list, or None while nobody was erased (then no secret is needed)."""
    entries = read_entries(erasure_dir)
    if entries.height == 0:
        return None
    key = load_suppression_key(
        f"the suppression list of erased persons ({suppressions_path(erasure_dir)}, "
        f"{entries.height} entries) cannot be applied, and loading without it could bring "
        "erased persons back: nothing was loaded"
    )
    _check_key(entries, key)
    return Suppression(key=key, hashes=frozenset(entries["token_hash"]))


def _check_key(entries: pl.DataFrame, key: bytes) -> None:
    if entries.height and set(entries["key_id"]) != {key_id(key, _KEY_ID_LABEL)}:
        raise SuppressionKeyError(
            f"{SUPPRESSION_KEY_VARIABLE} is not the secret the suppression list was written "
            "with: its entries would match nothing and erased persons could come back. Set the "
            "original secret (docs/privacy.md)."
        )
