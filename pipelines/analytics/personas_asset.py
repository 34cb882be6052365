"""customer_personas and persona_profiles: behaviour clusters named from the persona catalogue
(pipelines/analytics/personas/persona_catalogue.yml, or KLANTBEELD_PERSONA_CATALOGUE)."""

from collections.abc import Iterator

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    MaterializeResult,
    MetadataValue,
    multi_asset,
)

from pipelines.analysis_date import analysis_date
from pipelines.analytics.personas import (
    assign_personas,
    category_labels,
    load_catalogue,
    persona_features,
)
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import read_frame, replace_tables

INPUTS = [
    AssetKey("customer_360"),
    AssetKey("int_category_amounts_aggregated_to_persons"),
    AssetKey("customer_clv"),
]


@multi_asset(
    name="personas",
    specs=[
        AssetSpec(
            "customer_personas",
            deps=INPUTS,
            group_name="analytics",
            kinds={"python", "scikit-learn", "duckdb"},
            metadata={"dagster/table_name": "marts.customer_personas"},
            description="Every customer's persona: a behaviour cluster (scikit-learn, fixed "
            "seed) named from the persona catalogue. Rules: docs/analytics.md#personas.",
        ),
        AssetSpec(
            "persona_profiles",
            deps=INPUTS,
            group_name="analytics",
            kinds={"python", "duckdb"},
            metadata={"dagster/table_name": "marts.persona_profiles"},
            description="Per persona: size, average CLV, channel preference, top categories and "
            "the average of every behaviour feature; the catalogue rule that named it.",
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def personas(context: AssetExecutionContext, warehouse: Warehouse) -> Iterator[MaterializeResult]:
    catalogue = load_catalogue()
    customers = read_frame(warehouse, "select * from marts.customer_360")
    category_amounts = read_frame(
        warehouse,
        "select customer_id, category, category_amount "
        "from intermediate.int_category_amounts_aggregated_to_persons",
    )
    clv = read_frame(warehouse, "select customer_id, clv from marts.customer_clv")
    features = persona_features(customers, category_amounts, analysis_date(context))
    result = assign_personas(
        features,
        catalogue,
        clv=clv,
        category_labels=category_labels(category_amounts["category"]),
    )
    replace_tables(
        warehouse,
        {
            "marts.customer_personas": result.customer_personas,
            "marts.persona_profiles": result.persona_profiles,
        },
    )
    yield MaterializeResult(
        asset_key="customer_personas",
        metadata={
            "dagster/row_count": result.customer_personas.height,
            "clustering": MetadataValue.json(result.metadata),
        },
    )
    yield MaterializeResult(
        asset_key="persona_profiles",
        metadata={
            "dagster/row_count": result.persona_profiles.height,
            "profiles": MetadataValue.json(
                result.persona_profiles.select(
                    "persona", "customers", "average_clv", "channel_preference"
                ).to_dicts()
            ),
        },
    )
