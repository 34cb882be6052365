"""Writes the landing folders of small_shop_50/ and few_repeat_60/ (see their READMEs) from the
hand-written tables below: every person, address and order is listed here on purpose; the
script only spells them out in the landing layout of docs/sources.md (order ids, lines, tax).
Run once; the CSVs are committed:

    .venv/bin/python tests/data/real_shops/write_small_shops.py
"""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DELIVERY = "2026-11-01"
# sku, product_name, category, price, cost
PRODUCTS = [
    ("B-1", "Zuurdesembrood", "Brood", "4.50", "1.20"),
    ("B-2", "Krentenbol 6 st.", "Brood", "3.00", "0.90"),
    ("T-1", "Appeltaart", "Taart", "18.50", "6.00"),
    ("T-2", "Slagroomtaart", "Taart", "24.00", "8.00"),
    ("K-1", "Koffiebonen 500 g", "Koffie", "12.50", "5.00"),
    ("K-2", "Cadeaupakket", "Koffie", "35.00", "15.00"),
]
PRICE = {sku: Decimal(price) for sku, _, _, price, _ in PRODUCTS}
FIRST_NAMES = [
    "Anna",
    "Bram",
    "Carlijn",
    "Daan",
    "Eva",
    "Finn",
    "Gijs",
    "Hanna",
    "Iris",
    "Jesse",
    "Koen",
    "Lieke",
    "Maarten",
    "Noor",
    "Olaf",
    "Pien",
    "Quinten",
    "Roos",
    "Sem",
    "Tess",
    "Ruben",
    "Vera",
    "Wouter",
    "Xander",
    "Yara",
    "Zoë",
    "Bas",
    "Fleur",
    "Guus",
    "Isa",
    "Jelle",
    "Kim",
    "Lars",
    "Mila",
    "Niels",
    "Saar",
    "Thijs",
    "Ilse",
    "Victor",
    "Wies",
    "Arjen",
    "Britt",
    "Cas",
    "Demi",
    "Emma",
    "Floor",
    "Hugo",
    "Jip",
    "Luuk",
    "Merel",
    "Nina",
    "Otto",
    "Puck",
    "Rik",
    "Stijn",
    "Tim",
    "Vince",
    "Wim",
    "Yvonne",
    "Sanne",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Berg",
    "van der Heijden",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Jong",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "van de Ven",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "van Dam",
    "Prins",
    "Blom",
    "Huisman",
    "Peeters",
    "de Lange",
    "Kuipers",
    "van Wijk",
    "Postma",
    "Kramer",
    "Bosman",
    "Evers",
    "Timmermans",
    "Groen",
    "Gerritsen",
    "Wouters",
    "Kroon",
    "Sijbrands",
    "Kok",
]

CUSTOMER_HEADER = [
    "customer_id", "email", "first_name", "last_name", "phone", "address1", "city", "postcode",
    "country", "created_at", "accepts_marketing", "accepts_marketing_updated_at", "tags",
]  # fmt: skip
ORDER_HEADER = [
    "order_id", "order_name", "customer_id", "email", "created_at", "currency", "subtotal_price",
    "total_discounts", "shipping_price", "total_tax", "total_price", "financial_status",
    "cancelled_at", "cancel_reason", "sales_channel", "discount_code", "is_test", "tags",
]  # fmt: skip
LINE_HEADER = ["line_id", "order_id", "sku", "product_name", "category", "quantity", "unit_price",
               "line_discount"]  # fmt: skip
CONTACT_HEADER = ["contact_id", "email", "first_name", "last_name", "phone", "status",
                  "opted_in_at", "status_changed_at", "member_rating", "signup_source"]  # fmt: skip
EMPTY = {
    "shop/refunds.csv": ["refund_id", "order_id", "created_at", "amount", "reason"],
    "shop/reviews.csv": ["review_id", "sku", "order_id", "reviewer_email", "reviewer_name",
                         "rating", "title", "body", "created_at"],
    "email/campaigns.csv": ["campaign_id", "campaign_name", "subject", "campaign_type", "sent_at",
                            "recipients", "cost"],
    "email/events.csv": ["event_id", "contact_id", "campaign_id", "event_type", "occurred_at",
                         "url", "bounce_type", "survey_score"],
    "social/profiles.csv": ["profile_id", "platform", "handle", "display_name", "location", "bio",
                            "email", "first_seen_at"],
    "social/interactions.csv": ["interaction_id", "profile_id", "platform", "interaction_type",
                                "post_id", "text", "occurred_at"],
    "social/ad_spend.csv": ["date", "platform", "campaign_id", "campaign_name", "spend",
                            "currency", "impressions", "clicks"],
}  # fmt: skip


def personal_email(number: int) -> str:
    first, last = FIRST_NAMES[number - 1], LAST_NAMES[number - 1]
    local = f"{first}.{last}".lower().replace(" ", "").replace("ë", "e")
    return f"{local}@{('gmail.com', 'ziggo.nl', 'kpnmail.nl', 'outlook.com')[number % 4]}"


def account(number: int, email: str | None, created: str) -> list[str]:
    first, last = FIRST_NAMES[number - 1], LAST_NAMES[number - 1]
    created_at = dt.datetime.fromisoformat(f"{created} 10:00").replace(tzinfo=AMSTERDAM)
    created_text = created_at.strftime("%Y-%m-%d %H:%M:%S %z")
    return [str(1000 + number), email or "", first, last, "", f"Dorpsstraat {number}",
            "Deventer", f"74{number % 100:02d} AB", "NL", created_text, "no", "", ""]  # fmt: skip


def write_shop(folder: Path, accounts, orders, contacts) -> None:
    """``orders``: (customer number or None for a guest, guest email, date, channel, skus)."""
    shop = folder / "landing" / "shop" / DELIVERY
    email = folder / "landing" / "email" / DELIVERY
    for directory in (shop, email, folder / "landing" / "social" / DELIVERY):
        directory.mkdir(parents=True, exist_ok=True)
    _write(shop / "customers.csv", CUSTOMER_HEADER, accounts)
    _write(shop / "products.csv", ["sku", "product_name", "category", "price", "cost"], PRODUCTS)
    order_rows, line_rows = [], []
    for number, (customer, guest_email, date, channel, skus) in enumerate(orders, start=1):
        order_id = str(5000 + number)
        total = sum(PRICE[sku] for sku in skus)
        tax = (total * 21 / 121).quantize(Decimal("0.01"))
        email_used = guest_email or next(a[1] for a in accounts if a[0] == str(1000 + customer))
        offset = dt.datetime.fromisoformat(f"{date} 11:00").replace(tzinfo=AMSTERDAM)
        offset = offset.strftime("%z")
        order_rows.append(
            [order_id, f"#{number}", "" if customer is None else str(1000 + customer),
             email_used, f"{date} 11:00:00 {offset}", "EUR", f"{total:.2f}", "0.00", "0.00",
             f"{tax:.2f}", f"{total:.2f}", "paid", "", "", channel, "", "false", ""]
        )  # fmt: skip
        for sku in skus:
            product = next(p for p in PRODUCTS if p[0] == sku)
            line_rows.append(
                [str(len(line_rows) + 1), order_id, sku, product[1], product[2], "1",
                 product[3], "0.00"]
            )  # fmt: skip
    _write(shop / "orders.csv", ORDER_HEADER, order_rows)
    _write(shop / "order_lines.csv", LINE_HEADER, line_rows)
    _write(email / "contacts.csv", CONTACT_HEADER, contacts)
    for name, header in EMPTY.items():
        source, table = name.split("/")
        _write(folder / "landing" / source / DELIVERY / table, header, [])


def _write(path: Path, header, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def small_shop_50() -> None:
    """50 persons; 35 buyers, 13 with a repeat purchase day; two junk role addresses shared by
    several records, one typo'd address."""
    accounts = [account(n, personal_email(n), "2025-01-15") for n in range(1, 43)]
    sanne = personal_email(43)
    accounts += [
        account(43, sanne, "2025-02-01"),
        # The same person again (account 1044): the address in capitals with spaces.
        ["1044", *account(43, f" {sanne.upper()} ", "2025-06-01")[1:]],
        # Three staff of café De Hoek, each with an account on the café's role address.
        account(45, "info@dehoek.nl", "2025-03-01"),
        account(46, "info@dehoek.nl", "2025-03-02"),
        account(47, "info@dehoek.nl", "2025-03-03"),
        # A typo'd address (no top-level domain): a real customer, an unusable address.
        account(48, "m.bos@gmail", "2025-04-01"),
    ]  # fmt: skip
    orders = []
    # A01..A30 buy once; A01..A12 also come back (2 to 4 purchase days in all).
    for n in range(1, 31):
        orders.append((n, None, f"2025-{(n % 9) + 2:02d}-{(n % 27) + 1:02d}", "web", ["B-1"]))
    for n in range(1, 13):
        orders.append((n, None, f"2026-{(n % 6) + 3:02d}-{(n % 25) + 2:02d}", "web", ["T-1"]))
        if n <= 6:
            orders.append((n, None, f"2026-09-{n + 10:02d}", "store", ["K-1", "B-2"]))
        if n <= 2:
            orders.append((n, None, f"2026-10-{n + 20:02d}", "app", ["K-2"]))
    orders += [
        (43, None, "2025-02-10", "web", ["T-2"]),  # person 43, first account
        (44, None, "2026-05-12", "web", ["T-1", "B-1"]),  # person 43, second account (1044)
        (45, None, "2025-03-15", "store", ["T-2", "T-1"]),  # café staff: one order each
        (46, None, "2025-08-20", "store", ["T-2"]),
        (48, None, "2025-04-02", "web", ["K-1"]),
        (None, "info@fietsclub.nl", "2025-05-05", "web", ["K-2"]),  # a guest, role address
    ]
    contacts = [
        [f"c{n:02d}", personal_email(n), FIRST_NAMES[n - 1], LAST_NAMES[n - 1], "", "subscribed",
         "2025-01-20 08:00:00", "2025-01-20 08:00:00", "3", "checkout"]
        for n in range(1, 11)
    ]  # fmt: skip
    contacts += [
        ["c11", "lotte.smit@gmail.com", "Lotte", "Smit", "", "subscribed", "2025-05-01 08:00:00",
         "2025-05-01 08:00:00", "2", "popup"],
        # The cycling club's newsletter subscription, on its role address.
        ["c12", "info@fietsclub.nl", "", "", "", "subscribed", "2025-05-06 08:00:00",
         "2025-05-06 08:00:00", "1", "popup"],
    ]  # fmt: skip
    write_shop(HERE / "small_shop_50", accounts, orders, contacts)


def few_repeat_60() -> None:
    """60 persons with an account; 50 buyers, of whom 5 bought on a second day."""
    accounts = [account(n, personal_email(n), "2025-01-10") for n in range(1, 51)]
    accounts += [account(n, personal_email(n), "2025-06-10") for n in range(51, 61)]
    orders = []
    for n in range(1, 51):
        skus = [("B-1", "T-1", "K-1", "T-2", "K-2")[n % 5]]
        orders.append((n, None, f"2025-{(n % 12) + 1:02d}-{(n % 26) + 1:02d}", "web", skus))
    for n in range(1, 6):
        orders.append((n, None, f"2026-{n + 3:02d}-15", "web", ["K-1"]))
    contacts = [
        [f"c{n:02d}", personal_email(n), FIRST_NAMES[n - 1], LAST_NAMES[n - 1], "", "subscribed",
         "2025-02-01 08:00:00", "2025-02-01 08:00:00", "2", "checkout"]
        for n in range(1, 21)
    ]  # fmt: skip
    write_shop(HERE / "few_repeat_60", accounts, orders, contacts)


if __name__ == "__main__":
    small_shop_50()
    few_repeat_60()
