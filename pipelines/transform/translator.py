"""Asset keys and groups for dbt nodes, derived from the project's structure, never from names
hard-coded here: a source table ``<source>.<table>`` is the ingestion asset
``raw_<source>__<table>`` (one lineage graph) unless the source declares its asset key in
``meta.dagster.asset_key`` (tables written by Python assets, e.g. customer_clv); a model is keyed
by its name and grouped by its layer folder (staging, intermediate, marts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster import AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings


class KlantbeeldTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            declared = dbt_resource_props.get("meta", {}).get("dagster", {}).get("asset_key")
            if declared:
                return AssetKey(declared)
            source, table = dbt_resource_props["source_name"], dbt_resource_props["name"]
            return AssetKey(f"raw_{source}__{table}")
        return AssetKey(dbt_resource_props["name"])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        # fqn is [project, layer folder, ..., name]: the layer is the group. A seed sits at the
        # top of seeds/ ([project, name]): its group is the schema it is loaded into.
        return fqn[1] if len(fqn) > 2 else dbt_resource_props.get("schema") or "dbt"
