"""The report's charts as matplotlib figures, and their SVG (for the HTML) and PNG (for Dagster's
asset metadata).

Figures are built with ``matplotlib.figure.Figure`` directly, never through pyplot: no global
state and no display backend, so rendering is safe inside a Dagster step. Text stays text in the
SVG (``svg.fonttype: none``): smaller files, readable by screen readers and searchable — which
is also what lets the report's privacy test see every word a chart shows.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import ParamSpec

import matplotlib as mpl
import numpy as np
import polars as pl
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from pipelines.currency import short_money_text

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HEAT_MAP = "cividis"  # perceptually uniform and colour-blind safe
WIDTH_INCHES = 9.0
INK = "#222222"
MUTED = "#767676"
# Every SVG the same for the same data: fixed ids, no creation date.
_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "klantbeeld-report",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}
SHARE = PercentFormatter(xmax=1.0, decimals=0)
P = ParamSpec("P")


def _styled(chart: Callable[P, Figure]) -> Callable[P, Figure]:
    """Build the chart under the report's style: matplotlib reads its settings as each axis and
    text is made, so the whole function runs inside the context."""

    @functools.wraps(chart)
    def styled(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with mpl.rc_context(_STYLE):
            return chart(*args, **kwargs)

    return styled


def _figure(height: float) -> Figure:
    """One width for every chart, so that the page, scaling each to its column, shows all their
    text at one size."""
    return Figure(figsize=(WIDTH_INCHES, height), layout="constrained")


def to_svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element to inline in HTML (no XML prolog or doctype)."""
    buffer = io.StringIO()
    with mpl.rc_context(_STYLE):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def to_png(figure: Figure, dpi: int = 72) -> bytes:
    buffer = io.BytesIO()
    with mpl.rc_context(_STYLE):
        figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _money_axis(currency: str | None) -> FuncFormatter:
    return FuncFormatter(lambda value, _: short_money_text(value, currency))


def _annotated_heat_map(
    figure: Figure, counts: np.ndarray, labels: list[list[str]], x_names: list, y_names: list
):
    axes = figure.add_subplot()
    image = axes.imshow(counts, cmap=HEAT_MAP, origin="lower", aspect="auto")
    bright = counts.max() * 0.6 if counts.size and counts.max() > 0 else 1
    for (row, column), text in np.ndenumerate(np.array(labels, dtype=object)):
        colour = INK if counts[row, column] > bright else "white"
        axes.text(column, row, text, ha="center", va="center", color=colour, fontsize=8)
    axes.set_xticks(range(len(x_names)), [str(n) for n in x_names])
    axes.set_yticks(range(len(y_names)), [str(n) for n in y_names])
    axes.spines[:].set_visible(False)
    figure.colorbar(image, ax=axes, label="customers", shrink=0.8)
    return axes


@_styled
def rfm_grid(cells: pl.DataFrame, currency: str | None = None) -> Figure:
    """Recency score (rows) × frequency-monetary score (columns): buyers as colour, each cell
    with its segment, buyers and net revenue."""
    recency = sorted(cells["recency_score"].unique().to_list())
    frequency_monetary = sorted(cells["frequency_monetary_score"].unique().to_list())
    counts = np.zeros((len(recency), len(frequency_monetary)))
    labels = [["" for _ in frequency_monetary] for _ in recency]
    for cell in cells.iter_rows(named=True):
        row = recency.index(cell["recency_score"])
        column = frequency_monetary.index(cell["frequency_monetary_score"])
        counts[row, column] = cell["customers"]
        labels[row][column] = (
            f"{cell['rfm_segment']}\n{cell['customers']:,}\n"
            f"{short_money_text(float(cell['net_revenue']), currency)}"
        )
    figure = _figure(5.0)
    axes = _annotated_heat_map(figure, counts, labels, frequency_monetary, recency)
    axes.set_xlabel("frequency & monetary score (5 = buys most often, spends most)")
    axes.set_ylabel("recency score (5 = bought most recently)")
    return figure


@_styled
def clv_histogram(bins: pl.DataFrame, currency: str | None = None) -> Figure:
    figure = _figure(3.4)
    axes = figure.add_subplot()
    widths = (bins["bin_end"] - bins["bin_start"]).to_numpy()
    axes.bar(
        bins["bin_start"].to_numpy(),
        bins["customers"].to_numpy(),
        width=widths,
        align="edge",
        color=PALETTE[0],
        edgecolor="white",
        linewidth=0.5,
    )
    if bins.height:
        axes.annotate(
            "and above",
            xy=(bins["bin_start"][-1] + widths[-1] / 2, bins["customers"][-1]),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=MUTED,
        )
    axes.xaxis.set_major_formatter(_money_axis(currency))
    axes.set_xlabel("expected value over the next 12 months (CLV)")
    axes.set_ylabel("buyers")
    return figure


@_styled
def pareto_curve(curve: pl.DataFrame, classes: pl.DataFrame) -> Figure:
    """Cumulative revenue share against buyer share, with the 80 % and 95 % lines of the A/B/C
    classes and where each class ends."""
    figure = _figure(4.0)
    axes = figure.add_subplot()
    axes.plot(curve["customer_share"], curve["revenue_share"], color=PALETTE[0], linewidth=2)
    axes.plot([0, 1], [0, 1], color=MUTED, linewidth=0.8, linestyle=":")
    for share, label in ((0.8, "80 % of revenue (A)"), (0.95, "95 % (A + B)")):
        axes.axhline(share, color=PALETTE[5], linewidth=0.8, linestyle="--")
        axes.text(1.0, share, f" {label}", va="center", ha="left", fontsize=8, color=PALETTE[5])
    boundary = 0.0
    for index, row in enumerate(classes.iter_rows(named=True)):
        start, boundary = boundary, boundary + float(row["share_of_customers"] or 0)
        axes.axvspan(start, boundary, alpha=0.12, color=PALETTE[(2, 4, 6)[index % 3]])
        axes.text(
            (start + boundary) / 2,
            0.04,
            f"{row['abc_class']}\n{row['customers']:,} buyers",
            ha="center",
            fontsize=8,
            color=INK,
        )
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1.02)
    axes.xaxis.set_major_formatter(SHARE)
    axes.yaxis.set_major_formatter(SHARE)
    axes.set_xlabel("share of buyers, best first")
    axes.set_ylabel("share of net revenue")
    return figure


@_styled
def value_matrix(cells: pl.DataFrame, currency: str | None = None) -> Figure:
    """Current value tertile (columns) × CLV tertile (rows): customers and their total CLV."""
    columns = cells.sort("current_value_order")["current_value_tertile"].unique(maintain_order=True)
    rows = cells.sort("clv_order")["clv_tertile"].unique(maintain_order=True)
    counts = np.zeros((rows.len(), columns.len()))
    labels = [["" for _ in columns] for _ in rows]
    for cell in cells.iter_rows(named=True):
        row, column = cell["clv_order"] - 1, cell["current_value_order"] - 1
        counts[row, column] = cell["customers"]
        labels[row][column] = (
            f"{cell['customers']:,} buyers\n"
            f"CLV {short_money_text(float(cell['total_clv'] or 0), currency)}"
        )
    figure = _figure(3.4)
    axes = _annotated_heat_map(figure, counts, labels, columns.to_list(), rows.to_list())
    axes.set_xlabel("current value (net revenue to date), tertile")
    axes.set_ylabel("future value (CLV), tertile")
    return figure


@_styled
def persona_profiles(personas: pl.DataFrame, currency: str | None = None) -> Figure:
    """Per persona: customers, and average CLV, side by side."""
    ordered = personas.reverse()  # largest on top
    names = ordered["persona"].fill_null("(none)").to_list()
    figure = _figure(0.5 + 0.45 * max(len(names), 1))
    size, value = figure.subplots(1, 2, sharey=True)
    size.barh(names, ordered["customers"].to_numpy(), color=PALETTE[0])
    size.set_xlabel("customers")
    value.barh(names, ordered["average_clv"].fill_null(0).to_numpy(), color=PALETTE[1])
    value.xaxis.set_major_formatter(_money_axis(currency))
    value.xaxis.set_major_locator(MaxNLocator(4))
    value.set_xlabel("average CLV")
    return figure


@_styled
def channel_usage(weekly: pl.DataFrame) -> Figure:
    """Touches per week, stacked by channel."""
    wide = (
        weekly.pivot(on="channel", index="week_start", values="touches", sort_columns=True)
        .sort("week_start")
        .fill_null(0)
    )
    channels = [c for c in wide.columns if c != "week_start"]
    figure = _figure(4.0)
    axes = figure.add_subplot()
    axes.stackplot(
        wide["week_start"].to_numpy(),
        *[wide[c].to_numpy() for c in channels],
        labels=channels,
        colors=PALETTE[: len(channels)],
        step="post",
    )
    axes.set_ylabel("touches per week")
    axes.set_xlabel("week (starting Monday)")
    axes.legend(loc="upper left", ncols=min(len(channels), 6), frameon=False, fontsize=8)
    axes.margins(x=0)
    return figure


@_styled
def campaign_performance(campaigns: pl.DataFrame) -> Figure:
    """Response rate per campaign against the untargeted response rate (the baseline)."""
    labels = [
        f"{row['campaign_name']} ({row['sent_on']:%d %b %Y})"
        if row["campaign_name"]
        else f"sent {row['sent_on']:%d %b %Y}"
        for row in campaigns.iter_rows(named=True)
    ]
    figure = _figure(0.8 + 0.32 * max(len(labels), 1))
    axes = figure.add_subplot()
    positions = np.arange(len(labels))
    axes.barh(positions, campaigns["response_rate"].to_numpy(), color=PALETTE[0], label="response")
    axes.scatter(
        campaigns["click_rate"].to_numpy(),
        positions,
        color=PALETTE[1],
        marker="D",
        s=18,
        zorder=3,
        label="click rate",
    )
    baseline = campaigns["untargeted_response_rate"].drop_nulls()
    if baseline.len():
        axes.axvline(
            float(baseline.mean()),
            color=PALETTE[5],
            linestyle="--",
            linewidth=1,
            label=f"untargeted baseline ({baseline.mean():.0%})",
        )
    axes.set_yticks(positions, labels, fontsize=8)
    axes.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=1))
    axes.set_xlabel("share of recipients")
    axes.legend(loc="lower right", frameon=False, fontsize=8)
    return figure
