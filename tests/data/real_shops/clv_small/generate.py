"""Writes shop_30.csv and shop_160.csv of this folder: transactions drawn from the BG/NBD and
Gamma-Gamma processes (see README.md). Run once; the CSVs are committed, so the tests never
depend on this script or on numpy's generator staying the same:

    .venv/bin/python tests/data/real_shops/clv_small/generate.py
"""

import csv
import datetime as dt
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
START = dt.date(2025, 1, 1)
END = dt.date(2026, 6, 30)

# (file, customers, seed, r, alpha (weeks), a, b, p, q, gamma (euro))
SHOPS = [
    ("shop_30.csv", 30, 30, 0.8, 20.0, 0.5, 3.0, 4.0, 5.0, 40.0),
    ("shop_160.csv", 160, 160, 1.5, 40.0, 0.2, 8.0, 6.0, 4.0, 25.0),
]


def transactions(customers, seed, r, alpha, a, b, p, q, gamma):
    """Per customer: first purchase on a uniform day of the first year; while alive, purchases
    at Poisson rate lambda ~ Gamma(r, rate alpha) per week; after each repeat purchase, gone
    with probability ~ Beta(a, b); every amount Gamma(p, rate nu), nu ~ Gamma(q, rate gamma)."""
    rng = np.random.default_rng(seed)
    horizon_weeks = (END - START).days / 7
    for number in range(1, customers + 1):
        customer = f"C{number:03d}"
        first = rng.uniform(0, 52)
        rate = rng.gamma(r, 1 / alpha)
        dropout = rng.beta(a, b)
        nu = rng.gamma(q, 1 / gamma)
        week = first
        while week <= horizon_weeks:
            day = START + dt.timedelta(days=int(week * 7))
            amount = round(rng.gamma(p, 1 / nu), 2)
            yield customer, day.isoformat(), f"{amount:.2f}"
            week += rng.exponential(1 / rate) if rate > 0 else np.inf
            if week > first and rng.uniform() < dropout:
                break


def main() -> None:
    for name, customers, seed, *params in SHOPS:
        with (HERE / name).open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["customer_id", "purchase_date", "net_amount"])
            writer.writerows(transactions(customers, seed, *params))


if __name__ == "__main__":
    main()
