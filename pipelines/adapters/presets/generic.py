"""A generic order-lines file (one row per invoice line, as in the UCI Online Retail II data):
invoice, customer, time, quantity, unit price, product, country, under any column names.
Returns and cancellations are lines with a negative quantity or invoices marked with a prefix
(``C`` by default); lines without a customer are quarantined."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from pipelines.adapters.conversion import Conversion, SourceRows, normalised_email
from pipelines.adapters.exports import ExportRow
from pipelines.adapters.presets.base import Field, Preset
from pipelines.adapters.presets.cancellations import LINE_SCHEMA, match_returns
from pipelines.adapters.presets.shopify import UNCATEGORISED
from pipelines.adapters.values import decimal_text, offset_text, parse_quantity
from pipelines.ingest.schemas import SHOP_ORDERS

DEFAULT_CANCELLED_PREFIX = "C"
# The landing contract's sales channels (shop/orders.sales_channel).
_CHANNELS = next(c.allowed for c in SHOP_ORDERS.columns if c.name == "sales_channel")


@dataclass
class _Line:
    row: ExportRow
    invoice: str
    customer_id: str
    at: dt.datetime
    quantity: int
    price: Decimal
    product: str
    currency: str
    channel: str

    @property
    def amount(self) -> Decimal:
        return abs(self.quantity * self.price)


def _customer_id(text: str | None) -> str | None:
    # Spreadsheets turn ids into numbers: "13085.0" is customer 13085.
    if text and text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


def _channel(source: SourceRows, row: ExportRow) -> str:
    channel = (source.get(row, "sales_channel") or "web").lower()
    if channel not in _CHANNELS:
        raise ValueError(
            f"{source.label(row, 'sales_channel')}: {channel[:20]!r} is not one of "
            f"{', '.join(_CHANNELS)}"
        )
    return channel


def _line(source: SourceRows, row: ExportRow) -> _Line:
    customer_id = _customer_id(source.get(row, "customer_id"))
    if customer_id is None:
        raise ValueError(
            f"no customer ({source.label(row, 'customer_id')} is blank): a line nobody "
            "bought cannot count towards any customer"
        )
    at = source.required_timestamp(row, "invoice_date")
    price = source.required_decimal(row, "unit_price")
    quantity = parse_quantity(source.required(row, "quantity"), source.source.decimal_comma)
    if quantity == 0:
        raise ValueError(f"{source.label(row, 'quantity')} is 0")
    return _Line(
        row=row,
        invoice=source.required(row, "invoice"),
        customer_id=customer_id,
        at=at,
        quantity=quantity,
        price=price,
        product=source.required(row, "product"),
        currency=source.currency(row),
        channel=_channel(source, row),
    )


def _sales(source: SourceRows, conversion: Conversion, lines: list[_Line]) -> dict[str, dict]:
    orders: dict[str, dict] = {}
    numbers: dict[str, int] = {}
    for line in lines:
        order = orders.get(line.invoice)
        if order is None:
            order = orders[line.invoice] = {
                "order_id": line.invoice,
                "order_name": line.invoice,
                "customer_id": line.customer_id,
                "email": normalised_email(source.get(line.row, "email")) or "",
                "created_at": offset_text(line.at, source.time_zone),
                "currency": line.currency,
                "total": Decimal(0),
                "financial_status": "paid",
                "sales_channel": line.channel,
                "_at": line.at,
            }
        order["total"] += line.quantity * line.price
        numbers[line.invoice] = numbers.get(line.invoice, 0) + 1
        conversion.add_order_line(
            {
                "line_id": f"{line.invoice}-{numbers[line.invoice]}",
                "order_id": line.invoice,
                "sku": line.product,
                "product_name": source.get(line.row, "description") or "",
                "category": source.get(line.row, "category") or UNCATEGORISED,
                "quantity": str(line.quantity),
                "unit_price": decimal_text(line.price),
                "line_discount": "0.00",
            }
        )
    return orders


def _frame(lines: list[_Line]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "invoice": [line.invoice for line in lines],
            "customer_id": [line.customer_id for line in lines],
            "at": [line.at.astimezone(dt.UTC) for line in lines],
            "product": [line.product for line in lines],
            "price": [line.price for line in lines],
            "quantity": [abs(line.quantity) for line in lines],
        },
        schema=LINE_SCHEMA,
    )


def _returns(
    source: SourceRows, conversion: Conversion, sales: list[_Line], returns: list[_Line], orders
) -> None:
    """Each return refunds the order cancellations.match_returns finds for it; a return no
    order can take is quarantined, line by line."""
    matches = match_returns(_frame(sales), _frame(returns))
    items: dict[str, list[_Line]] = {}
    for line in returns:
        items.setdefault(line.invoice, []).append(line)
    first_sale: dict[str, dt.datetime] = {}
    for line in sales:
        first_sale[line.customer_id] = min(line.at, first_sale.get(line.customer_id, line.at))
    refunded: dict[str, Decimal] = {}
    for match in matches.iter_rows(named=True):
        invoice, order_id = match["invoice"], match["order_id"]
        first = items[invoice][0]
        amount = sum((i.amount for i in items[invoice]), Decimal(0))
        if order_id is None:
            earlier = first.customer_id in first_sale and first_sale[first.customer_id] <= first.at
            problem = (
                f"return {invoice} of {decimal_text(amount)}: no earlier order of customer "
                f"{match['customer_id']} holds these products or has that much left to refund"
                if earlier
                else f"return {invoice} of customer {match['customer_id']}: no earlier order of "
                "theirs in the export to refund"
            )
            for item in items[invoice]:
                conversion.reject(source, item.row, problem)
            continue
        order = orders[order_id]
        refunded[order_id] = refunded.get(order_id, Decimal(0)) + amount
        order["financial_status"] = (
            "refunded" if refunded[order_id] == order["total"] else "partially_refunded"
        )
        conversion.add(
            "shop",
            "refunds",
            {
                "refund_id": invoice if invoice != order_id else f"{invoice}-return",
                "order_id": order_id,
                "created_at": offset_text(first.at, source.time_zone),
                "amount": decimal_text(amount),
                "reason": f"return or cancellation {invoice}",
            },
        )


def convert_order_lines(source: SourceRows, conversion: Conversion) -> None:
    prefix = source.source.defaults.get("cancelled_prefix", DEFAULT_CANCELLED_PREFIX)
    sales, returns = [], []
    for row in conversion.reject_malformed(source):
        try:
            line = _line(source, row)
        except ValueError as error:
            conversion.reject(source, row, str(error))
            continue
        is_return = line.quantity < 0 or (prefix and line.invoice.upper().startswith(prefix))
        (returns if is_return else sales).append(line)
    orders = _sales(source, conversion, sales)
    _returns(source, conversion, sales, returns, orders)
    first_seen: dict[str, tuple[dt.datetime, str]] = {}
    for line in sales:
        seen = first_seen.get(line.customer_id)
        if seen is None or line.at < seen[0]:
            first_seen[line.customer_id] = (line.at, source.get(line.row, "country") or "")
    for order in orders.values():
        order.pop("_at")
        total = order.pop("total")
        conversion.add(
            "shop",
            "orders",
            {
                **order,
                "subtotal_price": decimal_text(total),
                "total_discounts": "0.00",
                "shipping_price": "0.00",
                "total_tax": "",
                "total_price": decimal_text(total),
                "cancelled_at": "",
                "cancel_reason": "",
                "discount_code": "",
                "is_test": "false",
                "tags": "",
            },
        )
    for customer_id, (at, country) in first_seen.items():
        conversion.add(
            "shop",
            "customers",
            {
                "customer_id": customer_id,
                # As given (a code or a name, "United Kingdom"): staging makes it ISO-2.
                "country": country,
                "created_at": offset_text(at, source.time_zone),
            },
        )


GENERIC_ORDER_LINES = Preset(
    name="generic_order_lines",
    description="Any order-lines file: one row per invoice line (e.g. UCI Online Retail II).",
    landing_source="shop",
    tables=("orders", "order_lines", "refunds", "products", "customers"),
    files="order_lines*.csv",
    fields=(
        Field("invoice", "Invoice", "Invoice/order number; a prefix marks cancellations", True),
        Field("customer_id", "Customer ID", "Customer number; blank lines are quarantined", True),
        Field("invoice_date", "InvoiceDate", "When; in `date_format`, shop time", True),
        Field("quantity", "Quantity", "Units; negative on returns", True),
        Field("unit_price", "Price", "Price per unit", True),
        Field("product", "StockCode", "Product code", True),
        Field("description", "Description", "Product name"),
        Field("country", "Country", "Country as a code or name in any common form"),
        Field(
            "currency",
            None,
            "ISO 4217 code: map a column, set a default or the config's `currency`",
            True,
        ),
        Field("email", None, "Customer email, if the file has one"),
        Field("category", None, "Product category (default uncategorised)"),
        Field("sales_channel", None, "web, app or store (default web)"),
    ),
    date_format="%Y-%m-%d %H:%M:%S",
    time_zone=None,
    convert=convert_order_lines,
    stage=1,
)
