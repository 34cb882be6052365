"""The erasure audit log: one JSON line per erasure, appended and never rewritten, beside the
suppression list (``<warehouse folder>/erasure/audit.jsonl``).

A line says that an erasure happened, when, and how many rows it removed where — the subject as
a keyed hash (the same hash as their address on the suppression list), never an address, name
or phone: the log must not keep what the erasure removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

AUDIT_FILE = "audit.jsonl"


def append_audit(erasure_dir: Path, record: dict[str, object]) -> Path:
    path = erasure_dir / AUDIT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(record, sort_keys=True) + "\n")
        log.flush()
        os.fsync(log.fileno())
    return path


def read_audit(erasure_dir: Path) -> list[dict[str, object]]:
    path = erasure_dir / AUDIT_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
