"""The code location loads, and its graph is the one the docs promise."""

import pytest
from dagster import AssetKey

from pipelines.ingest.schemas import TABLES


@pytest.fixture(scope="module")
def graph(dbt_manifest):
    from pipelines.definitions import defs

    return defs, defs.resolve_asset_graph()


def _ancestors(asset_graph, key):
    seen, frontier = set(), [key]
    while frontier:
        for parent in asset_graph.get(frontier.pop()).parent_keys:
            if parent not in seen:
                seen.add(parent)
                frontier.append(parent)
    return seen


def test_every_landed_table_has_an_ingestion_asset_feeding_its_staging_model(graph):
    _, asset_graph = graph
    keys = asset_graph.get_all_asset_keys()
    for table in TABLES:
        raw = AssetKey(table.asset_name)
        assert raw in keys
        children = {k.to_user_string() for k in asset_graph.get(raw).child_keys}
        assert any(c.startswith(f"stg_{table.source}__") for c in children), table.asset_name


def test_customer_360_descends_from_raw_tables_of_all_three_sources(graph):
    _, asset_graph = graph
    ancestors = {k.to_user_string() for k in _ancestors(asset_graph, AssetKey("customer_360"))}
    assert {"raw_shop__orders", "raw_email__events", "raw_social__interactions"} <= ancestors
    assert {"stg_shop__orders", "int_persons_resolved"} <= ancestors


ANALYTICS = ("customer_rfm", "customer_clv", "customer_churn_signals", "customer_personas")
ROLLUPS = ("rfm_segment_summary", "abc_class_summary", "persona_summary", "customer_value_matrix")


def test_analytics_sit_after_customer_360_and_the_rollups_after_the_analytics(graph):
    """One graph dbt → Python → dbt: every analytics table descends from customer_360 (so its
    blocking checks gate them) and every roll-up from all of the Python analytics."""
    _, asset_graph = graph
    for name in ANALYTICS:
        assert AssetKey("customer_360") in _ancestors(asset_graph, AssetKey(name)), name
    for name in ROLLUPS:
        ancestors = {k.to_user_string() for k in _ancestors(asset_graph, AssetKey(name))}
        assert set(ANALYTICS) <= ancestors, name


def test_outputs_have_checks_for_ranges_and_coverage(graph):
    _, asset_graph = graph
    checks = {(k.asset_key.to_user_string(), k.name) for k in asset_graph.asset_check_keys}
    assert {
        ("customer_clv", "gx_customer_clv"),
        ("customer_clv", "every_buyer_scored_once"),
        ("customer_churn_signals", "gx_customer_churn_signals"),
        ("customer_personas", "every_customer_one_persona"),
        ("customer_rfm", "not_null_customer_rfm_rfm_segment"),
        ("rfm_segment_grid", "assert_rfm_segment_grid_covers_every_score_pair"),
    } <= checks


def test_dbt_sources_are_not_left_as_external_assets(graph):
    # If a source key did not match its ingestion asset, Dagster would show an external asset
    # with no materialisation function; every key in the graph must be materialisable.
    _, asset_graph = graph
    for key in asset_graph.get_all_asset_keys():
        assert asset_graph.get(key).is_materializable, key.to_user_string()


def test_quality_gates_are_blocking_and_cover_staging_and_marts(graph):
    _, asset_graph = graph
    checks = {
        (k.asset_key.to_user_string(), k.name): asset_graph.get_check_spec(k)
        for k in asset_graph.asset_check_keys
    }
    for gate in [("stg_shop__orders", "gx_stg_shop__orders"), ("customer_360", "gx_customer_360")]:
        assert checks[gate].blocking
    reconcile = [spec for (_, name), spec in checks.items() if name == "landed_rows_reconcile"]
    assert len(reconcile) == len(TABLES)
    assert all(spec.blocking for spec in reconcile)


def test_layers_are_grouped_by_their_dbt_folder(graph):
    _, asset_graph = graph
    group = {
        k.to_user_string(): asset_graph.get(k).group_name for k in asset_graph.get_all_asset_keys()
    }
    assert group["stg_shop__orders"] == "staging"
    assert group["int_orders_enriched"] == "intermediate"
    assert group["customer_360"] == "marts"
    assert group["raw_email__events"] == "ingest_email"
    assert group["rfm_segment_grid"] == group["customer_rfm"] == "marts"
    assert group["customer_clv"] == group["customer_personas"] == "analytics"


WEEKLY = AssetKey("weekly_channel_usage")


def test_the_daily_schedule_runs_the_whole_graph_but_the_weekly_marts_in_amsterdam_time(graph):
    defs, asset_graph = graph
    schedule = defs.resolve_schedule_def("klantbeeld_daily_schedule")
    assert schedule.execution_timezone == "Europe/Amsterdam"
    job = defs.resolve_job_def("klantbeeld_daily")
    assert job.asset_layer.selected_asset_keys == asset_graph.get_all_asset_keys() - {WEEKLY}
    assert not {key.asset_key for key in job.asset_layer.asset_graph.asset_check_keys} & {WEEKLY}


def test_the_weekly_job_builds_weekly_channel_usage_after_each_iso_week(graph):
    defs, asset_graph = graph
    job = defs.resolve_job_def("klantbeeld_weekly")
    assert job.asset_layer.selected_asset_keys == {WEEKLY}
    partitions = asset_graph.get(WEEKLY).partitions_def
    # Weeks start on Monday in Amsterdam; the schedule runs on Monday morning.
    assert partitions.timezone == "Europe/Amsterdam"
    assert partitions.get_first_partition_key() == "2024-01-01"
    assert partitions.day_offset == 1
    schedule = defs.resolve_schedule_def("klantbeeld_weekly_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == (
        "0 7 * * 1",
        "Europe/Amsterdam",
    )


def test_every_warehouse_step_shares_one_pool(graph):
    defs, _ = graph
    job = defs.resolve_job_def("klantbeeld_daily")
    # The delivery checks only list the landing folder, the report reads only the published
    # copy (a separate file, replaced by rename): no warehouse, no pool.
    outside = {
        name
        for name in job.graph.node_dict
        if name.endswith("_delivered_recently") or name == "insight_report"
    }
    pools = {job.graph.node_dict[name].definition.pool for name in outside}
    assert pools == {None}
    pools = {
        node.definition.pool for name, node in job.graph.node_dict.items() if name not in outside
    }
    assert pools == {"duckdb_warehouse"}
