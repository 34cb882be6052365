"""Writes cases.py as a landing zone the pipeline reads (docs/sources.md), and its truth.

    .venv/bin/python -m tests.data.identity_cases.layout

Only the layout is mechanical: ids count up in the order the cases are written, times step a day
per record, every order is one €25 paid line. Who is who is in cases.py, written by hand.
Outputs, beside this file: landing/<source>/2026-11-01/*.csv, record_links.csv (source, table,
record_id, person_id: blank for records of nobody the shop knows) and persons.csv (person_id,
case, kind).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.data.identity_cases.cases import CASES
from tests.data.identity_cases.records import Account, Contact, Guest, Profile

HERE = Path(__file__).parent
DELIVERY = "2026-11-01"
SHOP_ZONE = ZoneInfo("Europe/Amsterdam")
START = dt.datetime(2025, 1, 6, 10, 0, tzinfo=SHOP_ZONE)
PROFILE_ID_BASE = {
    "instagram": 17_841_000_000_000_000,
    "facebook": 1_000_900_000_000_000,
    "tiktok": 6_900_000_000_000_000_000,
}

HEADERS = {
    ("shop", "customers"): "customer_id,email,first_name,last_name,phone,address1,city,postcode,"
    "country,created_at,accepts_marketing,accepts_marketing_updated_at,tags",
    ("shop", "orders"): "order_id,order_name,customer_id,email,created_at,currency,subtotal_price,"
    "total_discounts,shipping_price,total_tax,total_price,financial_status,cancelled_at,"
    "cancel_reason,sales_channel,discount_code,is_test,tags",
    ("shop", "order_lines"): "line_id,order_id,sku,product_name,category,quantity,unit_price,"
    "line_discount",
    ("shop", "products"): "sku,product_name,category,price,cost",
    ("shop", "refunds"): "refund_id,order_id,created_at,amount,reason",
    ("shop", "reviews"): "review_id,sku,order_id,reviewer_email,reviewer_name,rating,title,body,"
    "created_at",
    ("email", "contacts"): "contact_id,email,first_name,last_name,phone,status,opted_in_at,"
    "status_changed_at,member_rating,signup_source",
    ("email", "campaigns"): "campaign_id,campaign_name,subject,campaign_type,sent_at,recipients,"
    "cost",
    ("email", "events"): "event_id,contact_id,campaign_id,event_type,occurred_at,url,bounce_type,"
    "survey_score",
    ("social", "profiles"): "profile_id,platform,handle,display_name,location,bio,email,"
    "first_seen_at",
    ("social", "interactions"): "interaction_id,profile_id,platform,interaction_type,post_id,"
    "text,occurred_at",
    ("social", "ad_spend"): "date,platform,campaign_id,campaign_name,spend,currency,impressions,"
    "clicks",
}


def _shop_time(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


class Landing:
    """The rows of every landed table, and the truth, as records are added."""

    def __init__(self) -> None:
        self.rows = {table: [] for table in HEADERS}
        self.links: list[tuple[str, str, str, str]] = []
        self.persons: list[tuple[str, int, str]] = []
        self.step = 0

    def _moment(self) -> dt.datetime:
        # One record per day, at a time of day that moves, so no two records share a moment.
        self.step += 1
        return START + dt.timedelta(days=self.step, minutes=7 * (self.step % 60))

    def _link(self, source: str, table: str, record_id: str, person_id: str) -> None:
        self.links.append((source, table, record_id, person_id))

    def _order(self, customer_id: str, email: str | None, channel: str, person_id: str) -> None:
        number = len(self.rows[("shop", "orders")]) + 1
        order_id = str(8_000_000_000_000 + number)
        placed = self._moment()
        self.rows[("shop", "orders")].append(
            [order_id, f"#{1000 + number}", customer_id, email, _shop_time(placed), "EUR",
             "25.00", "0.00", "0.00", "4.34", "25.00", "paid", None, None, channel, None,
             "false", None]
        )  # fmt: skip
        self.rows[("shop", "order_lines")].append(
            [str(90_000_000_000_000 + number), order_id, "W-1", "Plaid", "Wonen", "1", "25.00",
             "0.00"]
        )  # fmt: skip
        self._link("shop", "orders", order_id, person_id)

    def add(self, record, person_id: str) -> None:
        if isinstance(record, Account):
            customer_id = str(7_000_000_000_000 + len(self.rows[("shop", "customers")]) + 1)
            self.rows[("shop", "customers")].append(
                [customer_id, record.email, record.first, record.last, record.phone,
                 record.street, record.city, record.postcode, record.country,
                 _shop_time(self._moment()), "no", None, None]
            )  # fmt: skip
            self._link("shop", "customers", customer_id, person_id)
            for order in record.orders:
                email = record.email if order.email is None else order.email
                self._order(customer_id, email, order.channel, person_id)
        elif isinstance(record, Guest):
            self._order(None, record.email, record.channel, person_id)
        elif isinstance(record, Contact):
            contact_id = f"{0xC0FFEE000000 + len(self.rows[('email', 'contacts')]) + 1:012x}"
            opted_in = _utc(self._moment()).strftime("%Y-%m-%d %H:%M:%S")
            self.rows[("email", "contacts")].append(
                [contact_id, record.email, record.first, record.last, record.phone,
                 "subscribed", opted_in, opted_in, "3", "popup"]
            )  # fmt: skip
            self._link("email", "contacts", contact_id, person_id)
        elif isinstance(record, Profile):
            number = len(self.rows[("social", "profiles")]) + 1
            profile_id = str(PROFILE_ID_BASE[record.platform] + number)
            seen = int(self._moment().timestamp())
            self.rows[("social", "profiles")].append(
                [profile_id, record.platform, record.handle, record.display, record.location,
                 record.bio, record.email, str(seen)]
            )  # fmt: skip
            self.rows[("social", "interactions")].append(
                [str(100_000_000_000_000_000 + number), profile_id, record.platform, "follow",
                 None, None, str(seen)]
            )  # fmt: skip
            self._link("social", "profiles", profile_id, person_id)
        else:
            raise TypeError(f"not a record: {record!r}")

    def add_fixed_rows(self) -> None:
        """What every shop also has, identifying nobody: a catalogue, a campaign and its first
        events, a refund, a review and a day of ad spend."""
        self.rows[("shop", "products")] += [
            ["W-1", "Plaid", "Wonen", "25.00", "10.00"],
            ["K-1", "Theepot", "Keuken", "30.00", "12.00"],
        ]
        first_order = self.rows[("shop", "orders")][0][0]
        self.rows[("shop", "refunds")].append(
            ["600000000001", first_order, "2025-03-01 10:00:00 +0100", "5.00", "Kleur viel tegen"]
        )
        self.rows[("shop", "reviews")].append(
            ["100000001", "W-1", first_order, None, "Anouk", "5", "Fijn", "Zacht en warm",
             "2025-02-01 20:00:00"]
        )  # fmt: skip
        contacts = self.rows[("email", "contacts")]
        self.rows[("email", "campaigns")].append(
            ["ca00000001", "Nieuwsbrief 2026-10-01", "Nieuw binnen", "newsletter",
             "2026-10-01T08:00:00Z", str(len(contacts)), "15.00"]
        )  # fmt: skip
        for number, contact in enumerate(contacts, start=1):
            self.rows[("email", "events")].append(
                [f"{0xE0000000000 + number:012x}", contact[0], "ca00000001", "send",
                 "2026-10-01T08:00:00Z", None, None, None]
            )  # fmt: skip
        self.rows[("social", "ad_spend")].append(
            ["2026-10-01", "instagram", "23850000000000001", "Always-on retargeting", "12.50",
             "EUR", "4000", "60"]
        )  # fmt: skip


def build() -> Landing:
    landing = Landing()
    number = 0
    for case_number, case in enumerate(CASES, start=1):
        for person in case.persons:
            person_id = ""
            if person.owned:
                number += 1
                person_id = f"P{number:03d}"
                landing.persons.append((person_id, case_number, case.kind))
            for record in person.records:
                landing.add(record, person_id)
    landing.add_fixed_rows()
    return landing


def _write_csv(path: Path, header: str, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(["" if value is None else value for value in row] for row in rows)


def write(folder: Path) -> Landing:
    """The landing files, record_links.csv and persons.csv under ``folder``."""
    landing = build()
    for (source, table), header in HEADERS.items():
        path = folder / "landing" / source / DELIVERY / f"{table}.csv"
        _write_csv(path, header, landing.rows[(source, table)])
    _write_csv(folder / "record_links.csv", "source,table,record_id,person_id", landing.links)
    _write_csv(folder / "persons.csv", "person_id,case,kind", landing.persons)
    return landing


def main() -> None:
    landing = write(HERE)
    print(f"{len(landing.persons)} persons, {len(landing.links)} records, {len(CASES)} cases")


if __name__ == "__main__":
    main()
