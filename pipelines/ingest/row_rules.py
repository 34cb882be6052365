"""Rules over a row's parsed values that no single column's format states: a time too far after
the delivery that holds it, a line item that sells nothing. Each rule is a reason (text without
any value of the row) or null, quarantined like a format error.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.ingest.schemas import Kind, Table

# A record cannot have happened long after the export that holds it: an order dated 2099 is a
# typo or a unit mistake, and left in it would become the data's newest day (the analyses'
# as-of date). 31 days leaves room for a folder dated some days before the export was taken.
FUTURE_HORIZON_DAYS = 31
# The columns that say when the record happened (not when something is planned or changed).
_EVENT_TIME_COLUMNS = frozenset({"created_at", "occurred_at", "sent_at", "date"})
_TIME_KINDS = frozenset(Kind) - {Kind.STRING, Kind.INTEGER, Kind.DECIMAL, Kind.BOOLEAN}


def row_problems(
    table: Table, values: dict[str, pl.Expr], delivered_on: dt.date | None
) -> list[pl.Expr]:
    """The rules of ``table`` over its typed ``values`` (column name -> expression)."""
    problems = []
    if delivered_on is not None:
        # The first day past the horizon, and (timestamps are UTC) its first moment.
        beyond = delivered_on + dt.timedelta(days=FUTURE_HORIZON_DAYS + 1)
        for column in table.columns:
            if column.name in _EVENT_TIME_COLUMNS and column.kind in _TIME_KINDS:
                first = (
                    beyond if column.kind == Kind.DATE else dt.datetime.combine(beyond, dt.time())
                )
                problems.append(
                    pl.when(values[column.name] >= first).then(
                        pl.lit(
                            f"{column.name}: more than {FUTURE_HORIZON_DAYS} days after the "
                            "delivery date"
                        )
                    )
                )
    if (table.source, table.name) == ("shop", "order_lines"):
        quantity, price = values["quantity"], values["unit_price"]
        problems.append(pl.when(quantity < 0).then(pl.lit("quantity: negative")))
        problems.append(
            pl.when((quantity == 0) & (price == 0)).then(
                pl.lit("empty line: quantity 0 and unit_price 0 (nothing sold)")
            )
        )
    return problems
