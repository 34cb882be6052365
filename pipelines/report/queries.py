"""What each chart of the report reads from the published copy: aggregates only.

Every query groups, bins or samples over many customers, so the report holds counts, sums and
shares and never a row of one customer (not even their pseudonymous ``customer_key``).
"""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl

# The Pareto curve is drawn through at most this many points (a buyer count in the thousands
# would only add bytes, not shape).
PARETO_POINTS = 200
CLV_BINS = 30
# The histogram's range ends at this quantile of CLV: the long tail would squash the bulk into
# one bar. Customers above it are counted in the last bar.
CLV_RANGE_QUANTILE = 0.99
# The campaign chart shows the most recent campaigns, one bar each.
CAMPAIGNS_SHOWN = 20


def frame(connection: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    return pl.from_arrow(connection.sql(sql).to_arrow_table())


def rfm_grid(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every cell of the recency × frequency-monetary grid (empty ones too): its segment, its
    buyers and their net revenue."""
    return frame(
        connection,
        """
        select
            grid.recency_score,
            grid.frequency_monetary_score,
            grid.rfm_segment,
            count(rfm.recency_score) as customers,
            coalesce(sum(rfm.monetary), 0) as net_revenue
        from marts.rfm_segment_grid as grid
        left join marts.customer_rfm as rfm
            on
                grid.recency_score = rfm.recency_score
                and grid.frequency_monetary_score = rfm.frequency_monetary_score
        group by grid.recency_score, grid.frequency_monetary_score, grid.rfm_segment
        order by grid.recency_score, grid.frequency_monetary_score
        """,
    )


def clv_fit(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """How the CLV models were fitted (one row: fit_method, fit_warning; the same on every
    row of customer_clv), or no row for a copy made before those columns existed."""
    columns = {row[0] for row in connection.sql("describe marts.customer_clv").fetchall()}
    if not {"fit_method", "fit_warning"} <= columns:
        return pl.DataFrame(schema={"fit_method": pl.String, "fit_warning": pl.String})
    return frame(
        connection,
        "select any_value(fit_method) as fit_method, any_value(fit_warning) as fit_warning "
        "from marts.customer_clv",
    )


def clv_histogram(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Buyers per CLV bin (``bin_start`` ≤ clv < ``bin_end``); the last bin also holds every
    CLV above the range (``is_open_ended``)."""
    values = connection.sql(
        "select cast(clv as double) as clv from marts.customer_clv where clv is not null"
    ).fetchnumpy()["clv"]
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return pl.DataFrame(
            schema={"bin_start": pl.Float64, "bin_end": pl.Float64, "customers": pl.Int64}
        )
    low = min(0.0, float(values.min()))
    high = float(np.quantile(values, CLV_RANGE_QUANTILE))
    high = high if high > low else low + 1.0
    counts, edges = np.histogram(np.clip(values, low, high), bins=CLV_BINS, range=(low, high))
    return pl.DataFrame(
        {"bin_start": edges[:-1], "bin_end": edges[1:], "customers": counts.astype(np.int64)}
    ).with_columns(is_open_ended=pl.int_range(pl.len()) == pl.len() - 1)


def pareto_curve(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Cumulative share of net revenue against the share of buyers, best buyers first, from
    (0, 0) to (1, 1), sampled to at most PARETO_POINTS points."""
    curve = frame(
        connection,
        f"""
        with ranked as (
            select
                row_number() over (order by monetary desc) as buyer_rank,
                sum(monetary) over (
                    order by monetary desc rows between unbounded preceding and current row
                ) as cumulative_revenue,
                count(*) over () as buyers,
                sum(monetary) over () as total_revenue
            from marts.customer_rfm
        )
        select
            cast(buyer_rank as double) / buyers as customer_share,
            cast(cumulative_revenue as double) / nullif(total_revenue, 0) as revenue_share
        from ranked
        where buyer_rank % greatest(buyers // {PARETO_POINTS}, 1) = 0 or buyer_rank = buyers
        order by buyer_rank
        """,
    )
    start = pl.DataFrame({"customer_share": [0.0], "revenue_share": [0.0]})
    return pl.concat([start, curve.drop_nulls()])


def abc_classes(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(
        connection,
        "select abc_class, customers, share_of_customers, share_of_revenue "
        "from marts.abc_class_summary order by abc_class",
    )


def value_matrix(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(
        connection,
        "select current_value_tertile, clv_tertile, current_value_order, clv_order, customers, "
        "total_clv from marts.customer_value_matrix order by clv_order, current_value_order",
    )


def personas(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(
        connection,
        """
        select
            summary.persona,
            summary.customers,
            summary.net_revenue,
            summary.total_clv,
            summary.high_churn_risk_share,
            profiles.average_clv,
            profiles.channel_preference,
            profiles.top_categories
        from marts.persona_summary as summary
        left join marts.persona_profiles as profiles on summary.persona = profiles.persona
        order by summary.customers desc, summary.persona
        """,
    )


def weekly_channel_usage(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Touches per ISO week and channel, over all customers."""
    return frame(
        connection,
        """
        select week_start, channel, sum(touches) as touches
        from marts.weekly_channel_usage
        group by week_start, channel
        order by week_start, channel
        """,
    )


def campaign_performance(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The most recent campaigns, oldest first, each with ``campaign_name`` when the copy has it.

    The publish column policy keeps ``campaign_name`` (the shop's own mailings); a copy published
    before it did lacks the column, and its campaigns are known by their date."""
    columns = _columns(connection, "campaign_performance")
    name = "campaign_name" if "campaign_name" in columns else "cast(null as varchar)"
    return frame(
        connection,
        f"""
        with recent as (
            select
                {name} as campaign_name,
                sent_on,
                sends,
                open_rate,
                click_rate,
                response_rate,
                untargeted_response_rate
            from marts.campaign_performance
            order by sent_on desc, campaign_name desc, sends desc
            limit {CAMPAIGNS_SHOWN}
        )
        select * from recent order by sent_on, campaign_name, sends
        """,
    )


def _columns(connection: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = connection.execute(
        "select column_name from information_schema.columns "
        "where table_schema = 'marts' and table_name = ?",
        [table],
    ).fetchall()
    return {name for (name,) in rows}
