"""Which columns of a mart reach the published copy, and in what form — decided by column name,
so a column added to a mart tomorrow is judged by the same rules without anyone listing it.

In order:
- ``customer_id`` becomes ``customer_key`` (pseudonym.py);
- the shop's own campaigns (``campaign_id``, ``campaign_name``) are published as they are: they
  name a mailing, not a person, and a campaign report without them is unreadable;
- any other ``…_id`` is dropped: source-system numbers (``primary_shop_customer_id``, a contact or
  profile id) lead straight back to the person in the shop's or the email service's own tools;
- direct identifiers and free text are dropped (names, email, phone, street address, city, date of
  birth, bank account, IP address, user names; review or message text);
- ``postcode`` is reduced to a coarse area of its country (``country_code`` beside it) as
  ``postcode_area``: NL and BE 4 digits, DE the 2-digit region, GB the outward code, US the
  first 3 digits (``postcode_area_sql``);
- everything else is published as it is.

A false match (a harmless ``product_name``) only drops a column; a miss would publish personal
data, so the patterns lean wide. A value scan (personal_values.py) backs them up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

CUSTOMER_ID = "customer_id"
CUSTOMER_KEY = "customer_key"
# The country a postcode belongs to, beside it in the same table (ISO 3166-1 alpha-2).
COUNTRY_CODE = "country_code"

# A name that is, or ends in, one of these (``contact_email``, ``phone_e164``, ``address1``).
_DIRECT_IDENTIFIER = re.compile(
    r"(^|_)(e?mail|email_address|phone|phone_number|mobile|telephone|fax"
    r"|name|first_name|last_name|full_name|surname|initials|username|handle"
    r"|street|address\d?|address_line_?\d|house_number|city|town|birth_date|date_of_birth"
    r"|iban|bank_account|ip_address|ip)"
    r"(_(raw|normalised|normalized|e164|canonical|hash|hashed|lower))?$"
)
# Text people typed about themselves or others (a review's title and body, a profile's bio or
# location). ``description`` is not in the list: in the marts it is the shop's own wording from
# the seeds (rfm_segments.csv).
_FREE_TEXT = re.compile(
    r"(^|_)(text|title|body|comment|comments|message|note|notes|review|bio|location)$"
)
_SOURCE_ID = re.compile(r"_id$")
_SHOPS_OWN = frozenset({"campaign_id", "campaign_name"})
_POSTCODE = re.compile(r"(^|_)(postcode|postal_code|zip_code|zipcode)$")

# A postcode's area per country (ISO 3166-1 alpha-2 in the table's ``country_code``): the
# coarsest level each country's postal system or statistics use, so that an area holds many
# thousands of people and a few customers of one area do not stand out (docs/publishing.md).
# Each pattern matches a whole, well-formed postcode and captures its area.
_DUTCH_POSTCODE = r"^\s*([1-9][0-9]{3})\s*[A-Za-z]{2}\s*$"
POSTCODE_AREAS = {
    # PC4: about 4,000 areas, the level CBS publishes statistics for; letters optional.
    "NL": r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*$",
    # The whole 4-digit postcode: about 1,150, some 10,000 residents each; "B-1000" too.
    "BE": r"^\s*(?:[Bb]-?\s*)?([1-9][0-9]{3})\s*$",
    # The first two digits, the Leitregion: 95 regions. A 5-digit PLZ is as fine as a PC4 and
    # a shop's few German customers would stand out in it.
    "DE": r"^\s*(?:[Dd]-?\s*)?([0-9]{2})[0-9]{3}\s*$",
    # The outward code (SW1A of SW1A 1AA): about 2,900 districts; only from a whole postcode.
    "GB": r"^\s*([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*[0-9][A-Za-z]{2}\s*$",
    # ZIP3, as HIPAA's Safe Harbor de-identification allows (45 CFR 164.514(b)(2)).
    "US": r"^\s*([0-9]{3})[0-9]{2}(?:-?[0-9]{4})?\s*$",
}
# HIPAA Safe Harbor: the 17 ZIP3 areas of 20,000 people or fewer (2000 Census) become 000.
SPARSE_ZIP3 = (
    "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
    "879", "884", "890", "893",
)  # fmt: skip


class Action(Enum):
    KEEP = "keep"
    PSEUDONYMISE = "pseudonymise"
    REDUCE_TO_AREA = "reduce to postcode area"
    DROP_SOURCE_ID = "drop: source-system id"
    DROP_IDENTIFIER = "drop: direct identifier"
    DROP_FREE_TEXT = "drop: free text"


@dataclass(frozen=True)
class ColumnDecision:
    column: str
    action: Action

    @property
    def published(self) -> bool:
        return self.action in (Action.KEEP, Action.PSEUDONYMISE, Action.REDUCE_TO_AREA)

    @property
    def published_name(self) -> str:
        if self.action is Action.PSEUDONYMISE:
            return CUSTOMER_KEY
        if self.action is Action.REDUCE_TO_AREA:
            return f"{self.column}_area"
        return self.column


def decide(column: str) -> ColumnDecision:
    name = column.lower()
    if name == CUSTOMER_ID:
        action = Action.PSEUDONYMISE
    elif name in _SHOPS_OWN:
        action = Action.KEEP
    elif _SOURCE_ID.search(name):
        action = Action.DROP_SOURCE_ID
    elif _DIRECT_IDENTIFIER.search(name):
        action = Action.DROP_IDENTIFIER
    elif _FREE_TEXT.search(name):
        action = Action.DROP_FREE_TEXT
    elif _POSTCODE.search(name):
        action = Action.REDUCE_TO_AREA
    else:
        action = Action.KEEP
    return ColumnDecision(column, action)


def quoted(identifier: str) -> str:
    """An SQL identifier, quoted (column names come from the warehouse, not from us)."""
    return '"' + identifier.replace('"', '""') + '"'


def postcode_area_sql(column_sql: str, country_sql: str | None = None) -> str:
    """SQL for the area of a postcode column in its country (``POSTCODE_AREAS``), upper case;
    NULL for a malformed postcode or another country. Without a country (none in the table, or
    empty in the row) only an unmistakably Dutch postcode (``1234 AB``) has an area."""
    postcode = f"cast({column_sql} as varchar)"

    def area(pattern: str) -> str:
        return f"nullif(upper(regexp_extract({postcode}, '{pattern}', 1)), '')"

    dutch_shape = area(_DUTCH_POSTCODE)
    if country_sql is None:
        return dutch_shape
    zip3 = area(POSTCODE_AREAS["US"])
    sparse = ", ".join(f"'{prefix}'" for prefix in SPARSE_ZIP3)
    by_country = {
        **{code: area(pattern) for code, pattern in POSTCODE_AREAS.items()},
        "US": f"case when {zip3} in ({sparse}) then '000' else {zip3} end",
    }
    whens = " ".join(f"when '{code}' then {sql}" for code, sql in by_country.items())
    country = f"upper(cast({country_sql} as varchar))"
    return f"case when {country} is null then {dutch_shape} else case {country} {whens} end end"
