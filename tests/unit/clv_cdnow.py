"""The in-repo CDNOW sample (tests/data/cdnow, see its README) and how to point
`klantbeeld clv fit` at it, shared by the CLV tests."""

import datetime as dt
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.analytics.clv import summarise_transactions
from pipelines.analytics.clv.transactions_file import Layout, read_transactions

CDNOW = Path(__file__).parent.parent / "data" / "cdnow"
TRANSACTIONS = CDNOW / "CDNOW_sample.txt"
CALIBRATION_END = dt.date(1997, 9, 30)
HOLDOUT_END = dt.date(1998, 6, 30)
COLUMNS = "master_id,customer_id,date,cds,amount"
FIT_ARGS = [
    "--format",
    "whitespace",
    "--no-header",
    "--columns",
    COLUMNS,
    "--date-column",
    "date",
    "--amount-column",
    "amount",
    "--date-format",
    "%Y%m%d",
    "--calibration-end",
    str(CALIBRATION_END),
]


@cache
def transactions() -> pl.DataFrame:
    return read_transactions(
        TRANSACTIONS,
        customer="customer_id",
        date="date",
        amount="amount",
        date_format="%Y%m%d",
        layout=Layout(format="whitespace", header=False, columns=tuple(COLUMNS.split(","))),
    )


@cache
def calibration_summary() -> pl.DataFrame:
    return summarise_transactions(
        transactions(), calibration_end=CALIBRATION_END, holdout_end=HOLDOUT_END
    )
