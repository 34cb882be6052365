"""Buy-till-you-die purchasing (BG/NBD-style): when each person buys, and whether they churned.

Each buyer makes a first purchase at their join time; while alive they buy at a Poisson rate,
and after every purchase they drop out with their own probability. A buyer who drops out before
the end of the period is churned, at the moment of that last purchase.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.demo import rates
from pipelines.demo.clock import DAY, HOUR, MISSING, Period, at_local_time, fold_windows, local_day
from pipelines.demo.draw import categorical, group_starts
from pipelines.demo.people import People, choose_channel

# Relative chance of each local hour 0-23 for online orders (evening peak) and store sales
# (opening hours only).
_ONLINE_HOURS = (1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 4, 4.5,
                 5, 4.5, 4.5, 4.5, 4.5, 5, 6, 7.5, 8.5, 8, 5.5, 2.5)  # fmt: skip
_STORE_HOURS = (0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 6, 6, 6, 6, 6, 6, 5, 0, 0, 0, 0, 0, 0)
STORE = 2


@dataclass(frozen=True)
class Purchases:
    person: np.ndarray  # sorted by person, then time
    at: np.ndarray
    channel: np.ndarray  # 0 web, 1 app, 2 store
    # Ground truth per person (MISSING where it does not apply).
    count: np.ndarray
    churned: np.ndarray
    churned_at: np.ndarray
    first_at: np.ndarray
    last_at: np.ndarray


def _repeat_times(
    rng: np.random.Generator, start: np.ndarray, end: int, repeats: np.ndarray, alive: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The first ``repeats`` of ``alive`` uniform times in [start, end), per buyer.

    Uses exponential spacings: the j-th of m sorted uniforms is S_j / S_(m+1) for cumulative
    sums S of standard exponentials, so only the times kept are drawn.
    """
    owner = np.repeat(np.arange(len(start)), repeats)
    spacing = rng.exponential(size=len(owner))
    cumulative = np.cumsum(spacing)
    before = np.concatenate(([0.0], cumulative))[group_starts(repeats)]
    within = cumulative - np.repeat(before, repeats)
    last = np.zeros(len(start))
    has = repeats > 0
    last[has] = within[group_starts(repeats)[has] + repeats[has] - 1]
    total = last + rng.gamma(alive - repeats + 1.0)
    fraction = within / total[owner]
    return owner, start[owner] + (fraction * (end - start[owner])).astype(np.int64)


def _time_of_day(rng: np.random.Generator, at: np.ndarray, channel: np.ndarray) -> np.ndarray:
    online = categorical(rng, _ONLINE_HOURS, len(at))
    store = categorical(rng, _STORE_HOURS, len(at))
    hour = np.where(channel == STORE, store, online)
    return at_local_time(local_day(at), hour * HOUR + rng.integers(0, HOUR, len(at)))


def _into_folds(rng: np.random.Generator, at: np.ndarray, channel: np.ndarray, period: Period):
    """Move some of each autumn-fold Sunday's online orders into the repeated 02:00 hour."""
    at = at.copy()
    for a, b in fold_windows(period):
        same_day = np.flatnonzero(
            (local_day(at) == local_day(np.array([a]))[0]) & (channel != STORE)
        )
        k = min(
            len(same_day),
            max(rates.DST_FOLD_MIN_ORDERS, round(rates.DST_FOLD_ORDER_SHARE * len(same_day))),
        )
        chosen = rng.choice(same_day, size=k, replace=False)
        half = (b - a) // 2
        second = np.arange(k) >= k // 2
        at[chosen] = a + second * half + rng.integers(0, half, k)
    return at


def simulate_purchases(rng: np.random.Generator, people: People, period: Period) -> Purchases:
    buyers = np.flatnonzero(people.is_buyer)
    start = people.join[buyers]
    days_left = (period.end - start) / DAY
    dropout_after = rng.geometric(people.dropout[buyers])  # purchases made before dropping out
    alive = rng.poisson(people.rate[buyers] * days_left)  # repeats if they never dropped out
    repeats = np.minimum(alive, dropout_after - 1)
    churned = dropout_after - 1 <= alive
    owner, repeat_at = _repeat_times(rng, start, period.end, repeats, alive)
    person = np.concatenate((buyers, buyers[owner]))
    at = np.concatenate((start, repeat_at))
    channel = choose_channel(rng, people, person)
    at = np.clip(_time_of_day(rng, at, channel), period.start, period.end - 1)
    at = _into_folds(rng, at, channel, period)
    order = np.lexsort((at, person))
    person, at, channel = person[order], at[order], channel[order]

    count = np.bincount(person, minlength=people.n)
    first_at = np.full(people.n, MISSING, dtype=np.int64)
    last_at = np.full(people.n, MISSING, dtype=np.int64)
    starts = group_starts(count[count > 0])
    first_at[count > 0] = at[starts]
    last_at[count > 0] = at[starts + count[count > 0] - 1]
    is_churned = np.zeros(people.n, dtype=bool)
    is_churned[buyers] = churned
    return Purchases(
        person=person,
        at=at,
        channel=channel,
        count=count,
        churned=is_churned,
        churned_at=np.where(is_churned, last_at, MISSING),
        first_at=first_at,
        last_at=last_at,
    )
