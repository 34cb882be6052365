"""What each preset makes of its export's quirks, on tiny files written here."""

import re
import textwrap
from pathlib import Path

import pytest

from pipelines.adapters.config import ConfigError, load_config
from pipelines.adapters.convert import convert, convert_into
from pipelines.adapters.exports import ExportFileError
from pipelines.settings import Settings

AT = "2026-03-01 10:00:00 +0100"
SHOPIFY_HEADER = (
    "Name,Email,Financial Status,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,"
    "Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,"
    "Lineitem discount,Billing Name,Cancelled at,Refunded Amount,Id,Source,Phone"
)


def _config(folder: Path, sources: str, **files: str) -> Path:
    for name, text in files.items():
        path = folder / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    config = folder / "klantbeeld.yml"
    config.write_text("delivered_on: 2026-11-01\nsources:\n" + sources)
    return config


def _order_row(name, email, status, created, sku, price="5.00", quantity="1", **more) -> str:
    """One line-item row; order-level columns are blank when ``status`` is (continuation)."""
    first = bool(status)
    values = {
        "Name": name,
        "Email": email,
        "Financial Status": status,
        "Accepts Marketing": more.get("accepts", "yes" if first else ""),
        "Currency": more.get("currency", "EUR") if first else "",
        "Total": more.get("total", price) if first else "",
        "Created at": created,
        "Lineitem quantity": quantity,
        "Lineitem name": more.get("item", "Mok"),
        "Lineitem price": price,
        "Lineitem sku": sku,
        "Billing Name": more.get("billing", ""),
        "Refunded Amount": more.get("refunded", "0.00") if first else "",
        "Id": more.get("id", "") if first else "",
        "Source": more.get("source", "web") if first else "",
        "Phone": more.get("phone", ""),
    }
    return ",".join(values.get(column, "") for column in SHOPIFY_HEADER.split(","))


def _shopify(tmp_path, orders: list[str], customers: str | None = None):
    sources = "  orders:\n    preset: shopify_orders\n    files: orders.csv\n"
    files = {"orders.csv": "\n".join([SHOPIFY_HEADER, *orders]) + "\n"}
    if customers is not None:
        sources += "  customers:\n    preset: shopify_customers\n    files: customers.csv\n"
        files["customers.csv"] = customers
    return convert(load_config(_config(tmp_path, sources, **files)))


def test_shopify_continuation_rows_are_lines_of_the_order_above(tmp_path):
    conversion = _shopify(
        tmp_path,
        [
            _order_row(
                "#1001",
                "a@example.com",
                "partially_refunded",
                AT,
                "MOK-1",
                "20.00",
                "2",
                total="60.00",
                refunded="15.00",
                id="6001",
                billing="Anna de Vries",
            ),
            _order_row("#1001", "a@example.com", "", AT, "", "20.00", item="Kaart"),
        ],
    )
    orders = list(conversion.rows("shop", "orders").values())
    assert [(o["order_id"], o["total_price"], o["financial_status"]) for o in orders] == [
        ("6001", "60.00", "partially_refunded")
    ]
    lines = list(conversion.rows("shop", "order_lines").values())
    # A line without an SKU is known by its name.
    assert [(li["line_id"], li["sku"], li["quantity"]) for li in lines] == [
        ("6001-1", "MOK-1", "2"),
        ("6001-2", "Kaart", "1"),
    ]
    refunds = list(conversion.rows("shop", "refunds").values())
    assert [(r["order_id"], r["amount"], r["created_at"]) for r in refunds] == [
        ("6001", "15.00", "2026-03-01 10:00:00 +0100")
    ]
    account = next(iter(conversion.rows("shop", "customers").values()))
    assert (account["first_name"], account["last_name"], account["accepts_marketing"]) == (
        "Anna",
        "de Vries",
        "yes",
    )
    assert account["accepts_marketing_updated_at"] == "2026-03-01 10:00:00 +0100"


def test_shopify_buyers_are_linked_to_the_customers_export_by_email(tmp_path):
    conversion = _shopify(
        tmp_path,
        [
            _order_row(
                "#1002",
                "",
                "paid",
                "2026-03-02 10:00:00 +0100",
                "MOK-1",
                id="6002",
                source="pos",
                phone="'+31612345678",
                accepts="no",
            ),
            _order_row("#1001", "A@Example.com ", "paid", AT, "MOK-1", id="6001"),
        ],
        customers="Customer ID,Email,Accepts Email Marketing\n'7001,a@example.com,yes\n",
    )
    orders = {o["order_id"]: o for o in conversion.rows("shop", "orders").values()}
    assert orders["6001"]["customer_id"] == "7001"
    assert orders["6002"]["sales_channel"] == "store"
    accounts = conversion.rows("shop", "customers")
    # The customers export's account takes its creation from the first order.
    assert accounts[("7001",)]["created_at"] == "2026-03-01 10:00:00 +0100"
    assert len(accounts) == 2


def test_shopify_an_order_that_cannot_be_read_is_quarantined_on_every_line(tmp_path):
    conversion = _shopify(
        tmp_path,
        [
            _order_row("#1001", "a@example.com", "betaald", AT, "MOK-1", id="6001"),
            _order_row("#1001", "a@example.com", "", AT, "KRT"),
        ],
    )
    assert conversion.rows("shop", "orders") == {}
    assert [(r.file, r.line) for r in conversion.rejects] == [("orders.csv", 2), ("orders.csv", 3)]
    assert conversion.rejects[0].reason.startswith("order #1001: financial status 'betaald'")


def test_mailchimp_status_comes_from_the_file_name(tmp_path):
    header = '"Email Address",OPTIN_TIME,CONFIRM_TIME,UNSUB_TIME,LAST_CHANGED,LEID\n'
    config = _config(
        tmp_path,
        "  mc:\n    preset: mailchimp_audience\n    files: mc/*.csv\n",
        **{
            "mc__subscribed_members_export_ab12.csv": header
            + "a@example.com,2026-01-01 08:00:00,2026-01-01 09:00:00,,,1\n",
            "mc__unsubscribed_members_export_ab12.csv": header
            + "b@example.com,2026-01-01 08:00:00,,2026-02-01 10:00:00,,2\n",
            "mc__nonsubscribed_members_export_ab12.csv": header
            + "c@example.com,,,,2026-03-01 10:00:00,3\n",
            "mc__members.csv": header + "d@example.com,,,,,4\n",
        },
    )
    conversion = convert(load_config(config))
    contacts = {c["email"]: c for c in conversion.rows("email", "contacts").values()}
    assert {
        e: (c["status"], c["opted_in_at"], c["status_changed_at"]) for e, c in contacts.items()
    } == {
        "a@example.com": ("subscribed", "2026-01-01 09:00:00", "2026-01-01 09:00:00"),
        "b@example.com": ("unsubscribed", "2026-01-01 08:00:00", "2026-02-01 10:00:00"),
        "c@example.com": ("pending", "", "2026-03-01 10:00:00"),
    }
    assert [(r.file, r.line) for r in conversion.rejects] == [("mc/members.csv", 2)]
    assert "file name does not say" in conversion.rejects[0].reason


def test_shopify_orders_in_a_currency_that_is_no_iso_code_are_quarantined(tmp_path):
    conversion = _shopify(
        tmp_path,
        [
            _order_row("#1002", "a@example.com", "paid", AT, "MOK-1", currency="usd"),
            _order_row("#1001", "b@example.com", "paid", AT, "MOK-1", currency="Dollar"),
        ],
    )
    orders = conversion.rows("shop", "orders").values()
    assert [(o["order_name"], o["currency"]) for o in orders] == [("#1002", "USD")]
    assert [(r.line, r.reason) for r in conversion.rejects] == [
        (
            3,
            "order #1001: 'Currency' (currency): 'Dollar' is not an ISO 4217 currency code "
            "(e.g. EUR, USD)",
        )
    ]


GENERIC_SOURCE = """\
  lines:
    preset: generic_order_lines
    files: lines.csv
    defaults:
      currency: EUR
"""
GENERIC_HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"


def test_generic_returns_refund_the_earlier_order_holding_their_products(tmp_path):
    """C3 cancels order 2 exactly (one mug); C4 finds order 2's mug returned already and takes
    one of order 1's two mugs instead of being quarantined."""
    config = _config(
        tmp_path,
        GENERIC_SOURCE,
        **{
            "lines.csv": GENERIC_HEADER
            + "1,A,Mok,2,2026-01-01 10:00:00,10.00,13085.0,NL\n"
            + "2,A,Mok,1,2026-02-01 10:00:00,10.00,13085.0,NL\n"
            + "C3,A,Mok,-1,2026-02-02 10:00:00,10.00,13085.0,NL\n"
            + "C4,A,Mok,-1,2026-02-03 10:00:00,10.00,13085.0,NL\n"
            + "5,A,Mok,1,2026-02-04 10:00:00,10.00\n"
        },
    )
    conversion = convert(load_config(config))
    orders = {o["order_id"]: o for o in conversion.rows("shop", "orders").values()}
    assert {k: (o["customer_id"], o["financial_status"]) for k, o in orders.items()} == {
        "1": ("13085", "partially_refunded"),
        "2": ("13085", "refunded"),
    }
    assert [
        (r["refund_id"], r["order_id"], r["amount"])
        for r in conversion.rows("shop", "refunds").values()
    ] == [("C3", "2", "10.00"), ("C4", "1", "10.00")]
    assert [(r.line, r.reason) for r in conversion.rejects] == [
        (
            6,
            "expected 8 fields as in the header, found another number "
            "(an unquoted comma or a cut-off row)",
        ),
    ]


def test_a_header_without_a_required_column_is_an_error_naming_file_and_column(tmp_path):
    config = _config(tmp_path, GENERIC_SOURCE, **{"lines.csv": "Invoice,StockCode\n1,A\n"})
    with pytest.raises(
        ConfigError, match=r"lines.csv, line 1 \(header\): no column\(s\) \['Customer ID'"
    ):
        convert_into(
            load_config(config),
            Settings(tmp_path / "landing", tmp_path / "w.duckdb", tmp_path / "truth"),
        )


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ("  x:\n    preset: shopify\n    files: a.csv\n", "unknown preset 'shopify'"),
        ("  x:\n    preset: shopify_orders\n    files: a.csv\n    colums: {}\n", "unknown key"),
        (
            "  x:\n    preset: shopify_orders\n    files: a.csv\n    columns: {ordernr: Nr}\n",
            "has no field(s) ['ordernr']",
        ),
        ("  x:\n    files: a.csv\n", "`preset` is required"),
    ],
)
def test_config_mistakes_name_the_key(tmp_path, sources, message):
    config = _config(tmp_path, sources, **{"a.csv": "Name\n"})
    with pytest.raises(ConfigError, match=re.escape(message)):
        convert(load_config(config))


def test_a_saved_api_response_that_is_not_json_names_the_file(tmp_path):
    config = _config(
        tmp_path,
        "  events:\n    preset: klaviyo_events\n    files: events_*.json\n",
        **{"events_1.json": "<html>rate limited</html>"},
    )
    with pytest.raises(ExportFileError, match=r"^events_1.json: not JSON .*Klaviyo events"):
        convert(load_config(config))


def test_generic_a_sales_channel_outside_the_contract_is_quarantined_with_its_line(tmp_path):
    config = _config(
        tmp_path,
        GENERIC_SOURCE.replace(
            "    defaults:\n", "    columns:\n      sales_channel: Kanaal\n    defaults:\n"
        ),
        **{
            "lines.csv": GENERIC_HEADER.replace("\n", ",Kanaal\n")
            + "1,A,Mok,2,2026-01-01 10:00:00,10.00,7,NL,Store\n"
            + "2,A,Mok,1,2026-02-01 10:00:00,10.00,7,NL,telefoon\n"
        },
    )
    conversion = convert(load_config(config))
    orders = conversion.rows("shop", "orders")
    assert [o["sales_channel"] for o in orders.values()] == ["store"]
    assert [(r.line, r.reason) for r in conversion.rejects] == [
        (3, "'Kanaal' (sales_channel): 'telefoon' is not one of web, app, store")
    ]
