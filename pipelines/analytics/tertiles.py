"""Low / medium / high thirds of a value, with the same tie rule as the RFM scores."""

import polars as pl

TERTILE_LABELS = ("low", "medium", "high")


def tertile(value: pl.Expr) -> pl.Expr:
    """1, 2 or 3: 1 + floor(3 × percent_rank), percent_rank = (min rank − 1) / (n − 1), so tied
    values share a tertile whatever the row order (as customer_rfm's quintile scores do)."""
    rank = value.rank(method="min")
    count = value.count()
    percent_rank = pl.when(count > 1).then((rank - 1) / (count - 1)).otherwise(0.0)
    return pl.min_horizontal(1 + (3 * percent_rank).floor(), pl.lit(3)).cast(pl.Int8).name.keep()


def tertile_label(tertile_column: pl.Expr) -> pl.Expr:
    return tertile_column.replace_strict(
        {i + 1: label for i, label in enumerate(TERTILE_LABELS)}, return_dtype=pl.String
    )
