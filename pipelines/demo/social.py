"""The social source: profiles that interacted with the brand, and their interactions.

Some profiles belong to customers or list members, most without saying so (no email); others
belong to nobody the shop knows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo.clock import DAY, MISSING, Period, fmt_epoch
from pipelines.demo.draw import (
    categorical,
    categorical_rows,
    digit_ids,
    first_of_group,
    numeric_ids,
    pick,
)
from pipelines.demo.people import People
from pipelines.demo.personas import PERSONAS, attribute
from pipelines.demo.purchases import Purchases
from pipelines.demo.sequences import IdSequences
from pipelines.demo.social_text import handle_keys, interaction_texts, profile_texts

PLATFORMS = ("instagram", "facebook", "tiktok")
_ID_DIGITS = (17, 16, 19)  # how long each platform's profile ids are
# Platform mix of a person's main profile; trend followers lean to TikTok.
_PLATFORM_MIX = {"trend_follower": (50, 10, 40), "gift_buyer": (35, 55, 10)}
_DEFAULT_MIX = (55, 33, 12)
SECOND_PLATFORM_SHARE = 0.2
UNOWNED_PER_OWNED = 0.6  # profiles of strangers per person-owned profile
INTERACTION_TYPES = ("follow", "like", "comment", "share", "mention", "direct_message")
_LATER_TYPES = (0, 55, 17, 8, 12, 8)  # after the first interaction, which is a follow or a like
POST_EVERY_DAYS = 2.5
CHURN_HALF_LIFE_DAYS = 120


# Per platform: when the brand posted (sorted) and each post's id.
BrandPosts = list[tuple[np.ndarray, pl.Series]]


@dataclass(frozen=True)
class Social:
    tables: dict[str, pl.DataFrame]
    links: dict[str, pl.DataFrame]
    posts: BrandPosts
    handles: pl.Series  # handle_keys of the profiles, taken for later blocks of persons


def _profiles(rng, people: People, period: Period):
    """Owner (-1 for nobody), platform and first interaction time of every profile."""
    owns = rng.random(people.n) < attribute("social_share", people.persona)
    owner = np.flatnonzero(owns)
    mix = np.array([_PLATFORM_MIX.get(p.key, _DEFAULT_MIX) for p in PERSONAS], dtype=float)
    platform = categorical_rows(rng, mix[people.persona[owner]])
    second = owner[rng.random(len(owner)) < SECOND_PLATFORM_SHARE]
    other = (platform[np.isin(owner, second)] + rng.integers(1, 3, len(second))) % 3
    strangers = round(UNOWNED_PER_OWNED * (len(owner) + len(second)))
    person = np.concatenate((owner, second, np.full(strangers, -1)))
    platform = np.concatenate((platform, other, categorical(rng, _DEFAULT_MIX, strangers)))
    first = period.start + (rng.random(len(person)) * (period.end - period.start)).astype(np.int64)
    return person, platform, first


def _interactions(rng, people, purchases, person, first, period):
    """Profile index and time of every interaction, sorted by time; decays after churn."""
    years = (period.end - first) / (365.25 * DAY)
    rate = np.where(
        person >= 0, attribute("social_per_year", people.persona[np.maximum(person, 0)]), 1.5
    )
    count = 1 + rng.poisson(rate * years * rng.gamma(2.0, 0.5, len(person)))
    profile = np.repeat(np.arange(len(person)), count)
    later = first[profile] + (rng.random(len(profile)) * (period.end - first[profile]))
    is_first = first_of_group(profile)
    at = np.where(is_first, first[profile], later.astype(np.int64))
    churned = np.where(person >= 0, purchases.churned_at[np.maximum(person, 0)], MISSING)[profile]
    since = np.where(churned == MISSING, 0, np.maximum(at - churned, 0))
    keep = is_first | (rng.random(len(at)) < np.exp2(-since / (CHURN_HALF_LIFE_DAYS * DAY)))
    profile, at, is_first = profile[keep], at[keep], is_first[keep]
    kind = np.where(
        is_first,
        np.where(rng.random(len(at)) < 0.6, 0, 1),
        categorical(rng, _LATER_TYPES, len(at)),
    )
    order = np.lexsort((profile, at))
    return profile[order], at[order], kind[order]


def brand_posts(rng, period: Period) -> BrandPosts:
    """The brand's own posts on each platform, the same for every block of persons."""
    posts = []
    for _ in PLATFORMS:
        n_posts = int((period.end - period.start) / (POST_EVERY_DAYS * DAY))
        posted = np.sort(period.start + (rng.random(n_posts) * (period.end - period.start)))
        posts.append((posted, numeric_ids(rng, n_posts, 18)))
    return posts


def _posts(posts: BrandPosts, platform: np.ndarray, at: np.ndarray, kind: np.ndarray):
    """The brand post each like, comment or share was on (the latest before it)."""
    post_id = pl.repeat(None, len(at), dtype=pl.String, eager=True)
    for p, (posted, ids) in enumerate(posts):
        on_post = np.flatnonzero((platform == p) & np.isin(kind, (1, 2, 3)))
        latest = np.searchsorted(posted, at[on_post], side="right") - 1
        found = latest >= 0
        post_id = post_id.scatter(on_post[found], ids.gather(latest[found]))
    return post_id


def build_social(
    rng: np.random.Generator,
    people: People,
    purchases: Purchases,
    period: Period,
    ids: IdSequences,
    posts: BrandPosts | None = None,
    taken_handles: pl.Series | None = None,
) -> Social:
    """The profiles of ``people`` and of strangers, and their interactions; ``posts`` and
    ``taken_handles`` come from earlier blocks of persons (None: the first block)."""
    taken = pl.Series(dtype=pl.String) if taken_handles is None else taken_handles
    person, platform, first = _profiles(rng, people, period)
    profile, at, kind = _interactions(rng, people, purchases, person, first, period)
    # A profile is first seen at its first interaction; rows go in that order.
    by_first = np.argsort(first, kind="stable")
    profile_ids = pl.Series([None] * len(person), dtype=pl.String)
    for p, digits in enumerate(_ID_DIGITS):
        on = np.flatnonzero(platform == p)
        profile_ids = profile_ids.scatter(
            on, digit_ids(ids.scrambled(rng, f"profile_{p}", len(on)), digits)
        )
    texts = profile_texts(rng, people, person, platform, taken)
    profiles = pl.DataFrame(
        {
            "profile_id": profile_ids,
            "platform": pick(PLATFORMS, platform),
            "handle": texts["handle"],
            "display_name": texts["display_name"],
            "location": texts["location"],
            "bio": texts["bio"],
            "email": texts["email"],
            "first_seen_at": fmt_epoch(first),
        }
    )[by_first]
    interaction_ids = digit_ids(ids.scrambled(rng, "interaction", len(at)), 18)
    posts = posts or brand_posts(rng, period)
    interactions = pl.DataFrame(
        {
            "interaction_id": interaction_ids,
            "profile_id": profile_ids.gather(profile),
            "platform": pick(PLATFORMS, platform[profile]),
            "interaction_type": pick(INTERACTION_TYPES, kind),
            "post_id": _posts(posts, platform[profile], at, kind),
            "text": interaction_texts(rng, kind),
            "occurred_at": fmt_epoch(at),
        }
    )
    links = pl.DataFrame({"record_id": profile_ids, "person": person})[by_first]
    return Social(
        {"profiles": profiles, "interactions": interactions},
        {"profiles": links},
        posts,
        handle_keys(platform, texts["handle"]),
    )
