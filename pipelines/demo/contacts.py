"""Who is on the email list, since when, and with which address as typed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo.clock import DAY, MISSING, Period
from pipelines.demo.draw import categorical, pick
from pipelines.demo.people import People
from pipelines.demo.personas import attribute
from pipelines.demo.purchases import Purchases
from pipelines.demo.variants import email_variants

SIGNUP_SOURCES = ("checkout", "popup", "footer", "import", "winactie", "instagram")
IMPORT = SIGNUP_SOURCES.index("import")
# Sign-ups that never confirmed the double opt-in mail stay pending and get no campaigns.
PENDING_SHARE = 0.03
# Addresses typed with a typo in the domain: they bounce hard on the first send.
TYPO_SHARE = 0.015
_TYPOS = (("gmail.com", "gmial.com"), ("hotmail.com", "hotmial.com"), ("gmail.com", "gmail.nl"),
          ("outlook.com", "outlok.com"), ("ziggo.nl", "zigo.nl"))  # fmt: skip


@dataclass(frozen=True)
class Audience:
    person: np.ndarray
    source: np.ndarray  # index into SIGNUP_SOURCES
    signed_up_at: np.ndarray
    opted_in_at: np.ndarray  # MISSING while pending
    typo: np.ndarray  # the address does not exist and will bounce hard
    email: pl.Series  # as typed
    first_name: pl.Series
    last_name: pl.Series
    phone: pl.Series


def build_audience(
    rng: np.random.Generator,
    people: People,
    purchases: Purchases,
    sms_only: np.ndarray,
    period: Period,
) -> Audience:
    n = people.n
    on_list = ~sms_only & (rng.random(n) < attribute("list_signup", people.persona))
    person = np.flatnonzero(on_list)
    m = len(person)
    buyer = people.is_buyer[person]
    # Buyers mostly sign up at checkout; others through the site or a contest; a fifth of the
    # list was imported from the shop's previous system before the period began.
    source = np.where(buyer & (rng.random(m) < 0.6), 0, categorical(rng, [0, 45, 20, 0, 15, 20], m))
    source = np.where(rng.random(m) < 0.2, IMPORT, source)
    anytime = period.start + (rng.random(m) * (period.end - period.start)).astype(np.int64)
    at_checkout = purchases.first_at[person] + rng.integers(0, 300, m)
    before = period.start - rng.integers(DAY, 365 * DAY, m)
    signed_up = np.where(source == IMPORT, before, np.where(source == 0, at_checkout, anytime))
    pending = (source != IMPORT) & (rng.random(m) < PENDING_SHARE)
    confirmed = np.minimum(signed_up + rng.integers(30, 3600, m), period.end - 1)
    opted_in = np.where(pending, MISSING, np.where(source == IMPORT, signed_up, confirmed))

    ident = people.identity[person]
    typo = rng.random(m) < TYPO_SHARE
    typo_kind = rng.integers(0, len(_TYPOS), m)
    typed = email_variants(rng, ident["email"])
    for k, (right, wrong) in enumerate(_TYPOS):
        hit = pl.Series(typo & (typo_kind == k))
        typed = pl.select(
            pl.when(hit)
            .then(typed.str.replace(f"@{right}", f"@{wrong}", literal=True))
            .otherwise(typed)
        ).to_series()
    # A typo only counts where it changed the address.
    typo = typo & (typed.str.strip_chars().str.to_lowercase() != ident["email"]).to_numpy()
    named = pl.Series(rng.random(m) < np.where(source == 1, 0.2, 0.85))
    blank = pl.lit(None, dtype=pl.String)
    names = ident.select(
        pl.when(named).then(pl.col("first_name")).otherwise(blank),
        pl.when(named).then(pl.col("last_name")).otherwise(blank),
        pl.when(pl.Series(rng.random(m) < 0.1)).then(pl.col("phone")).otherwise(blank),
    )
    return Audience(
        person=person,
        source=source,
        signed_up_at=signed_up,
        opted_in_at=opted_in,
        typo=typo,
        email=typed.rename("email"),
        first_name=names["first_name"],
        last_name=names["last_name"],
        phone=names["phone"],
    )


def source_names(audience: Audience) -> pl.Series:
    return pick(SIGNUP_SOURCES, audience.source)
