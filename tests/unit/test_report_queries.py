"""The report's aggregates on the hand-made marts of tests/report_marts.py (values computed by
hand there)."""

import datetime as dt

import duckdb
import pytest

from pipelines.report import queries
from tests.report_marts import write_marts


@pytest.fixture
def connection(tmp_path):
    with duckdb.connect(str(write_marts(tmp_path / "published.duckdb")), read_only=True) as opened:
        yield opened


def test_rfm_grid_counts_buyers_and_revenue_per_cell_and_keeps_empty_cells(connection):
    cells = queries.rfm_grid(connection)
    rows = {
        (r["recency_score"], r["frequency_monetary_score"]): (
            r["rfm_segment"],
            r["customers"],
            float(r["net_revenue"]),
        )
        for r in cells.iter_rows(named=True)
    }
    assert rows == {
        (1, 1): ("Lost", 1, 15.0),
        (1, 2): ("Lost", 1, 5.0),
        (1, 5): ("Can't Lose Them", 0, 0.0),
        (5, 1): ("New", 0, 0.0),
        (5, 2): ("Potential Loyalists", 0, 0.0),
        (5, 5): ("Champions", 2, 80.0),
    }


def test_pareto_curve_runs_from_zero_through_each_buyer_best_first(connection):
    curve = queries.pareto_curve(connection)
    assert curve["customer_share"].to_list() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert curve["revenue_share"].to_list() == pytest.approx([0.0, 0.5, 0.8, 0.95, 1.0])


def test_pareto_curve_is_sampled_to_at_most_its_point_budget(connection, monkeypatch):
    monkeypatch.setattr(queries, "PARETO_POINTS", 2)
    curve = queries.pareto_curve(connection)
    # Every second of four buyers, plus the start: (0, 0), (0.5, 0.8), (1, 1).
    assert curve["customer_share"].to_list() == [0.0, 0.5, 1.0]
    assert curve["revenue_share"].to_list() == pytest.approx([0.0, 0.8, 1.0])


def test_clv_histogram_counts_every_buyer_with_a_clv_and_the_tail_in_the_last_bin(connection):
    bins = queries.clv_histogram(connection)
    assert bins.height == queries.CLV_BINS
    assert bins["customers"].sum() == 3  # k4 has no CLV
    # The range ends at the 99th percentile of 10, 40, 100: 98.8; 100 falls in the last bin.
    assert bins["bin_end"][-1] == pytest.approx(98.8)
    assert bins["customers"][-1] == 1
    assert bins["is_open_ended"].to_list() == [False] * (queries.CLV_BINS - 1) + [True]
    width = 98.8 / queries.CLV_BINS
    assert bins["customers"][int(10 / width)] == 1
    assert bins["customers"][int(40 / width)] == 1


def test_weekly_channel_usage_sums_touches_over_customers_weekdays_and_hours(connection):
    weekly = queries.weekly_channel_usage(connection)
    assert weekly.rows() == [
        (dt.date(2026, 10, 19), "email_open", 1),
        (dt.date(2026, 10, 19), "shop_web", 5),
        (dt.date(2026, 10, 26), "email_open", 2),
        (dt.date(2026, 10, 26), "shop_web", 1),
        (dt.date(2026, 10, 26), "social", 4),
    ]


def test_campaign_performance_shows_the_most_recent_campaigns_oldest_first(connection, monkeypatch):
    names = ["Spring <sale> & more", "Newsletter", "Survey"]
    assert queries.campaign_performance(connection)["campaign_name"].to_list() == names
    monkeypatch.setattr(queries, "CAMPAIGNS_SHOWN", 2)
    assert queries.campaign_performance(connection)["campaign_name"].to_list() == names[1:]


def test_campaigns_without_their_name_column_are_known_by_date(tmp_path):
    path = write_marts(tmp_path / "published.duckdb")
    with duckdb.connect(str(path)) as connection:
        connection.execute("alter table marts.campaign_performance drop column campaign_name")
        connection.execute("alter table marts.campaign_performance drop column campaign_id")
        campaigns = queries.campaign_performance(connection)
    assert campaigns["campaign_name"].to_list() == [None, None, None]
    assert campaigns["sent_on"].to_list() == [
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 15),
        dt.date(2026, 10, 1),
    ]


def test_clv_fit_reads_the_fit_method_and_the_finding_states_a_regularised_fit(tmp_path):
    from pipelines.report.sections import _clv_finding

    path = tmp_path / "published.duckdb"
    with duckdb.connect(str(path)) as writable:
        writable.execute(
            "create schema marts; create table marts.customer_clv as select * from (values "
            "('k1', 10.0, 'regularised (weak priors)', 'Only 35 customers: rough.'), "
            "('k2', 30.0, 'regularised (weak priors)', 'Only 35 customers: rough.')) "
            "as t(customer_key, clv, fit_method, fit_warning)"
        )
    with duckdb.connect(str(path), read_only=True) as connection:
        bins, fit = queries.clv_histogram(connection), queries.clv_fit(connection)
    assert fit.rows() == [("regularised (weak priors)", "Only 35 customers: rough.")]
    assert _clv_finding(bins, fit).endswith(
        "Fit: regularised (weak priors). Only 35 customers: rough."
    )


def test_clv_fit_of_a_copy_without_the_fit_columns_is_empty(connection):
    assert queries.clv_fit(connection).is_empty()
