"""Shop accounts (shop/customers) and which account, if any, placed each purchase."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo import rates, vocab
from pipelines.demo.clock import DAY, MISSING, Period, fmt_offset
from pipelines.demo.draw import group_starts, pick, rank_in_group
from pipelines.demo.people import People
from pipelines.demo.personas import attribute
from pipelines.demo.purchases import Purchases
from pipelines.demo.sequences import IdSequences
from pipelines.demo.variants import email_variants, phone_formats

STAFF = -1  # person index of the shop's own test account
# Share of people who never buy in the period but registered an account anyway.
NON_BUYER_ACCOUNT_SHARE = 0.15
# After a second account is made, the share of orders placed with it rather than the first.
SECOND_ACCOUNT_ORDER_SHARE = 0.7
# The shop's own test account, which places some of the test orders.
_STAFF_ACCOUNT = {
    "email": f"test@{vocab.SHOP_DOMAIN}",
    "first_name": "Test",
    "last_name": "Winkel",
    "phone": None,
    "address1": None,
    "city": None,
    "postcode": None,
    "tags": "staff, test",
    "accepts_marketing": "no",
}
_PLUS_TAGS = ("shop", "webshop", "wonen", "bestellingen")
_TAGS = ("nieuwsbrief", "klantenservice", "retour", "zakelijk", "beurs", "vip", "cadeaubon")


@dataclass(frozen=True)
class Accounts:
    table: pl.DataFrame  # shop/customers, contract columns
    person: np.ndarray  # owner of each row of ``table`` (STAFF for the test account)
    # Per purchase: the account row that placed it, or -1 for a guest checkout.
    purchase_account: np.ndarray
    # Per person: holds an SMS-only account; the other address a second account uses, if any.
    sms_only: np.ndarray
    other_email: pl.Series


def _assign_purchases(rng, people, purchases, has_account, sms_only, second_from):
    """Which of its owner's accounts (0 first, 1 second) or guest (-1) placed each purchase."""
    index = rank_in_group(purchases.count[purchases.count > 0])
    owner = purchases.person
    guest_only = people.is_buyer & ~has_account
    guest = guest_only[owner] | (
        has_account[owner]
        & ~sms_only[owner]
        & (index > 0)
        & (rng.random(len(owner)) < rates.ACCOUNT_HOLDER_GUEST_SHARE)
    )
    second = (index >= second_from[owner]) & (rng.random(len(owner)) < SECOND_ACCOUNT_ORDER_SHARE)
    return np.where(guest, -1, np.where(second, 1, 0))


def build_accounts(
    rng: np.random.Generator,
    people: People,
    purchases: Purchases,
    period: Period,
    ids: IdSequences,
    *,
    with_staff: bool = True,
) -> Accounts:
    """The accounts of ``people``, and the shop's own test account ``with_staff`` (the shop
    has one, so only the first block of persons holds it)."""
    n = people.n
    buyer = people.is_buyer
    has_account = np.where(
        buyer,
        rng.random(n) >= rates.GUEST_ONLY_BUYER_SHARE,
        rng.random(n) < NON_BUYER_ACCOUNT_SHARE,
    )
    sms_only = has_account & (rng.random(n) < rates.SMS_ONLY_ACCOUNT_SHARE)
    # Second accounts: for a share of all buyers, among those with an account and 2+ purchases.
    eligible = np.flatnonzero(has_account & ~sms_only & (purchases.count >= 2))
    wanted = min(len(eligible), round(rates.MULTI_ACCOUNT_BUYER_SHARE * buyer.sum()))
    multi = np.sort(rng.choice(eligible, size=wanted, replace=False))
    second_from = np.full(n, np.iinfo(np.int64).max)
    second_from[multi] = 1 + (rng.random(wanted) * (purchases.count[multi] - 1)).astype(np.int64)
    which = _assign_purchases(rng, people, purchases, has_account, sms_only, second_from)

    # Accounts are made at checkout minutes before the first purchase, some days earlier;
    # non-buyers register at any time.
    starts = np.full(n, -1)
    starts[purchases.count > 0] = group_starts(purchases.count[purchases.count > 0])
    lead = np.where(rng.random(n) < 0.1, rng.integers(DAY, 60 * DAY, n), rng.integers(60, 900, n))
    random_time = period.start + (rng.random(n) * (period.end - period.start)).astype(np.int64)
    early = purchases.first_at - lead
    checkout = purchases.first_at - np.minimum(lead % 900, purchases.first_at - period.start)
    first_created = np.where(buyer, np.where(early >= period.start, early, checkout), random_time)
    holders = np.flatnonzero(has_account)
    second_at = purchases.at[starts[multi] + second_from[multi]] - rng.integers(60, 900, wanted)

    staff = int(with_staff)  # rows of the shop's own test account: one, or none
    person = np.concatenate((holders, multi, np.full(staff, STAFF)))
    created = np.concatenate(
        (first_created[holders], second_at, np.full(staff, period.start + 3600))
    )
    is_second = np.concatenate(
        (np.zeros(len(holders), bool), np.ones(wanted, bool), np.zeros(staff, bool))
    )
    order = np.lexsort((person, created))
    person, created, is_second = person[order], created[order], is_second[order]

    row_of = np.full((n, 2), -1)
    row_of[person[person >= 0], is_second[person >= 0].astype(int)] = np.flatnonzero(person >= 0)
    purchase_account = np.where(which < 0, -1, row_of[purchases.person, np.maximum(which, 0)])

    # Half the second accounts use another address: the person's own with a +tag.
    use_other = is_second & (rng.random(len(person)) < 0.5)
    tag = pick(_PLUS_TAGS, rng.integers(0, len(_PLUS_TAGS), n))
    other = people.identity["email"].str.replace("@", "+" + tag + "@", literal=True)
    owner = np.maximum(person, 0)
    canonical = pl.select(
        pl.when(pl.Series(use_other))
        .then(other.gather(owner))
        .otherwise(people.identity["email"].gather(owner))
    ).to_series()
    second_email = np.zeros(n, dtype=bool)
    second_email[person[use_other]] = True
    table = _table(rng, people, person, created, canonical, sms_only, period, ids)
    return Accounts(
        table,
        person,
        purchase_account,
        sms_only,
        pl.select(pl.when(pl.Series(second_email)).then(other)).to_series().rename("other_email"),
    )


def _table(rng, people, person, created, canonical, sms_only, period, ids) -> pl.DataFrame:
    m = len(person)
    owner = np.maximum(person, 0)
    ident = people.identity[owner]
    staff = pl.Series(person == STAFF)
    email = email_variants(rng, canonical)
    consent = (person >= 0) & (rng.random(m) < attribute("consent", people.persona[owner]))
    withdrawn = consent & (rng.random(m) < 0.1)
    withdrawn_at = created + (rng.random(m) * (period.end - created)).astype(np.int64)
    tag_count = np.where(rng.random(m) < 0.2, rng.integers(1, 3, m), 0)
    tags = pl.select(
        pl.when(pl.Series(tag_count) == 0)
        .then(None)
        .when(pl.Series(tag_count) == 1)
        .then(pick(_TAGS, rng.integers(0, len(_TAGS), m)))
        .otherwise(
            pick(_TAGS, rng.integers(0, 3, m)) + ", " + pick(_TAGS, rng.integers(3, len(_TAGS), m))
        )
    ).to_series()
    has_address = pl.Series(rng.random(m) < 0.75)
    has_phone = pl.Series(rng.random(m) < 0.55)
    frame = pl.DataFrame(
        {
            "customer_id": ids.increasing(rng, "customer", m, 6_100_000_000_000, 40_000),
            "email": email,
            "first_name": ident["first_name"],
            "last_name": ident["last_name"],
            "phone": phone_formats(rng, ident["phone"]),
            "address1": ident["street"] + " " + ident["house_number"],
            "city": ident["city"],
            "postcode": ident["postcode"],
            "country": ident["country"],
            "created_at": fmt_offset(created),
            "accepts_marketing": np.where(consent & ~withdrawn, "yes", "no"),
            "accepts_marketing_updated_at": fmt_offset(
                np.where(withdrawn, withdrawn_at, np.where(consent, created, MISSING))
            ),
            "tags": tags,
        }
    )
    blank = pl.lit(None, dtype=pl.String)
    no_email = pl.Series(sms_only[owner] & (person >= 0))
    return frame.with_columns(
        pl.when(no_email).then(blank).otherwise(pl.col("email")).alias("email"),
        pl.when(has_phone | no_email).then(pl.col("phone")).otherwise(blank).alias("phone"),
        *[
            pl.when(has_address).then(pl.col(c)).otherwise(blank).alias(c)
            for c in ("address1", "postcode")
        ],
    ).with_columns(
        *[
            pl.when(staff).then(pl.lit(value)).otherwise(pl.col(c)).alias(c)
            for c, value in _STAFF_ACCOUNT.items()
        ]
    )
