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
- ``postcode`` is reduced to its 4-digit Dutch area (PC4) as ``postcode_area``;
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

# Four digits, optional space, two letters: a Dutch postcode. A Belgian or German one (digits
# only) gives NULL: a handful of foreign customers per postcode would stand out.
_NL_POSTCODE = r"^\s*([1-9][0-9]{3})\s*[A-Za-z]{2}\s*$"


class Action(Enum):
    KEEP = "keep"
    PSEUDONYMISE = "pseudonymise"
    REDUCE_TO_AREA = "reduce to PC4 area"
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


def postcode_area_sql(column_sql: str) -> str:
    """SQL for the PC4 area of a postcode column (``1234 AB`` → ``1234``), NULL otherwise."""
    return f"nullif(regexp_extract(cast({column_sql} as varchar), '{_NL_POSTCODE}', 1), '')"
