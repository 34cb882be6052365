"""The email source: contacts, campaigns and per-recipient events.

Campaigns are played in time order; each one goes to the contacts subscribed at that moment,
and a bounce, unsubscribe or spam complaint changes the contact's status before the next
campaign, so no contact is ever mailed after leaving the list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo.campaigns import (
    PROMOTION,
    PROMOTION_SEGMENT_SHARE,
    SURVEY,
    Calendar,
    build_calendar,
    click_urls,
)
from pipelines.demo.catalog import CATEGORY_NAMES
from pipelines.demo.clock import DAY, HOUR, MISSING, Period, fmt_iso, fmt_utc
from pipelines.demo.contacts import Audience, build_audience, source_names
from pipelines.demo.draw import categorical_rows, hex_ids, pick
from pipelines.demo.people import People, slug
from pipelines.demo.personas import attribute
from pipelines.demo.purchases import Purchases
from pipelines.demo.sequences import IdSequences

EVENT_TYPES = ("send", "delivered", "open", "click", "bounce", "unsubscribe", "spam_complaint",
               "survey_response")  # fmt: skip
SEND, DELIVERED, OPEN, CLICK, BOUNCE, UNSUBSCRIBE, SPAM, SURVEY_RESPONSE = range(8)
STATUSES = ("subscribed", "unsubscribed", "cleaned", "pending")
SUBSCRIBED, UNSUBSCRIBED, CLEANED, PENDING = range(4)
HARD_BOUNCE_PER_SEND = 0.0005
SOFT_BOUNCE_PER_SEND = 0.01
SPAM_PER_DELIVERY = 0.0002
REOPEN_SHARE = 0.25
SURVEY_RESPONSE_SHARE = 0.8  # of those who click through to the survey
# After a person churns, their chance to open mail halves about every CHURN_HALF_LIFE_DAYS.
CHURN_HALF_LIFE_DAYS = 90


@dataclass(frozen=True)
class Email:
    tables: dict[str, pl.DataFrame]  # contacts and events; campaigns are the whole list's
    links: dict[str, pl.DataFrame]
    status: np.ndarray  # per contact, index into STATUSES
    calendar: Calendar
    recipients: np.ndarray  # per campaign, how many of these contacts it went to


class _Log:
    """Events of all campaigns, gathered as arrays and joined once."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(self, kind, contact, campaign, at, end, bounce=None, score=None) -> None:
        keep = at < end
        m = int(keep.sum())
        self.parts.append(
            (np.full(m, kind), contact[keep], np.full(m, campaign), at[keep],
             np.full(m, -1) if bounce is None else bounce[keep],
             np.full(m, -1) if score is None else score[keep])
        )  # fmt: skip

    def arrays(self) -> list[np.ndarray]:
        empty = np.zeros(0, dtype=np.int64)
        return [np.concatenate([empty, *(p[i] for p in self.parts)]) for i in range(6)]


def _play(rng, people: People, purchases: Purchases, audience: Audience, calendar: Calendar, end):
    """Send every campaign; return the event log, statuses and per-campaign recipient counts."""
    who = audience.person
    n = len(who)
    status = np.where(audience.opted_in_at == MISSING, PENDING, SUBSCRIBED)
    status_at = np.where(status == PENDING, audience.signed_up_at, audience.opted_in_at)
    open_rate, click_rate = people.open_rate[who], people.click_rate[who]
    unsubscribe_rate = attribute("unsubscribe_rate", people.persona[who])
    promotion_appeal = 0.8 * (1 + attribute("discount_use", people.persona[who]))
    nps_mean = 2 * attribute("satisfaction", people.persona[who]) - 0.5
    churned_at = np.where(purchases.churned[who], purchases.churned_at[who], np.iinfo(np.int64).max)
    first_at = np.where(purchases.first_at[who] == MISSING, end, purchases.first_at[who])
    log, recipients = _Log(), np.zeros(len(calendar.kind), dtype=np.int64)
    for c, (kind, t) in enumerate(zip(calendar.kind, calendar.sent_at, strict=True)):
        eligible = (status == SUBSCRIBED) & (audience.opted_in_at <= t)
        if kind == PROMOTION:
            eligible &= rng.random(n) < PROMOTION_SEGMENT_SHARE
        if kind == SURVEY:
            eligible &= first_at <= t
        i = np.flatnonzero(eligible)
        m = recipients[c] = len(i)
        sent = t + rng.integers(0, 1200, m)
        hard = audience.typo[i] | (rng.random(m) < HARD_BOUNCE_PER_SEND)
        soft = ~hard & (rng.random(m) < SOFT_BOUNCE_PER_SEND)
        ok = ~hard & ~soft
        delivered = sent + rng.integers(1, 90, m)
        bounced = sent + rng.integers(2, 600, m)
        decay = np.exp2(-np.maximum(t - churned_at[i], 0) / (CHURN_HALF_LIFE_DAYS * DAY))
        appeal = promotion_appeal[i] if kind == PROMOTION else 1.0
        opened = ok & (rng.random(m) < np.clip(open_rate[i] * appeal * decay, 0, 0.98))
        open_at = delivered + rng.exponential(5 * HOUR, m).astype(np.int64)
        reopened = opened & (rng.random(m) < REOPEN_SHARE)
        reopen_at = open_at + rng.exponential(24 * HOUR, m).astype(np.int64)
        clicked = opened & (rng.random(m) < click_rate[i])
        click_at = open_at + rng.integers(3, 300, m)
        leave = ok & (rng.random(m) < unsubscribe_rate[i] * (4 - 3 * decay))
        leave_at = np.where(opened, open_at, delivered) + rng.integers(10, 600, m)
        spam = ok & ~leave & (rng.random(m) < SPAM_PER_DELIVERY)
        spam_at = delivered + rng.integers(60, 2 * DAY, m)
        log.add(SEND, i, c, sent, end)
        log.add(DELIVERED, i[ok], c, delivered[ok], end)
        log.add(BOUNCE, i[~ok], c, bounced[~ok], end, bounce=soft[~ok].astype(np.int64))
        log.add(OPEN, i[opened], c, open_at[opened], end)
        log.add(OPEN, i[reopened], c, reopen_at[reopened], end)
        if kind == SURVEY:
            answered = clicked & (rng.random(m) < SURVEY_RESPONSE_SHARE)
            score = np.clip(np.round(rng.normal(nps_mean[i], 1.8)), 0, 10).astype(np.int64)
            log.add(
                SURVEY_RESPONSE, i[answered], c, click_at[answered] + 60, end, score=score[answered]
            )
        else:
            log.add(CLICK, i[clicked], c, click_at[clicked], end)
        log.add(UNSUBSCRIBE, i[leave], c, leave_at[leave], end)
        log.add(SPAM, i[spam], c, spam_at[spam], end)
        for mask, at, new in ((hard, bounced, CLEANED), (leave, leave_at, UNSUBSCRIBED),
                              (spam, spam_at, UNSUBSCRIBED)):  # fmt: skip
            done = mask & (at < end)
            status[i[done]], status_at[i[done]] = new, at[done]
    return log, status, status_at, recipients


def _member_rating(kind: np.ndarray, contact: np.ndarray, n: int) -> np.ndarray:
    """The provider's 1-5 stars: 2 for new contacts, more for those who open and click."""
    delivered = np.bincount(contact[kind == DELIVERED], minlength=n)
    engaged = np.bincount(contact[kind == OPEN], minlength=n) + 2 * np.bincount(
        contact[kind == CLICK], minlength=n
    )
    ratio = engaged / np.maximum(delivered, 1)
    return np.where(delivered == 0, 2, np.clip(1 + np.round(4 * ratio), 1, 5)).astype(np.int64)


def build_email(
    rng: np.random.Generator,
    people: People,
    purchases: Purchases,
    sms_only: np.ndarray,
    period: Period,
    ids: IdSequences,
    calendar: Calendar | None = None,
) -> Email:
    """The list members among ``people`` and what they got; ``calendar``: the campaigns
    already planned for earlier blocks of persons (None: plan them now)."""
    audience = build_audience(rng, people, purchases, sms_only, period)
    calendar = calendar or build_calendar(rng, period)
    log, status, status_at, recipients = _play(
        rng, people, purchases, audience, calendar, period.end
    )
    kind, contact, campaign, at, bounce, score = log.arrays()
    order = np.lexsort((kind, contact, at))
    kind, contact, campaign, at = kind[order], contact[order], campaign[order], at[order]
    bounce, score = bounce[order], score[order]
    n_contacts, n_events = len(audience.person), len(kind)
    contact_ids = hex_ids(ids.scrambled(rng, "contact", n_contacts), 12)

    clicks = np.flatnonzero(kind == CLICK)
    category = categorical_rows(rng, people.category_weights[audience.person[contact[clicks]]])
    slugs = pl.select(slug(pl.Series(CATEGORY_NAMES).str.replace_all(" & ", "-"))).to_series()
    url = pl.repeat(None, n_events, dtype=pl.String, eager=True).scatter(
        clicks, click_urls(calendar, campaign[clicks], slugs.gather(category))
    )
    events = pl.DataFrame(
        {
            "event_id": hex_ids(ids.scrambled(rng, "email_event", n_events), 12),
            "contact_id": contact_ids.gather(contact),
            "campaign_id": calendar.campaign_id.gather(campaign),
            "event_type": pick(EVENT_TYPES, kind),
            "occurred_at": fmt_iso(at),
            "url": url,
            "bounce_type": pl.select(
                pl.when(pl.Series(bounce) >= 0).then(pick(("hard", "soft"), np.maximum(bounce, 0)))
            ).to_series(),
            "survey_score": pl.select(
                pl.when(pl.Series(score) >= 0).then(pl.Series(score).cast(pl.String))
            ).to_series(),
        }
    )
    by_signup = np.argsort(audience.signed_up_at, kind="stable")
    contacts = pl.DataFrame(
        {
            "contact_id": contact_ids,
            "email": audience.email,
            "first_name": audience.first_name,
            "last_name": audience.last_name,
            "phone": audience.phone,
            "status": pick(STATUSES, status),
            "opted_in_at": fmt_utc(audience.opted_in_at),
            "status_changed_at": fmt_utc(status_at),
            "member_rating": pl.Series(_member_rating(kind, contact, n_contacts)).cast(pl.String),
            "signup_source": source_names(audience),
        }
    )[by_signup]
    links = pl.DataFrame({"record_id": contact_ids, "person": audience.person})[by_signup]
    return Email(
        tables={"contacts": contacts, "events": events},
        links={"contacts": links},
        status=status[by_signup],
        calendar=calendar,
        recipients=recipients,
    )
