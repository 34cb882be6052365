"""What the published copy waits for and covers: every BI-facing mart, none of the deny-list."""

import pytest
from dagster import AssetKey, AssetSpec, Definitions, WeeklyPartitionsDefinition

from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.publish.tables import NOT_FOR_BI, mart_tables, marts_built_apart
from tests.warehouse_queries import ANALYTICS_TABLES

BI_TABLES = {"customer_360", *ANALYTICS_TABLES, "rfm_segments", "rfm_segment_grid"}
PUBLISHED = AssetKey("published_warehouse")


@pytest.fixture(scope="module")
def asset_graph(dbt_manifest):
    from pipelines.definitions import defs

    return defs.resolve_asset_graph()


def test_the_copy_waits_for_every_bi_table_and_nothing_else_waits_for_it(asset_graph):
    node = asset_graph.get(PUBLISHED)
    assert {key.to_user_string() for key in node.parent_keys} >= BI_TABLES
    assert not {key.to_user_string() for key in node.parent_keys} & NOT_FOR_BI
    # Only the report reads the copy: a run without the secret fails this step, skips the
    # report, and nothing else.
    assert node.child_keys == {AssetKey("insight_report")}
    assert node.group_name == "publish"


def test_the_copy_reads_the_warehouse_one_writer_at_a_time(dbt_manifest):
    from pipelines.definitions import defs

    assets = defs.resolve_assets_def(PUBLISHED)
    assert assets.op.pool == WAREHOUSE_POOL


def test_marts_are_found_by_their_table_and_the_deny_list_is_left_out():
    def spec(name: str, table: str) -> AssetSpec:
        return AssetSpec(name, metadata={"dagster/table_name": table})

    definitions = Definitions(
        assets=[
            spec("customer_rfm", "klantbeeld.marts.customer_rfm"),
            spec("customer_clv", "marts.customer_clv"),
            spec("marketable_audience", "klantbeeld.marts.marketable_audience"),
            spec("int_persons_resolved", "klantbeeld.intermediate.int_persons_resolved"),
            AssetSpec("no_table"),
        ]
    )
    assert mart_tables([definitions]) == {
        "customer_clv": AssetKey("customer_clv"),
        "customer_rfm": AssetKey("customer_rfm"),
    }


def test_a_partitioned_mart_is_known_to_be_built_by_its_own_job():
    weekly = WeeklyPartitionsDefinition(start_date="2024-01-01")
    definitions = Definitions(
        assets=[
            AssetSpec("customer_rfm", metadata={"dagster/table_name": "marts.customer_rfm"}),
            AssetSpec(
                "weekly_channel_usage",
                metadata={"dagster/table_name": "marts.weekly_channel_usage"},
                partitions_def=weekly,
            ),
        ]
    )
    assert set(mart_tables([definitions])) == {"customer_rfm", "weekly_channel_usage"}
    assert marts_built_apart([definitions]) == {"weekly_channel_usage"}
