"""Identifiers normalised for matching (never for mailing: a person is mailed at the address
they gave, not at its matching form).

Email: lower case, trimmed; the plus-tag removed (`anna+shop@x.nl` → `anna@x.nl`: plus addressing
delivers to the same mailbox at every large provider); for Gmail, dots in the local part removed
and `googlemail.com` read as `gmail.com` (Gmail ignores dots and treats both domains as one).
Phone: E.164 via Google's libphonenumber (the `phonenumbers` package), the Netherlands as the
default region for numbers without a country code; numbers it cannot read as possible numbers
are not identifiers.
"""

import phonenumbers
import polars as pl

DEFAULT_REGION = "NL"
GMAIL_DOMAINS = ("gmail.com", "googlemail.com")


def matching_email(email: pl.Expr) -> pl.Expr:
    """The form of an address two records must share to be the same mailbox."""
    cleaned = email.str.strip_chars().str.to_lowercase()
    local = cleaned.str.extract(r"^([^@]+)@", 1).str.replace(r"\+.*$", "")
    domain = cleaned.str.extract(r"@([^@]+)$", 1)
    is_gmail = domain.is_in(GMAIL_DOMAINS)
    return (
        pl.when(local.is_null() | domain.is_null() | (local == ""))
        .then(None)
        .when(is_gmail)
        .then(pl.concat_str(local.str.replace_all(".", "", literal=True), pl.lit("@gmail.com")))
        .otherwise(pl.concat_str(local, pl.lit("@"), domain))
    )


def e164(phones: pl.Series) -> pl.Series:
    """Each phone as E.164 (`+31612345678`), or null. Parsed once per distinct value:
    libphonenumber is pure Python, exports repeat the same numbers many times."""
    distinct = phones.drop_nulls().unique()
    mapping = {raw: _e164(raw) for raw in distinct.to_list()}
    return phones.replace_strict(mapping, default=None, return_dtype=pl.String)


def _e164(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
