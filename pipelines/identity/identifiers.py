"""Identifiers normalised for matching (never for mailing: a person is mailed at the address
they gave, not at its matching form).

Email: lower case, trimmed; the plus-tag removed (`anna+shop@x.nl` → `anna@x.nl`: plus addressing
delivers to the same mailbox at every large provider); for Gmail, dots in the local part removed
and `googlemail.com` read as `gmail.com` (Gmail ignores dots and treats both domains as one).
Phone: E.164 via Google's libphonenumber (the `phonenumbers` package), read in the record's
country (a Belgian's `0475 12 34 56` is `+32475123456`, not a Dutch number), the Netherlands
when the record has none; numbers it cannot read as possible numbers are not identifiers. Its
type says whether the number is one person's mobile or a line a household, an office or a shop
shares (``phone_kind``).
"""

import phonenumbers
import polars as pl
from phonenumbers import PhoneNumberType

DEFAULT_REGION = "NL"
GMAIL_DOMAINS = ("gmail.com", "googlemail.com")
MOBILE, LANDLINE, OTHER = "mobile", "landline", "other"
# A mobile is one person's; a fixed line is a household's, an office's or a shop's; service,
# shared-cost and personal numbers (NL 088, 0900, 084) are an organisation's.
_KINDS = {
    PhoneNumberType.MOBILE: MOBILE,
    PhoneNumberType.FIXED_LINE: LANDLINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: LANDLINE,
}


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


def region(country: str | None) -> str:
    """The phonenumbers region of a record's country: its ISO 3166-1 alpha-2 code, as staging
    gives it whatever form the export used (stg_shop__customers.country_code, from the seed
    country_names.csv); the Netherlands when there is none or libphonenumber does not know it."""
    code = (country or "").strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else DEFAULT_REGION


def e164(phones: pl.Series, countries: pl.Series | None = None) -> pl.Series:
    """Each phone as E.164 (`+31612345678`), or null, read in its record's country."""
    return parsed_phones(phones, countries)["phone_e164"]


def parsed_phones(phones: pl.Series, countries: pl.Series | None = None) -> pl.DataFrame:
    """phone_e164 and phone_kind (mobile / landline / other) of each phone, read in its
    record's country (``countries``, ISO-2 codes or names; the Netherlands where null). Parsed
    once per distinct phone and country: libphonenumber is pure Python, exports repeat the same
    numbers many times."""
    if countries is None:
        countries = pl.Series([None] * len(phones), dtype=pl.String)
    frame = pl.DataFrame({"phone": phones.cast(pl.String), "country": countries.cast(pl.String)})
    distinct = frame.drop_nulls("phone").unique()
    parsed = [_parsed(raw, country) for raw, country in distinct.iter_rows()]
    distinct = distinct.with_columns(
        phone_e164=pl.Series([p[0] for p in parsed], dtype=pl.String),
        phone_kind=pl.Series([p[1] for p in parsed], dtype=pl.String),
    )
    joined = frame.join(
        distinct, on=["phone", "country"], how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.select("phone_e164", "phone_kind")


def _parsed(raw: str, country: str | None) -> tuple[str | None, str | None]:
    try:
        number = phonenumbers.parse(raw, region(country))
    except phonenumbers.NumberParseException:
        return None, None
    if not phonenumbers.is_possible_number(number):
        return None, None
    kind = _KINDS.get(phonenumbers.number_type(number), OTHER)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), kind
