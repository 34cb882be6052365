"""Latent personas: the hidden behaviour types the demo shop's customers are drawn from.

They are ground truth only (written to persons.csv): nothing in the landing zone names them, so
the pipeline's persona clustering has something real, but not given, to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Persona:
    key: str
    description: str
    share: float  # of the population
    buyer_share: float  # chance to buy at all within the period
    purchases_per_year: float  # mean of the Gamma-distributed purchase rate while alive
    rate_shape: float  # Gamma shape: lower means more spread between people
    dropout: tuple[float, float]  # Beta(a, b) of the chance to drop out after each purchase
    spend: float  # price tier and basket size: 1 is average
    # Weights of the eight catalogue categories (see catalog.CATEGORIES), in order.
    categories: tuple[float, float, float, float, float, float, float, float]
    channels: tuple[float, float, float]  # web, app, store
    discount_use: float  # chance an order uses a discount code
    consent: float  # chance to accept email marketing in the shop
    list_signup: float  # chance to be on the email list
    open_rate: float  # mean chance to open a delivered email
    click_rate: float  # chance to click, given an open
    unsubscribe_rate: float  # chance to unsubscribe per delivered email
    social_share: float  # chance to follow the brand on social media
    social_per_year: float  # interactions per year per profile
    review_rate: float  # chance an order gets a review
    satisfaction: float  # mean star rating, 1 to 5


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "loyal_regular", "Buys often across the range, mostly online, stays for years",
        share=0.15, buyer_share=1.0, purchases_per_year=32, rate_shape=3, dropout=(1, 80),
        spend=1.15, categories=(3, 3, 2, 2, 2, 1, 1, 1), channels=(0.55, 0.35, 0.10),
        discount_use=0.12, consent=0.85, list_signup=0.70, open_rate=0.45, click_rate=0.25,
        unsubscribe_rate=0.0025, social_share=0.30, social_per_year=10, review_rate=0.12,
        satisfaction=4.4,
    ),
    Persona(
        "bargain_hunter", "Waits for promotions, uses discount codes, buys cheaper products",
        share=0.18, buyer_share=1.0, purchases_per_year=18, rate_shape=2, dropout=(2, 30),
        spend=0.70, categories=(2, 3, 2, 1, 2, 1, 1, 2), channels=(0.70, 0.25, 0.05),
        discount_use=0.70, consent=0.80, list_signup=0.75, open_rate=0.40, click_rate=0.30,
        unsubscribe_rate=0.0045, social_share=0.20, social_per_year=6, review_rate=0.06,
        satisfaction=3.7,
    ),
    Persona(
        "gift_buyer", "Buys gifts now and then, pricier items, often in the store",
        share=0.15, buyer_share=1.0, purchases_per_year=7, rate_shape=2, dropout=(2, 12),
        spend=1.40, categories=(2, 1, 1, 1, 3, 1, 4, 2), channels=(0.50, 0.10, 0.40),
        discount_use=0.15, consent=0.55, list_signup=0.40, open_rate=0.25, click_rate=0.15,
        unsubscribe_rate=0.0045, social_share=0.10, social_per_year=3, review_rate=0.05,
        satisfaction=4.1,
    ),
    Persona(
        "trend_follower", "Social-savvy: follows, likes and comments; shops in the app",
        share=0.14, buyer_share=1.0, purchases_per_year=16, rate_shape=2, dropout=(2, 20),
        spend=1.00, categories=(4, 1, 3, 3, 1, 2, 1, 1), channels=(0.25, 0.70, 0.05),
        discount_use=0.30, consent=0.60, list_signup=0.40, open_rate=0.20, click_rate=0.20,
        unsubscribe_rate=0.0060, social_share=0.90, social_per_year=40, review_rate=0.10,
        satisfaction=4.0,
    ),
    Persona(
        "newsletter_reader", "Reads every newsletter and buys now and then after one",
        share=0.14, buyer_share=0.80, purchases_per_year=10, rate_shape=2, dropout=(2, 22),
        spend=0.95, categories=(2, 3, 2, 1, 2, 2, 1, 2), channels=(0.80, 0.15, 0.05),
        discount_use=0.25, consent=0.95, list_signup=0.95, open_rate=0.65, click_rate=0.35,
        unsubscribe_rate=0.0015, social_share=0.10, social_per_year=4, review_rate=0.08,
        satisfaction=4.2,
    ),
    Persona(
        "one_time_buyer", "Buys once and rarely comes back",
        share=0.14, buyer_share=1.0, purchases_per_year=4, rate_shape=2, dropout=(8, 2),
        spend=0.90, categories=(2, 2, 2, 2, 2, 2, 2, 1), channels=(0.75, 0.10, 0.15),
        discount_use=0.30, consent=0.40, list_signup=0.30, open_rate=0.12, click_rate=0.10,
        unsubscribe_rate=0.0120, social_share=0.05, social_per_year=2, review_rate=0.04,
        satisfaction=3.2,
    ),
    Persona(
        "browser", "Follows on social media or reads email but never buys in the period",
        share=0.10, buyer_share=0.0, purchases_per_year=0, rate_shape=1, dropout=(1, 1),
        spend=1.00, categories=(1, 1, 1, 1, 1, 1, 1, 1), channels=(1.0, 0.0, 0.0),
        discount_use=0.0, consent=0.50, list_signup=0.50, open_rate=0.30, click_rate=0.10,
        unsubscribe_rate=0.0060, social_share=0.60, social_per_year=8, review_rate=0.0,
        satisfaction=3.5,
    ),
)  # fmt: skip


def attribute(name: str, persona: np.ndarray) -> np.ndarray:
    """A persona attribute for every person, given each person's persona index."""
    return np.array([getattr(p, name) for p in PERSONAS])[persona]
