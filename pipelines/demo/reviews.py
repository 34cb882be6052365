"""Product reviews (shop/reviews): written days after delivery, in shop-local wall-clock time."""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.demo import rates
from pipelines.demo.catalog import Catalog
from pipelines.demo.clock import DAY, Period, fmt_local, fold_windows, local_day
from pipelines.demo.draw import categorical, group_starts, pick
from pipelines.demo.orders import Orders
from pipelines.demo.people import People
from pipelines.demo.personas import attribute
from pipelines.demo.refunds import Settlement
from pipelines.demo.sequences import IdSequences
from pipelines.demo.variants import email_variants

# (title, body) per star rating 1..5; bodies may hold commas, as real reviews do.
_TEXTS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("Teleurgesteld", "Kwam beschadigd aan, en de klantenservice reageerde traag."),
     ("Niet zoals op de foto", "Kleur is heel anders dan op de site. Retour gestuurd.")),
    (("Matig", "Ziet er goedkoop uit voor deze prijs, jammer."),
     ("Valt tegen", "Het product is oké, maar de levering duurde een week.")),
    (("Prima", "Doet wat het moet doen, niet meer en niet minder."),
     ("Redelijk", "Mooi, maar iets kleiner dan verwacht.")),
    (("Mooi product", "Mooie kwaliteit, snel geleverd, netjes verpakt."),
     ("Tevreden", "Staat prachtig in de woonkamer. Aanrader!")),
    (("Super!", "Prachtig, precies zoals op de foto, en supersnel in huis."),
     ("Heel blij mee", "Al het tweede exemplaar dat ik koop, blijft mooi."),
     ("Aanrader", "Top kwaliteit, mooie kleuren, vriendelijke service.")),
)  # fmt: skip


def _into_folds(rng, at: np.ndarray, period: Period) -> np.ndarray:
    """Move some reviews of each autumn-fold Sunday into the repeated 02:00 hour."""
    at = at.copy()
    for a, b in fold_windows(period):
        same_day = np.flatnonzero(local_day(at) == local_day(np.array([a]))[0])
        share = round(rates.DST_FOLD_ORDER_SHARE * len(same_day))
        k = min(len(same_day), max(rates.DST_FOLD_MIN_ORDERS, share))
        chosen = rng.choice(same_day, size=k, replace=False)
        half = (b - a) // 2
        at[chosen] = a + (np.arange(k) >= k // 2) * half + rng.integers(0, half, k)
    return at


def reviews_table(
    rng: np.random.Generator,
    people: People,
    orders: Orders,
    settlement: Settlement,
    catalog: Catalog,
    order_ids: pl.Series,
    period: Period,
    ids: IdSequences,
) -> tuple[pl.DataFrame, np.ndarray]:
    """The reviews table and the person who wrote each review."""
    n = len(orders.at)
    person = np.maximum(orders.person, 0)
    status = settlement.financial_status.to_numpy()
    written_at = orders.at + rng.integers(3 * DAY, 21 * DAY, n)
    chance = np.where(
        orders.is_test | (status == "voided"), 0.0, attribute("review_rate", people.persona[person])
    )
    chosen = np.flatnonzero((rng.random(n) < chance) & (written_at < period.end))
    at = _into_folds(rng, written_at[chosen], period)
    by_time = np.argsort(at, kind="stable")
    chosen, at = chosen[by_time], at[by_time]
    m = len(chosen)

    count = np.bincount(orders.line_order, minlength=n)
    line = group_starts(count)[chosen] + (rng.random(m) * count[chosen]).astype(np.int64)
    sku = orders.line_sku[line]
    unhappy = np.isin(status[chosen], ["refunded", "partially_refunded"])
    mood = attribute("satisfaction", people.persona[person[chosen]]) - 1.5 * unhappy
    rating = np.clip(np.round(mood + rng.normal(0, 0.9, m)), 1, 5).astype(np.int64)
    # Each rating has its own texts; pick one of them per review.
    per_rating = np.array([len(texts) for texts in _TEXTS])
    first_text = np.cumsum(per_rating) - per_rating
    text = first_text[rating - 1] + rng.integers(0, 3, m) % per_rating[rating - 1]
    titles = [title for texts in _TEXTS for title, _ in texts]
    bodies = [body for texts in _TEXTS for _, body in texts]

    ident = people.identity[person[chosen]]
    name_form = categorical(rng, [30, 40, 30], m)
    names = ident.select(
        pl.when(pl.Series(name_form) == 0)
        .then(pl.col("first_name"))
        .when(pl.Series(name_form) == 1)
        .then(
            pl.col("first_name")
            + " "
            + pl.col("last_name").str.split(" ").list.last().str.slice(0, 1)
            + "."
        )
        .otherwise(pl.col("first_name") + " " + pl.col("last_name"))
    ).to_series()
    emails = email_variants(rng, ident["email"])
    table = pl.DataFrame(
        {
            "review_id": ids.increasing(rng, "review", m, 310_000_000, 50),
            "sku": pick(catalog.sku, sku),
            "order_id": pl.select(
                pl.when(pl.Series(rng.random(m) >= rates.REVIEW_WITHOUT_ORDER_SHARE)).then(
                    order_ids.gather(chosen)
                )
            ).to_series(),
            "reviewer_email": pl.select(
                pl.when(pl.Series(rng.random(m) >= 0.08)).then(emails)
            ).to_series(),
            "reviewer_name": names,
            "rating": pl.Series(rating).cast(pl.String),
            "title": pick(titles, text),
            "body": pick(bodies, text),
            "created_at": fmt_local(at),
        }
    )
    return table, orders.person[chosen]
