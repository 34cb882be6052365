"""The landing-zone contract: every landed file, its columns, their types and keys.

This module is the single source of truth shared by the demo generator (which writes these
files), ingestion (which parses them with exactly these types, never by inference) and
docs/sources.md (which a test keeps in step with it).

Landing layout: ``<landing>/<source>/<delivery-date YYYY-MM-DD>/<table>.csv``. A source may
deliver many times; every delivery of a table is read and de-duplicated on its key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Identifies(StrEnum):
    """What a value names, for erasure and its suppression list (pipelines/privacy): a record of
    one kind (the kinds are ``intermediate.identity_records.record_type`` values, plus email
    events), or a person's email address or phone number. A row carrying any identifier of an
    erased person is theirs, and so is a row pointing at one of their records."""

    SHOP_CUSTOMER = "shop_customer"
    SHOP_ORDER = "shop_order"
    EMAIL_CONTACT = "email_contact"
    EMAIL_EVENT = "email_event"
    SOCIAL_PROFILE = "social_profile"
    EMAIL = "email"
    PHONE = "phone"


class Kind(StrEnum):
    """How a landed text value is parsed. Each kind names one exact format."""

    STRING = "string"  # trimmed; empty becomes null
    INTEGER = "integer"  # optional sign and digits
    DECIMAL = "decimal"  # money: digits with a '.' decimal point, stored as DECIMAL(18, 2)
    BOOLEAN = "boolean"  # true/false, yes/no, 1/0 (any case)
    DATE = "date"  # YYYY-MM-DD
    TIMESTAMP_OFFSET = "timestamp_offset"  # YYYY-MM-DD HH:MM:SS +HHMM (Shopify exports)
    TIMESTAMP_ISO = "timestamp_iso"  # ISO-8601 with Z or +HH:MM (ESP event APIs)
    TIMESTAMP_UTC = "timestamp_utc"  # YYYY-MM-DD HH:MM:SS, no zone, documented UTC (Mailchimp)
    TIMESTAMP_LOCAL = "timestamp_local"  # YYYY-MM-DD HH:MM:SS shop-local time, no zone
    EPOCH_SECONDS = "epoch_seconds"  # Unix seconds (Meta exports)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str
    required: bool = False
    # For STRING columns with a closed vocabulary: values outside it are quarantined.
    allowed: tuple[str, ...] | None = None
    # The record or personal identifier this value is (None: it identifies nobody).
    identifies: Identifies | None = None


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # Snapshot tables (customers, contacts, ...) are re-exported whole: the newest delivery's
    # version of a key wins. Event tables are append-only and at-least-once: the first copy wins.
    snapshot: bool

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def asset_name(self) -> str:
        """Asset key and raw table name, matching the dbt source ``<source>.<name>``."""
        return f"raw_{self.source}__{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def identifying_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.identifies is not None)

    @property
    def key_identifies(self) -> Identifies | None:
        """The kind of record a one-column key names (a customers row is a shop_customer)."""
        if len(self.key) != 1:
            return None
        return next(c.identifies for c in self.columns if c.name == self.key[0])


S, INT, D, B = Kind.STRING, Kind.INTEGER, Kind.DECIMAL, Kind.BOOLEAN
CUSTOMER, ORDER, CONTACT, EVENT, PROFILE, EMAIL, PHONE = (
    Identifies.SHOP_CUSTOMER,
    Identifies.SHOP_ORDER,
    Identifies.EMAIL_CONTACT,
    Identifies.EMAIL_EVENT,
    Identifies.SOCIAL_PROFILE,
    Identifies.EMAIL,
    Identifies.PHONE,
)
TS_OFF, TS_ISO, TS_UTC, TS_LOCAL = (
    Kind.TIMESTAMP_OFFSET,
    Kind.TIMESTAMP_ISO,
    Kind.TIMESTAMP_UTC,
    Kind.TIMESTAMP_LOCAL,
)

SHOP_CUSTOMERS = Table(
    "shop",
    "customers",
    "Shop accounts (Shopify-style customer export). One person may hold several accounts.",
    (
        Column(
            "customer_id",
            S,
            "Shop's account id (numeric text; keep as string)",
            required=True,
            identifies=CUSTOMER,
        ),
        Column(
            "email",
            S,
            "Account email as typed: case and whitespace vary; blank for SMS-only",
            identifies=EMAIL,
        ),
        Column("first_name", S, "Given name"),
        Column("last_name", S, "Family name, with particles such as 'van der'"),
        Column(
            "phone", S, "Phone as typed (06-…, +31 6 …, 0031…); blank if unknown", identifies=PHONE
        ),
        Column("address1", S, "Street and house number"),
        Column("city", S, "Town"),
        Column("postcode", S, "Dutch postcode (1234 AB) or foreign"),
        Column("country", S, "Country as a code or name (NL, NLD, Nederland); staged as ISO-2"),
        Column(
            "created_at",
            TS_OFF,
            "When the account was created, shop-local with offset",
            required=True,
        ),
        Column("accepts_marketing", B, "Email marketing consent in the shop (yes/no)"),
        Column("accepts_marketing_updated_at", TS_OFF, "When that consent last changed"),
        Column("tags", S, "Comma-separated shop tags"),
    ),
    key=("customer_id",),
    snapshot=True,
)

SHOP_ORDERS = Table(
    "shop",
    "orders",
    "Orders, one row per order (Shopify-style). Guest checkouts carry an email, no customer_id.",
    (
        Column("order_id", S, "Shop's order id", required=True, identifies=ORDER),
        Column("order_name", S, "Human order number such as #1001"),
        Column(
            "customer_id",
            S,
            "Account that placed it; blank for a guest checkout",
            identifies=CUSTOMER,
        ),
        Column("email", S, "Email given at checkout, as typed", identifies=EMAIL),
        Column(
            "created_at", TS_OFF, "When the order was placed, shop-local with offset", required=True
        ),
        Column("currency", S, "ISO 4217 currency code", required=True),
        Column("subtotal_price", D, "Sum of line prices after line discounts, before shipping/tax"),
        Column("total_discounts", D, "Order-level discount amount"),
        Column("shipping_price", D, "Shipping charged"),
        Column("total_tax", D, "Tax included in the total"),
        Column("total_price", D, "What the customer paid, before refunds", required=True),
        Column(
            "financial_status",
            S,
            "Payment state (Shopify's values; only paid and refunded ones count as purchases)",
            required=True,
            allowed=(
                "paid",
                "pending",
                "authorized",
                "partially_paid",
                "partially_refunded",
                "refunded",
                "voided",
                "expired",
            ),
        ),
        Column("cancelled_at", TS_OFF, "When the order was cancelled; blank if not"),
        Column("cancel_reason", S, "customer, fraud, inventory, declined or other"),
        Column(
            "sales_channel",
            S,
            "Where it was bought",
            required=True,
            allowed=("web", "app", "store"),
        ),
        Column("discount_code", S, "Discount code used, if any"),
        Column("is_test", B, "Test order placed by the shop itself (true/false)"),
        Column("tags", S, "Comma-separated order tags"),
    ),
    key=("order_id",),
    snapshot=True,
)

SHOP_ORDER_LINES = Table(
    "shop",
    "order_lines",
    "Line items of orders.",
    (
        Column("line_id", S, "Shop's line item id", required=True),
        Column("order_id", S, "Order the line belongs to", required=True, identifies=ORDER),
        Column("sku", S, "Product SKU", required=True),
        Column("product_name", S, "Product title at the time of sale"),
        Column("category", S, "Product category"),
        Column("quantity", INT, "Units", required=True),
        Column("unit_price", D, "Price per unit before discount", required=True),
        Column("line_discount", D, "Discount on the whole line (not per unit)"),
    ),
    key=("line_id",),
    snapshot=True,
)

SHOP_PRODUCTS = Table(
    "shop",
    "products",
    "Product catalogue.",
    (
        Column("sku", S, "Product SKU", required=True),
        Column("product_name", S, "Product title"),
        Column("category", S, "Product category", required=True),
        Column("price", D, "Current list price", required=True),
        Column("cost", D, "Unit cost to the shop"),
    ),
    key=("sku",),
    snapshot=True,
)

SHOP_REFUNDS = Table(
    "shop",
    "refunds",
    "Refunds; an order can have several, each partial or full.",
    (
        Column("refund_id", S, "Shop's refund id", required=True),
        Column("order_id", S, "Refunded order", required=True, identifies=ORDER),
        Column("created_at", TS_OFF, "When the refund was made", required=True),
        Column("amount", D, "Amount refunded (positive)", required=True),
        Column("reason", S, "Free-text reason"),
    ),
    key=("refund_id",),
    snapshot=True,
)

SHOP_REVIEWS = Table(
    "shop",
    "reviews",
    "Product reviews from the shop's review app; times are shop-local without a zone.",
    (
        Column("review_id", S, "Review app's id", required=True),
        Column("sku", S, "Reviewed product", required=True),
        Column("order_id", S, "Order the review was invited for, if known", identifies=ORDER),
        Column("reviewer_email", S, "Reviewer's email as typed", identifies=EMAIL),
        Column("reviewer_name", S, "Reviewer's display name"),
        Column("rating", INT, "Stars, 1 to 5", required=True),
        Column("title", S, "Review title"),
        Column("body", S, "Review text"),
        Column(
            "created_at",
            TS_LOCAL,
            "When it was written, Europe/Amsterdam wall-clock time",
            required=True,
        ),
    ),
    key=("review_id",),
    snapshot=True,
)

EMAIL_CONTACTS = Table(
    "email",
    "contacts",
    "Email-platform audience (Mailchimp/Klaviyo-style); times are UTC without a zone.",
    (
        Column("contact_id", S, "Provider's profile id", required=True, identifies=CONTACT),
        Column(
            "email", S, "Address as imported or typed at sign-up", required=True, identifies=EMAIL
        ),
        Column("first_name", S, "Given name"),
        Column("last_name", S, "Family name"),
        Column("phone", S, "Phone merge field", identifies=PHONE),
        Column(
            "status",
            S,
            "Subscription status",
            required=True,
            allowed=("subscribed", "unsubscribed", "cleaned", "pending"),
        ),
        Column("opted_in_at", TS_UTC, "When the contact opted in (UTC)"),
        Column("status_changed_at", TS_UTC, "When the status last changed (UTC)"),
        Column("member_rating", INT, "Provider's engagement rating, 1 to 5"),
        Column("signup_source", S, "Where the contact came from (checkout, popup, import, ...)"),
    ),
    key=("contact_id",),
    snapshot=True,
)

EMAIL_CAMPAIGNS = Table(
    "email",
    "campaigns",
    "Email campaigns sent.",
    (
        Column("campaign_id", S, "Provider's campaign id", required=True),
        Column("campaign_name", S, "Internal name"),
        Column("subject", S, "Subject line"),
        Column(
            "campaign_type", S, "What it was for", allowed=("newsletter", "promotion", "survey")
        ),
        Column("sent_at", TS_ISO, "When it was sent", required=True),
        Column("recipients", INT, "Number of recipients"),
        Column("cost", D, "Sending cost in EUR"),
    ),
    key=("campaign_id",),
    snapshot=True,
)

EMAIL_EVENTS = Table(
    "email",
    "events",
    "Per-recipient email events; exported at least once, so an event id can repeat.",
    (
        Column(
            "event_id",
            S,
            "Provider's event id (repeats when re-exported)",
            required=True,
            identifies=EVENT,
        ),
        Column("contact_id", S, "Recipient's contact id", required=True, identifies=CONTACT),
        Column("campaign_id", S, "Campaign the event belongs to"),
        Column(
            "event_type",
            S,
            "What happened",
            required=True,
            allowed=(
                "send",
                "delivered",
                "open",
                "click",
                "bounce",
                "unsubscribe",
                "spam_complaint",
                "survey_response",
            ),
        ),
        Column("occurred_at", TS_ISO, "When it happened", required=True),
        Column("url", S, "Clicked link (click events)"),
        Column("bounce_type", S, "hard or soft (bounce events)", allowed=("hard", "soft")),
        Column("survey_score", INT, "0-10 recommendation score (survey_response events)"),
    ),
    key=("event_id",),
    snapshot=False,
)

SOCIAL_PLATFORM = Column(
    "platform", S, "Social network", required=True, allowed=("instagram", "facebook", "tiktok")
)

SOCIAL_PROFILES = Table(
    "social",
    "profiles",
    "Profiles that interacted with the brand's social accounts. Few carry an email.",
    (
        Column("profile_id", S, "Platform-scoped profile id", required=True, identifies=PROFILE),
        SOCIAL_PLATFORM,
        Column("handle", S, "Username / handle", required=True),
        Column("display_name", S, "Display name as the person set it"),
        Column("location", S, "Free-text location"),
        Column("bio", S, "Profile bio"),
        Column("email", S, "Public contact email, rarely present", identifies=EMAIL),
        Column("first_seen_at", Kind.EPOCH_SECONDS, "First interaction with the brand (Unix s)"),
    ),
    key=("profile_id",),
    snapshot=True,
)

SOCIAL_INTERACTIONS = Table(
    "social",
    "interactions",
    "Interactions with the brand's accounts.",
    (
        Column("interaction_id", S, "Platform's id of the interaction", required=True),
        Column("profile_id", S, "Who interacted", required=True, identifies=PROFILE),
        SOCIAL_PLATFORM,
        Column(
            "interaction_type",
            S,
            "What they did",
            required=True,
            allowed=("follow", "like", "comment", "share", "mention", "direct_message"),
        ),
        Column("post_id", S, "Brand post concerned, if any"),
        Column("text", S, "Comment, mention or message text"),
        Column("occurred_at", Kind.EPOCH_SECONDS, "When (Unix seconds)", required=True),
    ),
    key=("interaction_id",),
    snapshot=False,
)

SOCIAL_AD_SPEND = Table(
    "social",
    "ad_spend",
    "Paid-social spend per day, platform and campaign.",
    (
        Column("date", Kind.DATE, "Day of spend", required=True),
        SOCIAL_PLATFORM,
        Column("campaign_id", S, "Ad campaign id", required=True),
        Column("campaign_name", S, "Ad campaign name"),
        Column("spend", D, "Amount spent", required=True),
        Column("currency", S, "ISO 4217 currency code", required=True),
        Column("impressions", INT, "Impressions"),
        Column("clicks", INT, "Link clicks"),
    ),
    key=("date", "platform", "campaign_id"),
    snapshot=True,
)

TABLES: tuple[Table, ...] = (
    SHOP_CUSTOMERS,
    SHOP_ORDERS,
    SHOP_ORDER_LINES,
    SHOP_PRODUCTS,
    SHOP_REFUNDS,
    SHOP_REVIEWS,
    EMAIL_CONTACTS,
    EMAIL_CAMPAIGNS,
    EMAIL_EVENTS,
    SOCIAL_PROFILES,
    SOCIAL_INTERACTIONS,
    SOCIAL_AD_SPEND,
)

SOURCES: tuple[str, ...] = ("shop", "email", "social")

# TIMESTAMP_LOCAL values are wall-clock times in the shop's zone (settings.SHOP_TIME_ZONE).
# Ambiguous times in the autumn fold are read as the first occurrence (summer time); times inside
# the spring gap do not exist and are quarantined rather than guessed.


def table(source: str, name: str) -> Table:
    for t in TABLES:
        if t.source == source and t.name == name:
            return t
    raise KeyError(f"no landed table {source}.{name}")
