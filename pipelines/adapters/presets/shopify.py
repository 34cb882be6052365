"""Shopify's orders export (one row per line item; order-level values on an order's first row
only) and its customers export. Layouts: shared/design/export-formats.md sections 1 and 2."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pipelines.adapters.conversion import Conversion, SourceRows, normalised_email
from pipelines.adapters.exports import ExportRow
from pipelines.adapters.presets.base import Field, Preset
from pipelines.adapters.values import (
    decimal_text,
    offset_text,
    parse_flag,
    parse_quantity,
    stable_id,
    strip_apostrophe,
)
from pipelines.ingest.schemas import SHOP_ORDERS

SHOPIFY_DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"
_STATUSES = next(c.allowed for c in SHOP_ORDERS.columns if c.name == "financial_status")
# Shopify's `Source` holds channel names and numeric app ids; the landing contract knows three.
_CHANNELS = {"pos": "store", "iphone": "app", "android": "app", "shopify_mobile": "app"}
UNCATEGORISED = "uncategorised"


def _orders(rows: Iterable[ExportRow], source: SourceRows) -> dict[str, list[ExportRow]]:
    """Line-item rows grouped by order `Name`, in file order."""
    orders: dict[str, list[ExportRow]] = {}
    for row in rows:
        orders.setdefault(source.get(row, "order_name") or "", []).append(row)
    return orders


class _Buyer:
    """What the orders export tells about one buyer: a shop account made from their orders."""

    def __init__(self) -> None:
        self.first_order: dt.datetime | None = None
        self.newest_order: dt.datetime | None = None
        self.row: dict[str, str] = {}

    def saw(self, at: dt.datetime, row: dict[str, str]) -> None:
        self.first_order = min(filter(None, (self.first_order, at)))
        if self.newest_order is None or at >= self.newest_order:
            self.newest_order, self.row = at, row


def _buyer_id(conversion: Conversion, email: str | None, phone: str | None) -> str | None:
    if email:
        return conversion.customer_ids_by_email.get(email) or stable_id("shopify", email)
    if phone:
        return stable_id("shopify-phone", "".join(ch for ch in phone if ch.isdigit()))
    return None


def _split_name(name: str | None) -> tuple[str, str]:
    first, _, last = (name or "").strip().partition(" ")
    return first, last


def _order(source: SourceRows, conversion: Conversion, name: str, rows: list[ExportRow]):
    first, tz = rows[0], source.time_zone
    created = source.required_timestamp(first, "created_at")
    status = source.required(first, "financial_status").lower()
    if status not in _STATUSES:
        raise ValueError(f"financial status {status!r} is not one of {', '.join(_STATUSES)}")
    total = source.required_decimal(first, "total")
    cancelled = source.timestamp(first, "cancelled_at")
    refunded = source.decimal(first, "refunded_amount")
    consent = source.get(first, "accepts_marketing")
    accepts = parse_flag(consent) if consent else None
    email = normalised_email(next(filter(None, (source.get(r, "email") for r in rows)), None))
    phone = source.get(first, "phone") or source.get(first, "billing_phone")
    phone = strip_apostrophe(phone) if phone else None
    order_id = strip_apostrophe(source.get(first, "order_id") or name)
    customer_id = _buyer_id(conversion, email, phone)
    channel = (source.get(first, "sales_channel") or "web").lower()
    order = {
        "order_id": order_id,
        "order_name": name,
        "customer_id": customer_id or "",
        "email": email or "",
        "created_at": offset_text(created, tz),
        "currency": source.currency(first),
        "subtotal_price": decimal_text(source.decimal(first, "subtotal") or 0),
        "total_discounts": decimal_text(source.decimal(first, "discount_amount") or 0),
        "shipping_price": decimal_text(source.decimal(first, "shipping") or 0),
        "total_tax": decimal_text(source.decimal(first, "taxes") or 0),
        "total_price": decimal_text(total),
        "financial_status": status,
        "cancelled_at": offset_text(cancelled, tz) if cancelled else "",
        "cancel_reason": "",
        "sales_channel": _CHANNELS.get(channel, channel if channel in ("web", "app") else "web"),
        "discount_code": source.get(first, "discount_code") or "",
        "is_test": "false",
        "tags": source.get(first, "tags") or "",
    }
    refund = None
    if refunded:
        # The export has no refund date: the refund is dated at the cancellation, or else at
        # the order (net revenue is right; when the money went back is not known).
        refund = {
            "refund_id": f"{order_id}-refunded",
            "order_id": order_id,
            "created_at": offset_text(cancelled or created, tz),
            "amount": decimal_text(refunded),
            "reason": "Refunded Amount in the Shopify orders export",
        }
    account = {
        "customer_id": customer_id or "",
        "email": email or "",
        "first_name": _split_name(source.get(first, "billing_name"))[0],
        "last_name": _split_name(source.get(first, "billing_name"))[1],
        "phone": phone or "",
        "address1": source.get(first, "address1") or "",
        "city": source.get(first, "city") or "",
        "postcode": strip_apostrophe(source.get(first, "zip") or ""),
        "country": (source.get(first, "country") or "").upper(),
        "accepts_marketing": "" if accepts is None else ("yes" if accepts else "no"),
        # Ticked (or not) at checkout: the newest order's answer, dated at that order.
        "accepts_marketing_updated_at": offset_text(created, tz) if accepts is not None else "",
        "tags": "",
    }
    return order, refund, account, created


def _lines(source: SourceRows, conversion: Conversion, order_id: str, rows: list[ExportRow]):
    for number, row in enumerate(rows, start=1):
        try:
            quantity = parse_quantity(source.required(row, "line_quantity"), False)
            price = source.required_decimal(row, "line_price")
            sku = source.get(row, "line_sku") or source.get(row, "line_name")
            if sku is None:
                raise ValueError("neither 'Lineitem sku' nor 'Lineitem name' is filled in")
        except ValueError as error:
            conversion.reject(source, row, f"line item of order {order_id}: {error}")
            continue
        conversion.add_order_line(
            {
                "line_id": f"{order_id}-{number}",
                "order_id": order_id,
                "sku": sku,
                "product_name": source.get(row, "line_name") or "",
                "category": source.get(row, "category") or UNCATEGORISED,
                "quantity": str(quantity),
                "unit_price": decimal_text(price),
                "line_discount": decimal_text(source.decimal(row, "line_discount") or 0),
            }
        )


def convert_orders(source: SourceRows, conversion: Conversion) -> None:
    buyers: dict[str, _Buyer] = {}
    for name, rows in _orders(conversion.reject_malformed(source), source).items():
        try:
            if not name:
                raise ValueError(f"{source.label(rows[0], 'order_name')} is blank")
            order, refund, account, created = _order(source, conversion, name, rows)
        except ValueError as error:
            for row in rows:
                conversion.reject(source, row, f"order {name or '?'}: {error}")
            continue
        conversion.add("shop", "orders", order)
        if refund:
            conversion.add("shop", "refunds", refund)
        _lines(source, conversion, order["order_id"], rows)
        if account["customer_id"]:
            buyers.setdefault(account["customer_id"], _Buyer()).saw(created, account)
    accounts = conversion.rows("shop", "customers")
    for customer_id, buyer in buyers.items():
        first_order = offset_text(buyer.first_order, source.time_zone)
        known = accounts.get((customer_id,))
        if known is not None:
            # From the customers export, which has no creation date: their first order is.
            known["created_at"] = min(known["created_at"], first_order)
            continue
        conversion.add("shop", "customers", {**buyer.row, "created_at": first_order})


def convert_customers(source: SourceRows, conversion: Conversion) -> None:
    # The export has no creation date: an account exists at the latest on the delivery day
    # (its first order, if the orders export is converted too, moves it earlier).
    delivered = dt.datetime.combine(conversion.delivered_on, dt.time(), dt.UTC)
    for row in conversion.reject_malformed(source):
        email = normalised_email(source.get(row, "email"))
        phone = strip_apostrophe(source.get(row, "phone") or "")
        customer_id = strip_apostrophe(source.get(row, "customer_id") or "")
        customer_id = customer_id or _buyer_id(conversion, email, phone)
        try:
            if not customer_id:
                raise ValueError("no 'Customer ID', email or phone to identify the account by")
            consent = source.get(row, "accepts_marketing")
            accepts = parse_flag(consent) if consent else None
        except ValueError as error:
            conversion.reject(source, row, f"customer: {error}")
            continue
        if email:
            conversion.customer_ids_by_email.setdefault(email, customer_id)
        conversion.add(
            "shop",
            "customers",
            {
                "customer_id": customer_id,
                "email": email or "",
                "first_name": source.get(row, "first_name") or "",
                "last_name": source.get(row, "last_name") or "",
                "phone": phone,
                "address1": source.get(row, "address1") or "",
                "city": source.get(row, "city") or "",
                "postcode": strip_apostrophe(source.get(row, "zip") or ""),
                "country": (source.get(row, "country") or "").upper(),
                "created_at": offset_text(delivered, source.time_zone),
                "accepts_marketing": "" if accepts is None else ("yes" if accepts else "no"),
                "accepts_marketing_updated_at": "",
                "tags": source.get(row, "tags") or "",
            },
        )


SHOPIFY_ORDERS = Preset(
    name="shopify_orders",
    description="Shopify's orders export (Orders > Export): one row per line item.",
    landing_source="shop",
    tables=("orders", "order_lines", "refunds", "products", "customers"),
    files="orders_export*.csv",
    fields=(
        Field("order_name", "Name", "Order number; groups an order's line-item rows", True),
        Field("order_id", "Id", "Shopify's order id (blank on continuation rows); else Name"),
        Field("email", "Email", "Buyer's email; blank for phone-only buyers"),
        Field("financial_status", "Financial Status", "paid, refunded, …", True),
        Field("accepts_marketing", "Accepts Marketing", "yes/no: email-marketing consent"),
        Field("currency", "Currency", "ISO currency code", True),
        Field("subtotal", "Subtotal", "Lines after discounts"),
        Field("shipping", "Shipping", "Shipping charged"),
        Field("taxes", "Taxes", "Tax included"),
        Field("total", "Total", "What the buyer paid, before refunds", True),
        Field("discount_code", "Discount Code", "Discount code"),
        Field("discount_amount", "Discount Amount", "Order-level discount"),
        Field("created_at", "Created at", "When the order was placed", True),
        Field("cancelled_at", "Cancelled at", "When it was cancelled"),
        Field("refunded_amount", "Refunded Amount", "Refunded so far (cumulative)"),
        Field("sales_channel", "Source", "web, pos (store), iphone/android (app); else web"),
        Field("tags", "Tags", "Order tags"),
        Field("line_quantity", "Lineitem quantity", "Units of the line", True),
        Field("line_name", "Lineitem name", "Product title"),
        Field("line_price", "Lineitem price", "Unit price before discount", True),
        Field("line_sku", "Lineitem sku", "Product SKU; blank: the line's name is used"),
        Field("line_discount", "Lineitem discount", "Discount on the whole line"),
        Field("category", None, "Product category (not in the export; default uncategorised)"),
        Field("billing_name", "Billing Name", "Buyer's name"),
        Field("phone", "Phone", "Buyer's phone"),
        Field("billing_phone", "Billing Phone", "Used when Phone is blank"),
        Field("address1", "Billing Address1", "Street"),
        Field("city", "Billing City", "Town"),
        Field("zip", "Billing Zip", "Postcode (a leading ' is removed)"),
        Field("country", "Billing Country", "ISO-2 country code"),
    ),
    date_format=SHOPIFY_DATE_FORMAT,
    time_zone=None,
    convert=convert_orders,
    stage=2,
)

SHOPIFY_CUSTOMERS = Preset(
    name="shopify_customers",
    description="Shopify's customers export (Customers > Export).",
    landing_source="shop",
    tables=("customers",),
    files="customers_export*.csv",
    fields=(
        Field("customer_id", "Customer ID", "Shopify's id; absent in old exports"),
        Field("email", "Email", "Account email; blank for SMS-only customers"),
        Field("first_name", "First Name", "Given name"),
        Field("last_name", "Last Name", "Family name"),
        Field("phone", ("Phone", "Default Address Phone"), "Phone"),
        Field("address1", ("Default Address Address1", "Address1"), "Street"),
        Field("city", ("Default Address City", "City"), "Town"),
        Field("zip", ("Default Address Zip", "Zip"), "Postcode"),
        Field("country", ("Default Address Country Code", "Country Code"), "ISO-2 country"),
        Field(
            "accepts_marketing",
            ("Accepts Email Marketing", "Accepts Marketing"),
            "yes/no: email-marketing consent (the export has no date for it)",
        ),
        Field("tags", "Tags", "Customer tags"),
    ),
    date_format=SHOPIFY_DATE_FORMAT,
    time_zone=None,
    convert=convert_customers,
    stage=1,
)
