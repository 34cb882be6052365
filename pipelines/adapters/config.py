"""The bring-your-own-exports config (``klantbeeld.yml``): where each source's export files are,
which preset reads them, and how their columns map to the preset's fields.

Found through ``--config`` or the ``KLANTBEELD_CONFIG`` variable; without either, klantbeeld
reads the landing folder as it is (the demo). Paths in the config are relative to its folder.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from pipelines.currency import iso_currency
from pipelines.settings import SHOP_TIME_ZONE

CONFIG_VARIABLE = "KLANTBEELD_CONFIG"
_SOURCE_KEYS = {
    "preset",
    "files",
    "columns",
    "defaults",
    "date_format",
    "decimal_comma",
    "delimiter",
    "encoding",
    "time_zone",
}
_TOP_KEYS = {"delivered_on", "time_zone", "currency", "sources"}


class ConfigError(ValueError):
    """A config that cannot be used, with the key that is wrong and what was expected."""


@dataclass(frozen=True)
class SourceConfig:
    name: str
    preset: str
    files: str  # a glob relative to the config's folder
    columns: dict[str, str] = field(default_factory=dict)  # field -> export column
    defaults: dict[str, str] = field(default_factory=dict)  # field -> value when blank/absent
    date_format: str | None = None  # None: the preset's
    decimal_comma: bool = False
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    time_zone: str | None = None  # None: the config's


@dataclass(frozen=True)
class ExportsConfig:
    path: Path
    sources: tuple[SourceConfig, ...]
    time_zone: str = SHOP_TIME_ZONE
    # The landing delivery date the converted files get; None: the newest export file's date.
    delivered_on: dt.date | None = None
    # The shop's currency (ISO 4217): the currency of rows that name none, and the one the
    # marts are in (KLANTBEELD_SHOP_CURRENCY); None: the currency of most orders.
    currency: str | None = None

    @property
    def folder(self) -> Path:
        return self.path.parent


def config_path(option: Path | None = None) -> Path | None:
    """The config to use: the option, else ``KLANTBEELD_CONFIG``, else none (the demo)."""
    if option is not None:
        return option
    value = os.environ.get(CONFIG_VARIABLE)
    return Path(value).expanduser() if value else None


def _time_zone(value: object, where: str) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: unknown time zone {value!r} (e.g. Europe/Amsterdam)") from None
    return str(value)


def _currency(value: object, where: str) -> str | None:
    if value is None:
        return None
    try:
        return iso_currency(str(value), where)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def _mapping(value: object, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping of field: value")
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def _source(name: str, body: object, where: str) -> SourceConfig:
    if not isinstance(body, dict):
        raise ConfigError(f"{where}: expected a mapping with at least `preset` and `files`")
    unknown = sorted(set(body) - _SOURCE_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}; known: {sorted(_SOURCE_KEYS)}")
    for required in ("preset", "files"):
        if not body.get(required):
            raise ConfigError(f"{where}: `{required}` is required")
    return SourceConfig(
        name=name,
        preset=str(body["preset"]),
        files=str(body["files"]),
        columns=_mapping(body.get("columns"), f"{where}.columns"),
        defaults=_mapping(body.get("defaults"), f"{where}.defaults"),
        date_format=body.get("date_format"),
        decimal_comma=bool(body.get("decimal_comma", False)),
        delimiter=str(body.get("delimiter", ",")),
        encoding=str(body.get("encoding", "utf-8-sig")),
        time_zone=_time_zone(body["time_zone"], f"{where}.time_zone")
        if body.get("time_zone")
        else None,
    )


def load_config(path: Path) -> ExportsConfig:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file (`klantbeeld init` writes one)") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("sources"), dict):
        raise ConfigError(f"{path}: expected a `sources:` mapping of source name to settings")
    unknown = sorted(set(document) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {unknown}; known: {sorted(_TOP_KEYS)}")
    delivered_on = document.get("delivered_on")
    if delivered_on is not None and not isinstance(delivered_on, dt.date):
        raise ConfigError(f"{path}: delivered_on must be a date like 2026-11-01")
    sources = tuple(
        _source(str(name), body, f"{path}: sources.{name}")
        for name, body in document["sources"].items()
    )
    if not sources:
        raise ConfigError(f"{path}: `sources:` is empty")
    return ExportsConfig(
        path=path.resolve(),
        sources=sources,
        time_zone=_time_zone(document.get("time_zone", SHOP_TIME_ZONE), f"{path}: time_zone"),
        delivered_on=delivered_on,
        currency=_currency(document.get("currency"), f"{path}: currency"),
    )
