"""Scanning text for the personal data a generated demo shop holds: every email, phone number,
name and customer id it wrote, in all their spellings. Used on the published copy, on run
metadata (tests/integration/test_publish.py) and on the HTML report (test_report_pipeline.py)."""

from pathlib import Path

import polars as pl

from pipelines.demo.vocab import SHOP_DOMAIN
from pipelines.publish.personal_values import PATTERNS
from tests.warehouse_queries import frame

# Columns of the landed files and the ground truth that hold who someone is.
EMAIL_COLUMNS = ("email", "other_email", "reviewer_email")
PHONE_COLUMNS = ("phone",)
NAME_COLUMNS = ("first_name", "last_name", "reviewer_name", "display_name", "handle", "address1")
FULL_POSTCODE = r"[1-9][0-9]{3} ?[A-Z]{2}"
# An inline image (the report's key plots in asset metadata) is pixels, not text: read as text,
# its base64 would hold short names and digit runs by chance. The same charts are scanned as the
# text of their SVG in the HTML report (tests/integration/test_report_pipeline.py).
INLINE_IMAGE = r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+"


def known_personal_values(landing: Path, truth: Path) -> dict[str, set[str]]:
    """Every email, phone number and name the demo wrote (as landed, in all its formats), except
    the shop's own test accounts ("Test Winkel" is not a person, and "test" is in every dbt
    check's name)."""
    files = [truth / "persons.csv", *sorted(landing.rglob("*.csv"))]
    values: dict[str, set[str]] = {"emails": set(), "phones": set(), "names": set()}
    for path in files:
        # The demo mangles some rows on purpose (bad bytes, short lines): read what is there.
        table = pl.read_csv(
            path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
        )
        for column in set(EMAIL_COLUMNS) & set(table.columns):
            table = table.filter(~pl.col(column).fill_null("").str.contains(SHOP_DOMAIN))
        for kind, columns in (
            ("emails", EMAIL_COLUMNS),
            ("phones", PHONE_COLUMNS),
            ("names", NAME_COLUMNS),
        ):
            for column in set(columns) & set(table.columns):
                found = table[column].drop_nulls().str.strip_chars().str.to_lowercase()
                values[kind] |= {v for v in found.to_list() if len(v) >= 3}
    return values


def _phone_digits(phones: set[str]) -> set[str]:
    """Each number as the digit runs it could appear as: 0612345678, 31612345678, 612345678."""
    digits = set()
    for phone in phones:
        significant = "".join(c for c in phone if c.isdigit())[-9:]
        digits |= {significant, "0" + significant, "31" + significant, "0031" + significant}
    return digits


def known_ids(warehouse: Path) -> set[str]:
    ids = frame(warehouse, "select customer_id, primary_shop_customer_id from marts.customer_360")
    return {v for column in ids.columns for v in ids[column].drop_nulls().to_list()}


def _tokens(text: str, pattern: str) -> set[str]:
    return set(pl.Series([text]).str.extract_all(pattern).explode().drop_nulls())


def assert_nothing_personal(texts: dict[str, list[str]], known: dict[str, set[str]]) -> None:
    """``texts``: where → the text of every value there. Emails, phones and ids are compared as
    whole words (``45.61000000000001`` does not hold the shop id ``6100000000000``)."""
    words = {name for name in known["names"] if name.isalpha()}
    phrases = known["names"] - words
    digit_ids = _phone_digits(known["phones"]) | {i for i in known["ids"] if i.isdigit()}
    hex_ids = known["ids"] - digit_ids
    for where, texts_there in texts.items():
        values = pl.Series(texts_there, dtype=pl.String).str.replace_all(INLINE_IMAGE, "<image>")
        blob = "\n".join(values).lower()
        assert "@" not in blob, where
        for kind, pattern in PATTERNS.items():
            assert not values.str.contains(pattern).any(), (where, kind)
        assert not values.str.contains(FULL_POSTCODE).any(), where
        for value in known["emails"] | phrases:
            assert value not in blob, (where, "a known email, name or address")
        assert not _tokens(blob, r"[0-9]+") & digit_ids, (where, "a known phone number or id")
        assert not _tokens(blob, r"[0-9a-f]+") & hex_ids, (where, "a customer_id")
        found = _tokens(blob, r"[a-zà-ÿ]+") & words
        assert not found, (where, sorted(found)[:5])
