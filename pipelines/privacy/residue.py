"""The proof of an erasure: after it, no file under the landing folder, the ground truth or the
warehouse folder (warehouse, published copy, erasure log) holds the person's email address or
phone number as bytes — in any spelling the files held before.

Names are not searched: they are not unique (another Jan de Vries is not a residue). Compressed
files (Parquet) cannot be searched this way; they are rewritten from the erased warehouse, so
they hold what it holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def files_holding(roots: Iterable[Path], emails: Iterable[str], phones: Iterable[str]) -> list[str]:
    """Files under ``roots`` whose bytes contain one of ``emails`` (in any letter case) or
    ``phones`` (as given); as paths relative to their root."""
    email_needles = sorted({e.strip().lower().encode() for e in emails if e and e.strip()})
    phone_needles = sorted({p.strip().encode() for p in phones if p and p.strip()})
    holding = []
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            data = path.read_bytes()
            lowered = data.lower() if email_needles else b""
            if any(n in lowered for n in email_needles) or any(n in data for n in phone_needles):
                holding.append(f"{root.name}/{path.relative_to(root).as_posix()}")
    return holding
