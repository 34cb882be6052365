"""The pseudonymous customer key: HMAC-SHA256 of ``customer_id`` under a secret from the
environment.

``customer_id`` itself is derived from the person's identity evidence by an unkeyed hash (it
was ``md5('email:' || email)``): anyone holding an email address can recompute it, and it is the
key of ``customer_360`` with its names and addresses, so it must not leave the warehouse. A keyed
hash cannot be recomputed without the secret, yet stays the same from run to run (BI joins days
on it) for as long as the secret does and ``customer_id`` does.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable

PSEUDONYM_KEY_VARIABLE = "KLANTBEELD_PSEUDONYM_KEY"
# Shorter secrets can be guessed; 16 characters is the floor, 64 random hex the advice.
MINIMUM_KEY_LENGTH = 16
# Names the key in release.json without revealing it: BI can see that keys were rotated (and
# that yesterday's customer_key no longer joins today's).
_KEY_ID_LABEL = b"klantbeeld customer_key id"


class PseudonymKeyError(Exception):
    """The secret is missing or too short; the message says how to set it."""


def load_pseudonym_key() -> bytes:
    """The secret, read now from the environment (never from a file, never logged)."""
    value = os.environ.get(PSEUDONYM_KEY_VARIABLE, "")
    how = (
        f"Set it to a long random secret kept outside the repository, the same on every run "
        f"(a new secret gives every customer a new customer_key), e.g. "
        f"`export {PSEUDONYM_KEY_VARIABLE}=$(python3 -c 'import secrets; "
        f"print(secrets.token_hex(32))')`. `make run` (the demo) sets a demo-only key."
    )
    if not value:
        raise PseudonymKeyError(
            f"{PSEUDONYM_KEY_VARIABLE} is not set, so the pseudonymised copy for BI was not "
            f"published (everything else in the run is unaffected). {how}"
        )
    if len(value) < MINIMUM_KEY_LENGTH:
        raise PseudonymKeyError(
            f"{PSEUDONYM_KEY_VARIABLE} is shorter than {MINIMUM_KEY_LENGTH} characters. {how}"
        )
    return value.encode()


def customer_key(key: bytes, customer_id: str) -> str:
    """64 hex characters (the full SHA-256), not truncated: no collisions to reason about."""
    return hmac.new(key, customer_id.encode(), hashlib.sha256).hexdigest()


def customer_keys(key: bytes, customer_ids: Iterable[str]) -> dict[str, str]:
    return {customer_id: customer_key(key, customer_id) for customer_id in customer_ids}


def key_id(key: bytes) -> str:
    return hmac.new(key, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:12]
