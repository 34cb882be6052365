"""The commented config `klantbeeld init` writes: one source per chosen preset, every field
listed with the column it reads by default, so a user only edits what differs in their file."""

from __future__ import annotations

from pipelines.adapters.presets import PRESETS
from pipelines.adapters.presets.base import Preset
from pipelines.settings import SHOP_TIME_ZONE

# Values a preset cannot guess and the user must state (uncommented in the template).
_REQUIRED_DEFAULTS = {"currency": "EUR"}

_HEADER = f"""\
# klantbeeld.yml: where your exports are and how their columns map to klantbeeld's fields.
# Walk-through and every preset's columns: docs/bring-your-own-data.md.
# Check it against your files with `klantbeeld check-config --config klantbeeld.yml`, then
# `KLANTBEELD_CONFIG=$PWD/klantbeeld.yml klantbeeld run`.

# The delivery date the converted files get (YYYY-MM-DD); default: the newest export file's
# modification date.
# delivered_on: 2026-11-01
# Times without a UTC offset are read in this zone (unless a preset knows better, e.g.
# Mailchimp's UTC).
time_zone: {SHOP_TIME_ZONE}
# The shop's currency (ISO 4217), which every amount is shown in; orders in another currency
# are converted with dbt_project/seeds/currency_rates.csv or left out. Default: the currency
# of most orders.
# currency: EUR
sources:
"""


def _column(field) -> str:
    column = field.column if isinstance(field.column, str) else field.column[0]
    return f'"{column}"' if any(ch in column for ch in ":#'\"") else column


def _source(preset: Preset) -> str:
    lines = [
        f"  {preset.name}:  # any name; rows it cannot map are quarantined as export:{preset.name}",
        f"    preset: {preset.name}  # {preset.description}",
        f"    files: {preset.files}  # a glob, relative to this file's folder",
        f'    date_format: "{preset.date_format}"  # strftime; e.g. "%d-%m-%Y %H:%M"',
    ]
    if preset.reader == "csv":
        lines += [
            "    decimal_comma: false  # true for amounts like 12,50",
            '    # delimiter: ","  # ";" for many European spreadsheet exports',
            "    # encoding: utf-8-sig  # cp1252 for old Excel exports",
        ]
    lines.append("    columns:  # field: the column in your file (the preset's default shown)")
    for field in preset.fields:
        note = f"{field.help}{' (required)' if field.required else ''}"
        if field.column is None:
            lines.append(f"      # {field.name}:  # {note}")
        else:
            lines.append(f"      {field.name}: {_column(field)}  # {note}")
    lines.append("    defaults:  # field: value used where the column is absent or blank")
    needed = [f.name for f in preset.fields if f.column is None and f.required]
    for name in needed:
        lines.append(f"      {name}: {_REQUIRED_DEFAULTS.get(name, 'CHANGE-ME')}")
    if preset.name == "generic_order_lines":
        lines.append("      # cancelled_prefix: C  # invoices starting with it are cancellations")
    if not needed:
        lines.append("      {}")
    return "\n".join(lines) + "\n"


def config_template(presets: list[str]) -> str:
    unknown = [p for p in presets if p not in PRESETS]
    if unknown:
        raise ValueError(f"unknown preset(s) {unknown}; known: {', '.join(PRESETS)}")
    return _HEADER + "".join(_source(PRESETS[name]) for name in presets)
