"""The email calendar: a fortnightly newsletter, promotions every week or two, NPS surveys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from pipelines.demo import vocab
from pipelines.demo.clock import HOUR, Period, at_local_time, fmt_iso
from pipelines.demo.draw import hex_ids, money, pick, scrambled

TYPES = ("newsletter", "promotion", "survey")
NEWSLETTER, PROMOTION, SURVEY = range(3)
# Promotions go to a random part of the list; newsletters and surveys to everyone eligible.
PROMOTION_SEGMENT_SHARE = 0.35
SURVEY_EVERY_DAYS = 120
# What the email platform charges: a fixed fee per campaign plus a price per recipient (cents).
COST_PER_CAMPAIGN = 1_500
COST_PER_THOUSAND = 180

_NEWSLETTER_SUBJECTS = ("Nieuw binnen: {season}collectie", "5 x sfeer in huis",
                        "Zo style je de {season}", "Van onze ontwerpers: wat we nu mooi vinden",
                        "Uit de winkel: jullie favorieten")  # fmt: skip
_PROMOTION_SUBJECTS = ("Alleen dit weekend: 15% korting", "Laatste kans: sale tot 50%",
                       "Gratis verzending, vandaag nog", "Jouw korting staat klaar",
                       "Cadeau-tip: nu met extra korting")  # fmt: skip
_SURVEY_SUBJECT = f"Hoe waarschijnlijk is het dat u {vocab.SHOP_NAME} aanbeveelt?"
_SEASONS = ("winter", "winter", "lente", "lente", "lente", "zomer", "zomer", "zomer",
            "herfst", "herfst", "herfst", "winter")  # fmt: skip


@dataclass(frozen=True)
class Calendar:
    kind: np.ndarray  # index into TYPES
    sent_at: np.ndarray  # in time order
    campaign_id: pl.Series
    name: pl.Series
    subject: pl.Series


def _days(period: Period) -> np.ndarray:
    first = (period.start_date - date(1970, 1, 1)).days
    return np.arange(first, first + period.days)


def build_calendar(rng: np.random.Generator, period: Period) -> Calendar:
    days = _days(period)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    # Every other Thursday, skipping the odd one (holidays, a busy shop).
    thursdays = days[weekday == 3]
    newsletter = thursdays[::2][rng.random(len(thursdays[::2])) < 0.85]
    gaps = rng.integers(8, 18, len(days))
    promotion = days[0] + 2 + np.cumsum(gaps)
    promotion = promotion[promotion <= days[-1]]
    survey = days[SURVEY_EVERY_DAYS // 3 :: SURVEY_EVERY_DAYS]
    kind = np.concatenate(
        (np.full(len(newsletter), NEWSLETTER), np.full(len(promotion), PROMOTION),
         np.full(len(survey), SURVEY))
    )  # fmt: skip
    day = np.concatenate((newsletter, promotion, survey))
    hour = np.select([kind == NEWSLETTER, kind == PROMOTION], [10, 19], 11)
    sent_at = at_local_time(day, hour * HOUR + rng.integers(0, 1800, len(day)))
    order = np.argsort(sent_at, kind="stable")
    kind, sent_at = kind[order], sent_at[order]
    n = len(kind)

    stamp = pl.from_epoch(pl.Series(sent_at), time_unit="s")
    month = stamp.dt.month().to_numpy() - 1
    season = pick(_SEASONS, month)
    newsletter_subject = pick(_NEWSLETTER_SUBJECTS, rng.integers(0, len(_NEWSLETTER_SUBJECTS), n))
    promotion_subject = pick(_PROMOTION_SUBJECTS, rng.integers(0, len(_PROMOTION_SUBJECTS), n))
    frame = pl.DataFrame({"k": kind, "season": season, "nl": newsletter_subject})
    subject = frame.select(
        pl.when(pl.col("k") == NEWSLETTER)
        .then(pl.col("nl").str.replace("{season}", pl.col("season"), literal=True))
        .when(pl.col("k") == PROMOTION)
        .then(promotion_subject)
        .otherwise(pl.lit(_SURVEY_SUBJECT))
    ).to_series()
    label = pick(("Nieuwsbrief", "Actie", "NPS-enquete"), kind)
    name = label + " " + stamp.dt.strftime("%Y-%m-%d")
    return Calendar(kind, sent_at, hex_ids(scrambled(rng, n), 10), name, subject)


def campaigns_table(calendar: Calendar, recipients: np.ndarray) -> pl.DataFrame:
    cost = COST_PER_CAMPAIGN + np.round(recipients * COST_PER_THOUSAND / 1000).astype(np.int64)
    return pl.DataFrame(
        {
            "campaign_id": calendar.campaign_id,
            "campaign_name": calendar.name,
            "subject": calendar.subject,
            "campaign_type": pick(TYPES, calendar.kind),
            "sent_at": fmt_iso(calendar.sent_at),
            "recipients": pl.Series(recipients).cast(pl.String),
            "cost": money(cost),
        }
    )


def click_urls(calendar: Calendar, campaign: np.ndarray, category_slug: pl.Series) -> pl.Series:
    """Tracked links in a campaign, pointing at a category page."""
    ids = calendar.campaign_id.gather(campaign)
    return (
        f"https://www.{vocab.SHOP_DOMAIN}/collecties/"
        + category_slug
        + "?utm_source=email&utm_campaign="
        + ids
    )
