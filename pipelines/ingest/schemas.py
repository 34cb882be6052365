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


def _c(name: str, kind: Kind, description: str, **kw: object) -> Column:
    return Column(name, kind, description, **kw)  # type: ignore[arg-type]


S, INT, D, B = Kind.STRING, Kind.INTEGER, Kind.DECIMAL, Kind.BOOLEAN
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
        _c("customer_id", S, "Shop's account id (numeric text; keep as string)", required=True),
        _c("email", S, "Account email as typed: case and whitespace vary; blank for SMS-only"),
        _c("first_name", S, "Given name"),
        _c("last_name", S, "Family name, with particles such as 'van der'"),
        _c("phone", S, "Phone as typed (06-…, +31 6 …, 0031…); blank if unknown"),
        _c("address1", S, "Street and house number"),
        _c("city", S, "Town"),
        _c("postcode", S, "Dutch postcode (1234 AB) or foreign"),
        _c("country", S, "ISO 3166-1 alpha-2 country code"),
        _c(
            "created_at",
            TS_OFF,
            "When the account was created, shop-local with offset",
            required=True,
        ),
        _c("accepts_marketing", B, "Email marketing consent in the shop (yes/no)"),
        _c("accepts_marketing_updated_at", TS_OFF, "When that consent last changed"),
        _c("tags", S, "Comma-separated shop tags"),
    ),
    key=("customer_id",),
    snapshot=True,
)

SHOP_ORDERS = Table(
    "shop",
    "orders",
    "Orders, one row per order (Shopify-style). Guest checkouts carry an email, no customer_id.",
    (
        _c("order_id", S, "Shop's order id", required=True),
        _c("order_name", S, "Human order number such as #1001"),
        _c("customer_id", S, "Account that placed it; blank for a guest checkout"),
        _c("email", S, "Email given at checkout, as typed"),
        _c(
            "created_at", TS_OFF, "When the order was placed, shop-local with offset", required=True
        ),
        _c("currency", S, "ISO 4217 currency code", required=True),
        _c("subtotal_price", D, "Sum of line prices after line discounts, before shipping/tax"),
        _c("total_discounts", D, "Order-level discount amount"),
        _c("shipping_price", D, "Shipping charged"),
        _c("total_tax", D, "Tax included in the total"),
        _c("total_price", D, "What the customer paid, before refunds", required=True),
        _c(
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
        _c("cancelled_at", TS_OFF, "When the order was cancelled; blank if not"),
        _c("cancel_reason", S, "customer, fraud, inventory, declined or other"),
        _c(
            "sales_channel",
            S,
            "Where it was bought",
            required=True,
            allowed=("web", "app", "store"),
        ),
        _c("discount_code", S, "Discount code used, if any"),
        _c("is_test", B, "Test order placed by the shop itself (true/false)"),
        _c("tags", S, "Comma-separated order tags"),
    ),
    key=("order_id",),
    snapshot=True,
)

SHOP_ORDER_LINES = Table(
    "shop",
    "order_lines",
    "Line items of orders.",
    (
        _c("line_id", S, "Shop's line item id", required=True),
        _c("order_id", S, "Order the line belongs to", required=True),
        _c("sku", S, "Product SKU", required=True),
        _c("product_name", S, "Product title at the time of sale"),
        _c("category", S, "Product category"),
        _c("quantity", INT, "Units", required=True),
        _c("unit_price", D, "Price per unit before discount", required=True),
        _c("line_discount", D, "Discount on the whole line (not per unit)"),
    ),
    key=("line_id",),
    snapshot=True,
)

SHOP_PRODUCTS = Table(
    "shop",
    "products",
    "Product catalogue.",
    (
        _c("sku", S, "Product SKU", required=True),
        _c("product_name", S, "Product title"),
        _c("category", S, "Product category", required=True),
        _c("price", D, "Current list price", required=True),
        _c("cost", D, "Unit cost to the shop"),
    ),
    key=("sku",),
    snapshot=True,
)

SHOP_REFUNDS = Table(
    "shop",
    "refunds",
    "Refunds; an order can have several, each partial or full.",
    (
        _c("refund_id", S, "Shop's refund id", required=True),
        _c("order_id", S, "Refunded order", required=True),
        _c("created_at", TS_OFF, "When the refund was made", required=True),
        _c("amount", D, "Amount refunded (positive)", required=True),
        _c("reason", S, "Free-text reason"),
    ),
    key=("refund_id",),
    snapshot=True,
)

SHOP_REVIEWS = Table(
    "shop",
    "reviews",
    "Product reviews from the shop's review app; times are shop-local without a zone.",
    (
        _c("review_id", S, "Review app's id", required=True),
        _c("sku", S, "Reviewed product", required=True),
        _c("order_id", S, "Order the review was invited for, if known"),
        _c("reviewer_email", S, "Reviewer's email as typed"),
        _c("reviewer_name", S, "Reviewer's display name"),
        _c("rating", INT, "Stars, 1 to 5", required=True),
        _c("title", S, "Review title"),
        _c("body", S, "Review text"),
        _c(
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
        _c("contact_id", S, "Provider's profile id", required=True),
        _c("email", S, "Address as imported or typed at sign-up", required=True),
        _c("first_name", S, "Given name"),
        _c("last_name", S, "Family name"),
        _c("phone", S, "Phone merge field"),
        _c(
            "status",
            S,
            "Subscription status",
            required=True,
            allowed=("subscribed", "unsubscribed", "cleaned", "pending"),
        ),
        _c("opted_in_at", TS_UTC, "When the contact opted in (UTC)"),
        _c("status_changed_at", TS_UTC, "When the status last changed (UTC)"),
        _c("member_rating", INT, "Provider's engagement rating, 1 to 5"),
        _c("signup_source", S, "Where the contact came from (checkout, popup, import, ...)"),
    ),
    key=("contact_id",),
    snapshot=True,
)

EMAIL_CAMPAIGNS = Table(
    "email",
    "campaigns",
    "Email campaigns sent.",
    (
        _c("campaign_id", S, "Provider's campaign id", required=True),
        _c("campaign_name", S, "Internal name"),
        _c("subject", S, "Subject line"),
        _c("campaign_type", S, "What it was for", allowed=("newsletter", "promotion", "survey")),
        _c("sent_at", TS_ISO, "When it was sent", required=True),
        _c("recipients", INT, "Number of recipients"),
        _c("cost", D, "Sending cost in EUR"),
    ),
    key=("campaign_id",),
    snapshot=True,
)

EMAIL_EVENTS = Table(
    "email",
    "events",
    "Per-recipient email events; exported at least once, so an event id can repeat.",
    (
        _c("event_id", S, "Provider's event id (repeats when re-exported)", required=True),
        _c("contact_id", S, "Recipient's contact id", required=True),
        _c("campaign_id", S, "Campaign the event belongs to"),
        _c(
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
        _c("occurred_at", TS_ISO, "When it happened", required=True),
        _c("url", S, "Clicked link (click events)"),
        _c("bounce_type", S, "hard or soft (bounce events)", allowed=("hard", "soft")),
        _c("survey_score", INT, "0-10 recommendation score (survey_response events)"),
    ),
    key=("event_id",),
    snapshot=False,
)

SOCIAL_PROFILES = Table(
    "social",
    "profiles",
    "Profiles that interacted with the brand's social accounts. Few carry an email.",
    (
        _c("profile_id", S, "Platform-scoped profile id", required=True),
        _c(
            "platform",
            S,
            "Social network",
            required=True,
            allowed=("instagram", "facebook", "tiktok"),
        ),
        _c("handle", S, "Username / handle", required=True),
        _c("display_name", S, "Display name as the person set it"),
        _c("location", S, "Free-text location"),
        _c("bio", S, "Profile bio"),
        _c("email", S, "Public contact email, rarely present"),
        _c("first_seen_at", Kind.EPOCH_SECONDS, "First interaction with the brand (Unix s)"),
    ),
    key=("profile_id",),
    snapshot=True,
)

SOCIAL_INTERACTIONS = Table(
    "social",
    "interactions",
    "Interactions with the brand's accounts.",
    (
        _c("interaction_id", S, "Platform's id of the interaction", required=True),
        _c("profile_id", S, "Who interacted", required=True),
        _c(
            "platform",
            S,
            "Social network",
            required=True,
            allowed=("instagram", "facebook", "tiktok"),
        ),
        _c(
            "interaction_type",
            S,
            "What they did",
            required=True,
            allowed=("follow", "like", "comment", "share", "mention", "direct_message"),
        ),
        _c("post_id", S, "Brand post concerned, if any"),
        _c("text", S, "Comment, mention or message text"),
        _c("occurred_at", Kind.EPOCH_SECONDS, "When (Unix seconds)", required=True),
    ),
    key=("interaction_id",),
    snapshot=False,
)

SOCIAL_AD_SPEND = Table(
    "social",
    "ad_spend",
    "Paid-social spend per day, platform and campaign.",
    (
        _c("date", Kind.DATE, "Day of spend", required=True),
        _c(
            "platform",
            S,
            "Social network",
            required=True,
            allowed=("instagram", "facebook", "tiktok"),
        ),
        _c("campaign_id", S, "Ad campaign id", required=True),
        _c("campaign_name", S, "Ad campaign name"),
        _c("spend", D, "Amount spent", required=True),
        _c("currency", S, "ISO 4217 currency code", required=True),
        _c("impressions", INT, "Impressions"),
        _c("clicks", INT, "Link clicks"),
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

# Shop-local wall-clock zone for TIMESTAMP_LOCAL values. Ambiguous times in the autumn fold are
# read as the first occurrence (summer time); times inside the spring gap do not exist and are
# quarantined rather than guessed.
SHOP_TIME_ZONE = "Europe/Amsterdam"


def table(source: str, name: str) -> Table:
    for t in TABLES:
        if t.source == source and t.name == name:
            return t
    raise KeyError(f"no landed table {source}.{name}")
