"""Paid social (social/ad_spend): one always-on campaign per platform plus seasonal bursts."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from pipelines.demo.clock import Period, fmt_date
from pipelines.demo.draw import money, numeric_ids

_PLATFORMS = ("instagram", "facebook", "tiktok")
# Cost per thousand impressions (cents) and click-through rate per platform.
_CPM = (650, 520, 380)
_CTR = (0.011, 0.008, 0.006)
_ALWAYS_ON_BUDGET = (1_500, 1_000, 800)  # cents per day
BURST_EVERY_DAYS = 45
_SEASONS = ("Winter", "Winter", "Lente", "Lente", "Lente", "Zomer", "Zomer", "Zomer",
            "Herfst", "Herfst", "Black Friday", "Kerst")  # fmt: skip


def _campaigns(rng, period: Period) -> list[tuple[int, str, int, int, int]]:
    """(platform, name, first day, last day, daily budget in cents) of every ad campaign."""
    first = (period.start_date - date(1970, 1, 1)).days
    last = first + period.days - 1
    plan = [(p, "Always-on retargeting", first, last, _ALWAYS_ON_BUDGET[p]) for p in range(3)]
    for start in range(first + 10, last + 1, BURST_EVERY_DAYS):
        day = date(1970, 1, 1) + timedelta(days=start)
        name = f"{_SEASONS[day.month - 1]} {day.year} - prospecting"
        for p in np.flatnonzero(rng.random(3) < (0.9, 0.7, 0.6)):
            length = int(rng.integers(14, 29))
            budget = int(rng.integers(30, 81)) * 100
            plan.append((int(p), name, start, min(last, start + length - 1), budget))
    return plan


def build_ad_spend(rng: np.random.Generator, period: Period) -> pl.DataFrame:
    plan = _campaigns(rng, period)
    ids = numeric_ids(rng, len(plan), 17)
    parts = []
    for c, (platform, name, start, end, budget) in enumerate(plan):
        days = np.arange(start, end + 1)
        spend = np.round(budget * rng.uniform(0.8, 1.05, len(days))).astype(np.int64)
        impressions = rng.poisson(spend / _CPM[platform] * 1000)
        clicks = rng.binomial(impressions, _CTR[platform])
        parts.append(
            pl.DataFrame(
                {
                    "date": fmt_date(days),
                    "platform": _PLATFORMS[platform],
                    "campaign_id": ids[c],
                    "campaign_name": name,
                    "spend": money(spend),
                    "currency": "EUR",
                    "impressions": pl.Series(impressions).cast(pl.String),
                    "clicks": pl.Series(clicks).cast(pl.String),
                }
            )
        )
    return pl.concat(parts).sort("date", "platform", "campaign_id", maintain_order=True)
