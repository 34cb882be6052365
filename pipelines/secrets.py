"""Secrets come from the environment: never from a file in the repository, never into a log or
an error message (docs/reliability: "Secrets come from the environment")."""

from __future__ import annotations

import hashlib
import hmac
import os

# Shorter secrets can be guessed; 16 characters is the floor, 64 random hex the advice.
MINIMUM_KEY_LENGTH = 16


class SecretError(Exception):
    """A secret is missing or too short; the message says how to set it (never its value)."""


def read_secret(
    variable: str, error: type[SecretError], *, when_missing: str, keep_it: str
) -> bytes:
    """The secret in ``variable``, read now. ``when_missing`` says what did not happen without
    it; ``keep_it`` why it must stay the same from run to run."""
    value = os.environ.get(variable, "")
    how = (
        f"Set it to a long random secret kept outside the repository, {keep_it}, e.g. "
        f"`export {variable}=$(python3 -c 'import secrets; print(secrets.token_hex(32))')`. "
        "`make run` (the demo) sets a demo-only key."
    )
    if not value:
        raise error(f"{variable} is not set, so {when_missing}. {how}")
    if len(value) < MINIMUM_KEY_LENGTH:
        raise error(f"{variable} is shorter than {MINIMUM_KEY_LENGTH} characters. {how}")
    return value.encode()


def keyed_hash(key: bytes, text: str) -> str:
    """HMAC-SHA256 as 64 hex characters (the full digest: no collisions to reason about)."""
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def key_id(key: bytes, label: bytes) -> str:
    """Names a secret without revealing it, so a store can tell that the secret changed."""
    return hmac.new(key, label, hashlib.sha256).hexdigest()[:12]
