"""How right the analytics are on a demo shop, judged against its ground truth (part of
`make bench`): persona recovery, the CLV holdout backtest, and churn signals vs who truly left.

Reads the warehouse and ground truth of the pipeline benchmark's last run; the pipeline never
sees the truth.
"""

import datetime as dt
from pathlib import Path

import polars as pl
from sklearn.metrics import roc_auc_score

from pipelines.analytics.clv import backtest
from pipelines.demo.evaluation import (
    identity_scores,
    persona_recovery,
    read_warehouse,
    true_person_per_customer,
)

HOLDOUTS_WEEKS = (13, 26, 52)
PURCHASES_SQL = (
    "select customer_id, purchase_date, net_amount "
    "from intermediate.int_purchases_aggregated_to_customer_days"
)
SIGNALS_SQL = """
    select customer_id, clv.repeat_purchase_days, clv.probability_alive, churn.churn_risk
    from marts.customer_clv as clv
    join marts.customer_churn_signals as churn using (customer_id)
"""


def _backtest_rows(warehouse: Path, as_of: dt.date) -> list[str]:
    purchases = read_warehouse(warehouse, PURCHASES_SQL).filter(pl.col("purchase_date") <= as_of)
    rows = []
    for weeks in HOLDOUTS_WEEKS:
        result = backtest(
            purchases,
            calibration_end=as_of - dt.timedelta(weeks=weeks),
            holdout_end=as_of,
        )
        rows.append(
            f"| {weeks} | {result.customers:,} | {result.predicted_purchases:,.0f} | "
            f"{result.actual_purchases:,} | {result.relative_error_pct:+.1f} % | "
            f"{result.mean_absolute_error:.2f} |"
        )
    return rows


def _churn_rows(warehouse: Path, truth: pl.DataFrame) -> list[str]:
    signals = read_warehouse(warehouse, SIGNALS_SQL).join(truth, on="customer_id")
    rows = []
    for label, subset in (
        ("all buyers", signals),
        ("repeat buyers", signals.filter(pl.col("repeat_purchase_days") > 0)),
    ):
        churned = subset["churned"].to_numpy()
        auc = roc_auc_score(churned, 1 - subset["probability_alive"].to_numpy())
        high = (subset["churn_risk"] == "high").to_numpy()
        precision = churned[high].mean()
        recall = high[churned].mean()
        rows.append(
            f"| {label} | {subset.height:,} | {churned.mean():.0%} | {auc:.3f} | "
            f"{high.mean():.0%} | {precision:.0%} | {recall:.0%} |"
        )
    return rows


def _identity_rows(warehouse: Path, truth_dir: Path) -> list[str]:
    scores = identity_scores(warehouse, truth_dir)
    shop_email, social = scores["shop_email"], scores["social"]
    return [
        f"| shop and email records, pairwise | {shop_email['records']:,} records, "
        f"{shop_email['true_pairs']:,} true pairs | {shop_email['precision']:.4f} | "
        f"{shop_email['recall']:.4f} | ≥ 0.99 / ≥ 0.95 |",
        f"| social profiles linked to a person | {social['linked']:,} linked of "
        f"{social['linkable']:,} linkable | {social['precision']:.3f} | {social['recall']:.3f} | "
        "≥ 0.95 / ≥ 0.80 |",
    ]


def accuracy_section(
    warehouse: Path, truth_dir: Path, customers: int, days: int, as_of: dt.date
) -> str:
    truth = true_person_per_customer(warehouse, truth_dir)
    assignments = read_warehouse(
        warehouse, "select customer_id, persona from marts.customer_personas"
    )
    recovery = persona_recovery(assignments, truth)
    marker = f"accuracy:{customers}:{days}"
    lines = [
        f"<!-- bench:{marker} -->",
        f"## Analytics vs the demo's ground truth ({customers:,} customers, {days} days, "
        f"as of {as_of})",
        "",
        f"- measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on the last run of "
        f"`make bench BENCH_CUSTOMERS={customers}` (benchmarks/analytics_accuracy.py)",
        "",
        f"**Persona recovery**: adjusted Rand index **{recovery['adjusted_rand_index']:.3f}** "
        f"over {recovery['customers_compared']:,} customers with a true person (aim: 0.7). "
        "Assigned persona (rows) × true persona (columns):",
        "",
        _markdown(recovery["crosstab"]),
        "",
        "**Identity** (pipelines/identity against the demo's record_links.csv):",
        "",
        "| records | n | precision | recall | target |",
        "|---|---|---:|---:|---|",
        *_identity_rows(warehouse, truth_dir),
        "",
        "**CLV backtest** (BG/NBD fitted on history up to the holdout's start, repeat purchase "
        "days predicted per customer and summed):",
        "",
        "| holdout (weeks) | customers | predicted | actual | aggregate error | MAE per customer |",
        "|---:|---:|---:|---:|---:|---:|",
        *_backtest_rows(warehouse, as_of),
        "",
        "**Churn signals vs who truly left** (AUC of 1 − P(alive) for truly churned; precision "
        "and recall of `churn_risk = high`):",
        "",
        "| buyers | n | truly churned | AUC 1 − P(alive) | labelled high | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *_churn_rows(warehouse, truth),
        f"<!-- /bench:{marker} -->",
    ]
    return "\n".join(lines) + "\n"


def _markdown(table: pl.DataFrame) -> str:
    header = "| " + " | ".join(table.columns) + " |"
    rule = "|---" + "|---:" * (len(table.columns) - 1) + "|"
    body = ["| " + " | ".join(str(v) for v in row) + " |" for row in table.iter_rows()]
    return "\n".join([header, rule, *body])
