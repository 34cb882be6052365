"""The demo shop's product catalogue: eight lifestyle and home categories, about 200 SKUs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo.draw import money

# (category, SKU prefix, ((product type, lowest price, highest price), ...)) in euros.
CATEGORIES: tuple[tuple[str, str, tuple[tuple[str, int, int], ...]], ...] = (
    ("Wonen & decoratie", "WON", (("Vaas", 19, 59), ("Fotolijst", 9, 29),
                                 ("Kaarsenhouder", 12, 39), ("Spiegel", 49, 149),
                                 ("Mand", 19, 49), ("Dienblad", 19, 45))),
    ("Keuken & tafel", "KEU", (("Mok", 7, 15), ("Ontbijtbord", 9, 19), ("Serveerschaal", 19, 49),
                               ("Karaf", 19, 39), ("Snijplank", 19, 59), ("Theepot", 24, 59))),
    ("Textiel", "TEX", (("Plaid", 39, 99), ("Kussenhoes", 14, 34), ("Tafelkleed", 29, 69),
                        ("Theedoek", 6, 14), ("Badhanddoek", 12, 29), ("Vloerkleed", 69, 249))),
    ("Verlichting", "VER", (("Tafellamp", 39, 129), ("Hanglamp", 59, 199),
                            ("Lichtsnoer", 14, 34), ("Windlicht", 12, 29),
                            ("Vloerlamp", 89, 249))),
    ("Bad & verzorging", "BAD", (("Handzeep", 8, 16), ("Geurkaars", 14, 39),
                                 ("Geurstokjes", 16, 36), ("Badjas", 49, 89),
                                 ("Zeepschaal", 8, 19))),
    ("Tuin & balkon", "TUI", (("Plantenpot", 12, 69), ("Buitenkussen", 24, 49),
                              ("Lantaarn", 19, 59), ("Gieter", 14, 34), ("Vogelhuisje", 19, 39))),
    ("Cadeaus", "CAD", (("Cadeaubox", 24, 69), ("Wenskaart", 3, 6), ("Sleutelhanger", 7, 14),
                        ("Puzzel", 14, 29), ("Cadeauset", 19, 49))),
    ("Papier & kantoor", "PAP", (("Notitieboek", 9, 24), ("Agenda", 14, 29),
                                 ("Pennenset", 9, 19), ("Kalender", 12, 24),
                                 ("Briefpapier", 9, 19))),
)  # fmt: skip
CATEGORY_NAMES: tuple[str, ...] = tuple(c[0] for c in CATEGORIES)

_MODELS = ("Lente", "Duin", "Polder", "Noor", "Fenna", "Kiem", "Wad", "Eiland", "Terp", "Veld",
           "Berk", "Heide", "Kade", "Kreek", "Zomer", "Mare", "Luna", "Vlinder")  # fmt: skip
_COLOURS = ("zand", "oker", "salie", "antraciet", "wit", "terracotta", "zwart", "naturel",
            "roest", "mosgroen", "oudroze", "blauw")  # fmt: skip
_PRICE_ENDINGS = np.array([95, 99, 50, 0])


@dataclass(frozen=True)
class Catalog:
    sku: tuple[str, ...]
    name: tuple[str, ...]
    category: np.ndarray  # index into CATEGORY_NAMES
    price: np.ndarray  # list price in cents, VAT included
    cost: np.ndarray  # unit cost in cents
    # Per category, product indices ordered by price, so a spend level can pick a price tier.
    by_category: tuple[np.ndarray, ...]

    def table(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "sku": list(self.sku),
                "product_name": list(self.name),
                "category": [CATEGORY_NAMES[c] for c in self.category],
                "price": money(self.price),
                "cost": money(self.cost),
            }
        )


def build_catalog(rng: np.random.Generator) -> Catalog:
    skus, names, cats, prices = [], [], [], []
    for c, (_, prefix, types) in enumerate(CATEGORIES):
        n = int(rng.integers(21, 30))
        combos = rng.choice(len(types) * len(_MODELS) * len(_COLOURS), size=n, replace=False)
        kind, rest = np.divmod(combos, len(_MODELS) * len(_COLOURS))
        model, colour = np.divmod(rest, len(_COLOURS))
        for i in range(n):
            product, low, high = types[kind[i]]
            skus.append(f"{prefix}-{1001 + i}")
            names.append(f"{product} {_MODELS[model[i]]} {_COLOURS[colour[i]]}")
            cats.append(c)
            prices.append(int(rng.integers(low, high + 1)))
    euros = np.array(prices, dtype=np.int64)
    ending = _PRICE_ENDINGS[rng.integers(0, len(_PRICE_ENDINGS), size=len(euros))]
    price = np.maximum(euros * 100 - 100 + ending, 195)
    # Cost is a share of the price net of 21 % VAT: the margins of a home-goods retailer.
    cost = np.round(price / 1.21 * rng.uniform(0.35, 0.55, size=len(price))).astype(np.int64)
    category = np.array(cats, dtype=np.int64)
    by_category = tuple(
        np.flatnonzero(category == c)[np.argsort(price[category == c], kind="stable")]
        for c in range(len(CATEGORIES))
    )
    return Catalog(tuple(skus), tuple(names), category, price, cost, by_category)
