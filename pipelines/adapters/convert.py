"""Convert a config's exports: read every source through its preset, write the landing files and
keep what could not be mapped. What `klantbeeld run` does first when a config is set, and what
`klantbeeld convert` and `klantbeeld check-config` do on their own."""

from __future__ import annotations

from pipelines.adapters.config import ConfigError, ExportsConfig
from pipelines.adapters.conversion import Conversion, SourceRows, export_files_date
from pipelines.adapters.landing import write_landing
from pipelines.adapters.presets import PRESETS
from pipelines.adapters.quarantine import record_rejects, without_suppressed
from pipelines.privacy.suppression import load_suppression
from pipelines.settings import Settings


def read_sources(config: ExportsConfig) -> list[SourceRows]:
    """Every configured source's rows, in the order presets must run; a config naming an
    unknown preset, files that match nothing or a header lacking a required column is an
    error (naming the source, file and column) before anything is written."""
    sources = []
    for source in config.sources:
        preset = PRESETS.get(source.preset)
        if preset is None:
            raise ConfigError(
                f"sources.{source.name}: unknown preset {source.preset!r}; "
                f"known: {', '.join(PRESETS)}"
            )
        unknown = sorted(set(source.columns) | set(source.defaults) - {"cancelled_prefix"})
        unknown = [f for f in unknown if f not in {x.name for x in preset.fields}]
        if unknown:
            raise ConfigError(
                f"sources.{source.name}: {preset.name} has no field(s) {unknown}; its fields: "
                f"{', '.join(f.name for f in preset.fields)}"
            )
        sources.append(SourceRows(source, preset, config))
    return sorted(sources, key=lambda s: s.preset.stage)


def convert(config: ExportsConfig, sources: list[SourceRows] | None = None) -> Conversion:
    sources = read_sources(config) if sources is None else sources
    files = [path for s in sources for path in s.files]
    delivered_on = config.delivered_on or export_files_date(files)
    if delivered_on is None:
        raise ConfigError(f"{config.path}: no export file matches any source's `files:`")
    conversion = Conversion(config, delivered_on)
    for source in sources:
        source.preset.convert(source, conversion)
        conversion.converted[source.source.name] = len(source.rows)
    return conversion


def convert_into(config: ExportsConfig, settings: Settings) -> Conversion:
    """Convert and write: landing files, plus the rejected rows (but those of erased persons)
    into ops.quarantine."""
    sources = read_sources(config)
    for source in sources:
        if not source.files:
            raise ConfigError(
                f"sources.{source.source.name}: no file matches {source.source.files!r} "
                f"in {config.folder}"
            )
        for file, columns in source.missing_required_columns().items():
            raise ConfigError(
                f"{file}, line 1 (header): no column(s) {columns} for preset "
                f"{source.preset.name}; map them under `columns:` (klantbeeld check-config)"
            )
    conversion = convert(config, sources)
    write_landing(conversion, settings.landing_dir, {s.preset.landing_source for s in sources})
    rejects = without_suppressed(conversion.rejects, load_suppression(settings.erasure_dir))
    record_rejects(settings.warehouse_path, rejects)
    return conversion
