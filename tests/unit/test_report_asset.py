"""Where the report sits in the graph and how its file is replaced."""

import os
import time

import pytest
from dagster import AssetKey

from pipelines.report import assets
from pipelines.report.assets import report_path, write_atomically

ROLLUPS = ("rfm_segment_summary", "abc_class_summary", "persona_summary", "customer_value_matrix")
INSIGHT_MARTS = ("weekly_channel_usage", "campaign_performance")


@pytest.fixture(scope="module")
def asset_graph(dbt_manifest):
    from pipelines.definitions import defs

    return defs.resolve_asset_graph()


def test_the_report_comes_after_the_publish_and_so_after_every_mart_it_charts(asset_graph):
    report = AssetKey("insight_report")
    assert asset_graph.get(report).parent_keys == {AssetKey("published_warehouse")}
    ancestors = asset_graph.get_ancestor_asset_keys(report)
    for name in (*ROLLUPS, "customer_rfm", "customer_clv", "persona_profiles"):
        assert AssetKey(name) in ancestors, name
    # The insight marts of another branch: waited for as soon as they exist in the graph.
    present = asset_graph.get_all_asset_keys()
    for name in INSIGHT_MARTS:
        if AssetKey(name) in present:
            assert AssetKey(name) in ancestors, name


def test_the_report_is_in_the_daily_job(asset_graph, dbt_manifest):
    from pipelines.definitions import defs

    job = defs.resolve_job_def("klantbeeld_daily")
    assert AssetKey("insight_report") in job.asset_layer.asset_graph.get_all_asset_keys()


def test_the_report_lands_beside_the_published_copy(tmp_path):
    assert report_path(tmp_path / "published") == (
        tmp_path / "published" / "report" / "klantbeeld-report.html"
    )


def test_writing_replaces_the_report_and_leaves_no_partial_file(tmp_path):
    path = tmp_path / "report" / "r.html"
    write_atomically(path, "old")
    write_atomically(path, "new ✓")
    assert path.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in path.parent.iterdir()] == ["r.html"]


def test_a_failed_write_keeps_the_previous_report(tmp_path, monkeypatch):
    path = tmp_path / "r.html"
    write_atomically(path, "old")

    def failing_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(assets.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_a_partial_file_a_killed_run_left_is_removed_but_a_fresh_one_is_not(tmp_path):
    path = tmp_path / "r.html"
    stale = tmp_path / ".r.html.111.partial"
    fresh = tmp_path / ".r.html.222.partial"
    for partial in (stale, fresh):
        partial.write_text("half")
    old = time.time() - assets.STALE_PARTIAL_SECONDS - 60
    os.utime(stale, (old, old))
    write_atomically(path, "whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "r.html"]
