"""The suppression list: keyed hashes of normalised identifiers, applied at ingest."""

import hashlib
import hmac
from pathlib import Path

import polars as pl
import pytest

from pipelines.ingest.load import load_table
from pipelines.ingest.schemas import EMAIL_CONTACTS, SHOP_CUSTOMERS, SHOP_ORDER_LINES, Identifies
from pipelines.privacy.suppression import (
    SUPPRESSION_KEY_VARIABLE,
    SuppressionKeyError,
    add_entries,
    load_suppression,
    read_entries,
    token_hash,
)
from pipelines.privacy.tokens import value_tokens

KEY = b"unit-tests-suppression-key"


def test_an_entry_is_plain_hmac_sha256_of_the_token():
    expected = hmac.new(KEY, b"email:anna@example.nl", hashlib.sha256).hexdigest()
    assert token_hash(KEY, "email:anna@example.nl") == expected
    assert token_hash(b"another-secret-0123456789", "email:anna@example.nl") != expected


@pytest.mark.parametrize(
    ("kind", "spellings", "token"),
    [
        (
            Identifies.EMAIL,
            [" Anna@Example.nl ", "ANNA+shop@example.NL", "anna@example.nl"],
            "email:anna@example.nl",
        ),
        (
            Identifies.EMAIL,
            ["j.de.vries@googlemail.com", "JDEVRIES+news@gmail.com"],
            "email:jdevries@gmail.com",
        ),
        (
            Identifies.PHONE,
            ["06-12345670", "+31 6 12345670", "0031612345670", "(06) 1234 5670"],
            "phone:+31612345670",
        ),
        (Identifies.SHOP_CUSTOMER, [" 1001 ", "1001"], "shop_customer:1001"),
    ],
)
def test_every_spelling_of_an_identifier_is_one_token(kind, spellings, token):
    assert value_tokens(pl.Series(spellings), kind).to_list() == [token] * len(spellings)


def test_blank_and_unreadable_values_identify_nobody():
    assert value_tokens(pl.Series(["", "  ", None]), Identifies.SHOP_ORDER).to_list() == [None] * 3
    assert value_tokens(pl.Series(["geen", "12"]), Identifies.PHONE).to_list() == [None, None]
    assert value_tokens(pl.Series(["no address"]), Identifies.EMAIL).to_list() == [None]


def test_entries_keep_suppressed_kinds_once_each_with_the_key_id_and_no_identifier(tmp_path):
    tokens = ["email:anna@example.nl", "shop_customer:1001", "email_event:ev1", "phone:+3161"]

    assert add_entries(tmp_path, KEY, tokens, "erasure-1") == 3
    assert add_entries(tmp_path, KEY, tokens, "erasure-2") == 0

    entries = read_entries(tmp_path)
    assert sorted(entries["kind"]) == ["email", "phone", "shop_customer"]
    assert set(entries["erasure_id"]) == {"erasure-1"}
    assert entries["key_id"].n_unique() == 1
    text = (tmp_path / "suppressions.csv").read_text()
    assert "anna" not in text
    assert "1001" not in text


def test_nobody_erased_needs_no_key(tmp_path, monkeypatch):
    monkeypatch.delenv(SUPPRESSION_KEY_VARIABLE, raising=False)
    assert load_suppression(tmp_path) is None


def test_a_list_without_its_key_stops_ingestion_and_says_why(tmp_path, monkeypatch):
    add_entries(tmp_path, KEY, ["email:anna@example.nl"], "erasure-1")
    monkeypatch.delenv(SUPPRESSION_KEY_VARIABLE, raising=False)
    with pytest.raises(SuppressionKeyError, match=f"{SUPPRESSION_KEY_VARIABLE} is not set"):
        load_suppression(tmp_path)
    monkeypatch.setenv(SUPPRESSION_KEY_VARIABLE, "a-different-secret-0123456789")
    with pytest.raises(SuppressionKeyError, match="not the secret the suppression list"):
        load_suppression(tmp_path)


def _deliver(landing: Path, source: str, name: str, text: str) -> None:
    folder = landing / source / "2026-11-01"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.csv").write_text(text)


@pytest.fixture
def suppressed_anna(tmp_path, monkeypatch):
    monkeypatch.setenv(SUPPRESSION_KEY_VARIABLE, KEY.decode())
    erasure_dir = tmp_path / "erasure"
    add_entries(
        erasure_dir,
        KEY,
        ["email:anna@example.nl", "shop_customer:1001", "shop_order:5001", "phone:+31612345670"],
        "erasure-1",
    )
    return load_suppression(erasure_dir)


def test_ingest_leaves_out_every_row_of_an_erased_person_and_counts_it(tmp_path, suppressed_anna):
    landing = tmp_path / "landing"
    _deliver(
        landing,
        "shop",
        "customers",
        "customer_id,email,first_name,last_name,phone,created_at\n"
        "1001,anna@example.nl,Anna,de Vries,,2025-01-10 09:00:00 +0100\n"  # by id
        "1009, ANNA+old@Example.nl ,Anna,de Vries,,2025-01-10 09:00:00 +0100\n"  # by address
        "1010,,A.,de Vries,06-12345670,2025-01-10 09:00:00 +0100\n"  # by phone
        "1011,anna@example.nl,Anna,extra,field,,gisteren\n"  # malformed, still hers
        "1002,bob@example.nl,Bob,Smit,,2025-01-10 09:00:00 +0100\n",
    )
    _deliver(
        landing,
        "shop",
        "order_lines",
        "line_id,order_id,sku,quantity,unit_price\nl1,5001,A,1,5.00\nl2,5002,A,1,5.00\n",
    )

    customers = load_table(landing, SHOP_CUSTOMERS, suppressed_anna)
    lines = load_table(landing, SHOP_ORDER_LINES, suppressed_anna)

    assert customers.rows["customer_id"].to_list() == ["1002"]
    assert (customers.landed, customers.suppressed, customers.quarantined) == (5, 4, 0)
    assert customers.reconciles
    assert lines.rows["line_id"].to_list() == ["l2"]
    assert lines.suppressed == 1
    assert lines.reconciles
    unsuppressed = load_table(landing, SHOP_CUSTOMERS)
    assert (unsuppressed.loaded, unsuppressed.quarantined, unsuppressed.suppressed) == (4, 1, 0)


def test_a_table_without_identifiers_of_the_person_loads_as_before(tmp_path, suppressed_anna):
    landing = tmp_path / "landing"
    _deliver(
        landing,
        "email",
        "contacts",
        "contact_id,email,status\nc1,carla@example.nl,subscribed\n",
    )
    load = load_table(landing, EMAIL_CONTACTS, suppressed_anna)
    assert (load.loaded, load.suppressed) == (1, 0)
