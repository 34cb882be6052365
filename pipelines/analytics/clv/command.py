"""`klantbeeld clv fit`: fit BG/NBD and Gamma-Gamma on a transactions file and print the
parameters. Heavy imports (polars, scipy) happen inside the command so `klantbeeld --help`
stays fast."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

FIT_HELP = """Fit BG/NBD and Gamma-Gamma on the transactions in PATH up to --calibration-end.

One row per transaction: a customer id (read as text, so leading zeros stay), a date and an
amount; a customer's transactions on one day are one purchase. Columns are picked by name.

Amounts: a customer's amounts on one day are summed. A day that sums to $0 or less (a free
order, a refund that cancels the purchase) still counts as a purchase day for BG/NBD and
lowers the customer's mean repeat spend (the first purchase is never part of it). Gamma-Gamma
is fitted only on customers whose mean repeat spend is above 0; the rest are given the
population's expected spend.

Small data: with fewer than 20 customers, or fewer than 5 with a repeat purchase, the command
refuses. Below 100 customers or 30 repeat buyers, or when maximum likelihood does not pin a
parameter down, the models are fitted with weak priors (regularised) and the output says so.

\b
An ordinary CSV with a header:
  klantbeeld clv fit orders.csv --customer-column customer_id \\
    --date-column purchase_date --amount-column net_amount --calibration-end 2026-06-30
The CDNOW sample (whitespace separated, no header):
  klantbeeld clv fit CDNOW_sample.txt --format whitespace --no-header \\
    --columns master_id,customer_id,date,cds,amount --date-column date \\
    --amount-column amount --date-format %Y%m%d --calibration-end 1997-09-30 --json
"""


@click.group()
def clv() -> None:
    """Customer lifetime value models (BG/NBD, Gamma-Gamma)."""


@clv.command(help=FIT_HELP)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--customer-column", default="customer_id", show_default=True)
@click.option("--date-column", default="purchase_date", show_default=True)
@click.option("--amount-column", default="net_amount", show_default=True)
@click.option(
    "--calibration-end",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    help="Last day (YYYY-MM-DD) whose transactions count; customers who first bought later "
    "are left out.",
)
@click.option(
    "--date-format",
    default="%Y-%m-%d",
    show_default=True,
    help="strftime format of the date column, e.g. %Y%m%d.",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "whitespace"]),
    default="csv",
    show_default=True,
    help="csv: fields split by --separator (quotes allowed); whitespace: split on runs of "
    "spaces and tabs.",
)
@click.option("--separator", default=",", show_default=True, help="CSV field separator.")
@click.option(
    "--header/--no-header",
    default=True,
    show_default=True,
    help="Whether the first row names the columns.",
)
@click.option(
    "--columns",
    help="Comma-separated names of all the file's columns, in order (required with --no-header).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the parameters as JSON.")
def fit(
    path: Path,
    customer_column: str,
    date_column: str,
    amount_column: str,
    calibration_end: dt.datetime,
    date_format: str,
    file_format: str,
    separator: str,
    header: bool,
    columns: str | None,
    as_json: bool,
) -> None:
    from pipelines.analytics.clv import ConvergenceError, fit_models
    from pipelines.analytics.clv.summary import summarise_transactions
    from pipelines.analytics.clv.transactions_file import (
        Layout,
        TransactionFileError,
        read_transactions,
    )

    if not header and not columns:
        raise click.UsageError("--no-header needs --columns to name the file's columns.")
    if header and columns:
        raise click.UsageError("--columns names the columns of a file without a header row.")
    layout = Layout(
        format=file_format,
        separator=separator,
        header=header,
        columns=tuple(name.strip() for name in columns.split(",")) if columns else None,
    )
    try:
        transactions = read_transactions(
            path,
            customer=customer_column,
            date=date_column,
            amount=amount_column,
            date_format=date_format,
            layout=layout,
        )
        summary = summarise_transactions(transactions, calibration_end=calibration_end.date())
        fits = fit_models(summary)
    except (TransactionFileError, ValueError, ConvergenceError) as error:
        raise click.ClickException(str(error)) from error
    bg, gg = fits.bg_nbd, fits.gamma_gamma
    result = {
        "customers": summary.height,
        "repeat_customers": int((summary["frequency"] > 0).sum()),
        "fit_method": fits.fit_method,
        "fit_warnings": list(fits.warnings),
        "bg_nbd": {
            "r": bg.r,
            "alpha": bg.alpha,
            "a": bg.a,
            "b": bg.b,
            "log_likelihood": bg.log_likelihood,
            "method": fits.bg_nbd_method,
        },
        "gamma_gamma": {
            "p": gg.p,
            "q": gg.q,
            "gamma": gg.gamma,
            "log_likelihood": gg.log_likelihood,
            "customers": gg.customers,
            "method": fits.gamma_gamma_method,
        },
    }
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"{path}: {result['customers']:,} customers up to {calibration_end.date()}, "
        f"{result['repeat_customers']:,} with repeat purchases"
    )
    click.echo(f"Fit: {fits.fit_method}")
    for warning in fits.warnings:
        click.echo(f"Warning: {warning}")
    click.echo(f"{'model':<12} {'parameter':<15} {'estimate':>14}")
    for model, fit, names in (
        ("BG/NBD", bg, ("r", "alpha", "a", "b", "log_likelihood")),
        ("Gamma-Gamma", gg, ("p", "q", "gamma", "log_likelihood")),
    ):
        for name in names:
            click.echo(f"{model:<12} {name:<15} {getattr(fit, name):>14,.4f}")
    click.echo(f"(Gamma-Gamma fitted on {gg.customers:,} customers with a positive mean spend)")
