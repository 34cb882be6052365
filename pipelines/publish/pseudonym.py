"""The pseudonymous customer key: HMAC-SHA256 of ``customer_id`` under a secret from the
environment.

``customer_id`` itself is derived from the person's identity evidence by an unkeyed hash (it
was ``md5('email:' || email)``): anyone holding an email address can recompute it, and it is the
key of ``customer_360`` with its names and addresses, so it must not leave the warehouse. A keyed
hash cannot be recomputed without the secret, yet stays the same from run to run (BI joins days
on it) for as long as the secret does and ``customer_id`` does.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.secrets import SecretError, keyed_hash, read_secret
from pipelines.secrets import key_id as secret_key_id

PSEUDONYM_KEY_VARIABLE = "KLANTBEELD_PSEUDONYM_KEY"
# Names the key in release.json without revealing it: BI can see that keys were rotated (and
# that yesterday's customer_key no longer joins today's).
_KEY_ID_LABEL = b"klantbeeld customer_key id"


class PseudonymKeyError(SecretError):
    """The secret is missing or too short; the message says how to set it."""


def load_pseudonym_key() -> bytes:
    """The secret, read now from the environment (never from a file, never logged)."""
    return read_secret(
        PSEUDONYM_KEY_VARIABLE,
        PseudonymKeyError,
        when_missing="the pseudonymised copy for BI was not published (everything else in the "
        "run is unaffected)",
        keep_it="the same on every run (a new secret gives every customer a new customer_key)",
    )


def customer_key(key: bytes, customer_id: str) -> str:
    return keyed_hash(key, customer_id)


def customer_keys(key: bytes, customer_ids: Iterable[str]) -> dict[str, str]:
    return {customer_id: customer_key(key, customer_id) for customer_id in customer_ids}


def key_id(key: bytes) -> str:
    return secret_key_id(key, _KEY_ID_LABEL)
