"""`klantbeeld check-config`: everything about a config that can go wrong, found before the
first run: sources whose files match nothing, headers lacking a required column, and what a
conversion would make of the rows (landing rows per table; rows it would quarantine and why).
Counts, file names, line numbers and reasons only: no values from the rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipelines.adapters.config import ExportsConfig
from pipelines.adapters.convert import convert, read_sources
from pipelines.ingest.reasons import reason_kind, without_value

_EXAMPLES = 5


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)
    errors: int = 0

    def error(self, text: str) -> None:
        self.errors += 1
        self.lines.append(f"ERROR {text}")

    @property
    def ok(self) -> bool:
        return self.errors == 0


def check_config(config: ExportsConfig) -> CheckReport:
    report = CheckReport()
    sources = read_sources(config)
    for source in sources:
        name, preset = source.source.name, source.preset
        report.lines.append(f"{name}: preset {preset.name}, files {source.source.files!r}")
        if not source.files:
            report.error(f"{name}: no file matches {source.source.files!r} in {config.folder}")
        for file, header in source.headers.items():
            report.lines.append(f"  {file}: {len(header)} columns")
            for field_name in (f.name for f in preset.fields):
                column = source.column(field_name, header)
                if column is None or column in header:
                    continue
                required = preset.field(field_name).required
                if required and field_name not in source.source.defaults:
                    report.error(f"{file}, line 1: no column {column!r} (field {field_name})")
                elif field_name not in source.source.defaults:
                    report.lines.append(f"    optional column {column!r} absent ({field_name})")
    if not report.ok:
        return report
    conversion = convert(config, sources)
    report.lines.append(f"Delivery date of the converted files: {conversion.delivered_on}")
    for name, rows in conversion.converted.items():
        rejected = sum(1 for r in conversion.rejects if r.source == name)
        report.lines.append(f"{name}: {rows} rows read, {rejected} would be quarantined")
    for (source, table), rows in sorted(conversion.tables.items()):
        report.lines.append(f"  landing {source}/{table}: {len(rows)} rows")
    reasons = Counter(reason_kind(r.reason) for r in conversion.rejects)
    for reason, count in reasons.most_common():
        report.lines.append(f"  quarantined {count}×: {reason}")
    for reject in conversion.rejects[:_EXAMPLES]:
        report.lines.append(f"  e.g. {reject.file}:{reject.line}: {without_value(reject.reason)}")
    return report
