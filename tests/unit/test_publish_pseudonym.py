"""The pseudonymous key: standard HMAC-SHA256, stable, secret from the environment only."""

import pytest

from pipelines.publish.pseudonym import (
    PSEUDONYM_KEY_VARIABLE,
    PseudonymKeyError,
    customer_key,
    customer_keys,
    key_id,
    load_pseudonym_key,
)


def test_the_key_is_plain_hmac_sha256_so_anyone_holding_the_secret_can_reproduce_it():
    # RFC 4231, test case 2.
    assert customer_key(b"Jefe", "what do ya want for nothing?") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_same_secret_same_key_and_another_secret_another_key():
    ids = ["b54912377bee7686bd06dcd0b3ea4159", "1a3053051cc63fc55080bf1d04859046"]
    first = customer_keys(b"secret-one-0123456789", ids)
    assert first == customer_keys(b"secret-one-0123456789", list(reversed(ids)))
    second = customer_keys(b"secret-two-0123456789", ids)
    assert set(first.values()).isdisjoint(second.values())
    assert all(len(k) == 64 and k not in ids for k in first.values())


def test_the_key_id_names_the_secret_without_revealing_it():
    secret = b"secret-one-0123456789"
    assert key_id(secret) == key_id(secret) != key_id(b"secret-two-0123456789")
    assert secret.decode() not in key_id(secret)


def test_the_secret_is_read_from_the_environment_when_publishing(monkeypatch):
    monkeypatch.setenv(PSEUDONYM_KEY_VARIABLE, "a-long-enough-secret")
    assert load_pseudonym_key() == b"a-long-enough-secret"


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_secret_says_what_to_set_and_how(monkeypatch, value):
    if value is None:
        monkeypatch.delenv(PSEUDONYM_KEY_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(PSEUDONYM_KEY_VARIABLE, value)
    with pytest.raises(PseudonymKeyError) as error:
        load_pseudonym_key()
    message = str(error.value)
    assert f"{PSEUDONYM_KEY_VARIABLE} is not set" in message
    assert f"export {PSEUDONYM_KEY_VARIABLE}=" in message
    assert "make run" in message


def test_a_short_secret_is_refused_without_repeating_it(monkeypatch):
    monkeypatch.setenv(PSEUDONYM_KEY_VARIABLE, "hunter2")
    with pytest.raises(PseudonymKeyError, match="shorter than 16") as error:
        load_pseudonym_key()
    assert "hunter2" not in str(error.value)
