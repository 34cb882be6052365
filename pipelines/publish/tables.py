"""Which marts are published: every asset that writes a table into schema ``marts``, except the
deny-list. Derived from the other concerns' definitions, so a new mart is published (through the
column policy) and waited for without anyone adding it to a list here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dagster import AssetKey, AssetsDefinition, AssetSpec, Definitions

MARTS_SCHEMA = "marts"
# Tables of the marts schema that are for the pipeline and the marketing tools, not for BI:
# they hold email addresses by design (the consent ledger and the audience an email campaign is
# sent to). Anything here is neither published nor waited for.
NOT_FOR_BI = frozenset({"marketable_audience", "consent_ledger"})


def mart_tables(definitions: Iterable[Definitions]) -> dict[str, AssetKey]:
    """Table name → asset key of every asset whose ``dagster/table_name``
    (``[database.]schema.table``) is in the marts schema, minus the deny-list, in name order."""
    return dict(sorted((table, spec.key) for table, spec in _mart_specs(definitions)))


def marts_built_apart(definitions: Iterable[Definitions]) -> frozenset[str]:
    """The marts of partitioned assets (weekly_channel_usage): their own partitioned job builds
    them, not the daily run that publishes, so until its first run such a table may be absent."""
    return frozenset(table for table, spec in _mart_specs(definitions) if spec.partitions_def)


def _mart_specs(definitions: Iterable[Definitions]) -> Iterator[tuple[str, AssetSpec]]:
    for definition in definitions:
        for assets in definition.assets or []:
            specs = assets.specs if isinstance(assets, AssetsDefinition) else [assets]
            for spec in specs:
                if not isinstance(spec, AssetSpec):
                    continue
                parts = str(spec.metadata.get("dagster/table_name", "")).split(".")
                if len(parts) >= 2 and parts[-2] == MARTS_SCHEMA and parts[-1] not in NOT_FOR_BI:
                    yield parts[-1], spec
