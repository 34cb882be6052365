"""How people type the same email address and phone number differently in different places."""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.demo import rates


def _capitalised(e: pl.Expr) -> pl.Expr:
    return e.str.slice(0, 1).str.to_uppercase() + e.str.slice(1)


# Case and whitespace variants, as autofill, phone keyboards and copy-paste produce them.
_EMAIL_VARIANTS = (
    _capitalised,
    lambda e: e.str.to_uppercase(),
    lambda e: e + " ",
    lambda e: " " + e,
    lambda e: e.str.to_titlecase(),
    lambda e: _capitalised(e) + " ",
)


def email_variants(
    rng: np.random.Generator,
    canonical: pl.Series,
    share: float = rates.EMAIL_VARIANT_SHARE,
) -> pl.Series:
    """The canonical addresses, a ``share`` of them typed as a case or whitespace variant."""
    n = len(canonical)
    varied = pl.Series(rng.random(n) < share)
    kind = pl.Series(rng.integers(0, len(_EMAIL_VARIANTS), n))
    frame = pl.DataFrame({"e": canonical, "v": varied, "k": kind})
    out = pl.col("e")
    for k, variant in enumerate(_EMAIL_VARIANTS):
        out = pl.when(pl.col("v") & (pl.col("k") == k)).then(variant(pl.col("e"))).otherwise(out)
    return frame.select(out.alias(canonical.name)).to_series()


def phone_formats(rng: np.random.Generator, mobile: pl.Series) -> pl.Series:
    """Dutch mobile numbers ``06xxxxxxxx`` written the ways customers type them."""
    kind = pl.Series(rng.integers(0, 6, len(mobile)))
    frame = pl.DataFrame({"p": mobile, "k": kind})
    rest = pl.col("p").str.slice(2)
    forms = (
        "06-" + rest,
        pl.col("p"),
        "+31 6 " + rest,
        "+316" + rest,
        "00316" + rest,
        "06 " + rest.str.slice(0, 4) + " " + rest.str.slice(4),
    )
    out = pl.lit(None, dtype=pl.String)
    for k, form in enumerate(forms):
        out = pl.when(pl.col("k") == k).then(form).otherwise(out)
    return frame.select(pl.when(pl.col("p").is_null()).then(None).otherwise(out)).to_series()
