"""`klantbeeld forget`: erase one person from every layer, with proof (docs/privacy.md).

In order, so that a run that dies half-way can simply be started again (the warehouse, which
says who the person is, changes last):

1. Find everything: the person in the identity graph, their rows in the raw tables, the landed
   files, every warehouse table and the ground truth. Nothing found: an error, nothing changed.
2. Put their identifiers on the suppression list (ingest keeps them out from now on).
3. Rewrite the landed files and the ground truth without their rows.
4. Delete their rows from a scratch copy of the warehouse, copy it into a fresh file (only live
   rows: the deleted bytes are not carried over), publish a new BI release from that file and
   remove every older release, then rename the fresh file over the warehouse.
5. Search every file under the landing folder, the ground truth and the warehouse folder for
   their address and phone (the proof), and append the audit line.

The warehouse stays locked (DuckDB's single writer) from step 1 to the rename: a pipeline run
cannot write meanwhile, and an erasure refuses to start while one is writing.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.schemas import Identifies
from pipelines.ingest.warehouse_writes import account_for_rewritten_files
from pipelines.privacy.audit import append_audit
from pipelines.privacy.compaction import (
    holding,
    put_in_place,
    remove_leftovers,
    rewritten_copy,
)
from pipelines.privacy.ground_truth import forget_in_ground_truth
from pipelines.privacy.landing_rewrite import FileRows, removed_lines, rewrite_landing
from pipelines.privacy.locate import NOTHING_HELD, RequestError, locate
from pipelines.privacy.person import Person, normalised_email
from pipelines.privacy.residue import files_holding
from pipelines.privacy.suppression import (
    add_entries,
    load_suppression_key,
    read_entries,
    token_hash,
)
from pipelines.privacy.tokens import token, value_tokens
from pipelines.privacy.warehouse_sweep import TableRows, delete_rows, shift_lines
from pipelines.publish.build import republish
from pipelines.publish.pseudonym import (
    PSEUDONYM_KEY_VARIABLE,
    PseudonymKeyError,
    load_pseudonym_key,
)
from pipelines.publish.release import current_release, keep_only_current
from pipelines.settings import Settings


@dataclass
class Erasure:
    """What an erasure found (a dry run) or removed: counts and file and table names only."""

    erasure_id: str
    dry_run: bool
    persons: int
    records: dict[str, int]
    landing: dict[str, int]
    warehouse: dict[str, int]
    ground_truth: dict[str, int]
    suppression_entries: int = 0
    release: str | None = None
    releases_removed: list[str] = field(default_factory=list)
    residue: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def found_anything(self) -> bool:
        return bool(self.records or self.landing or self.warehouse or self.ground_truth)

    def audit_record(self, subject: str, via: str) -> dict[str, object]:
        return {
            "erasure_id": self.erasure_id,
            "erased_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "subject": subject,
            "via": via,
            "persons": self.persons,
            "identity_records": self.records,
            "suppression_entries_added": self.suppression_entries,
            "landing_rows_removed": self.landing,
            "warehouse_rows_removed": self.warehouse,
            "ground_truth_rows_removed": self.ground_truth,
            "published_release": self.release,
            "releases_removed": self.releases_removed,
            "residue": self.residue,
            "seconds": round(self.seconds, 2),
        }


def forget(
    settings: Settings,
    email: str,
    *,
    dry_run: bool = False,
    several_persons: bool = False,
    via: str = "cli",
) -> Erasure:
    """Erase the person ``email`` resolves to (see the module docstring); with ``dry_run`` only
    count. Raises RequestError (and the key, email and busy-warehouse errors) before changing
    anything."""
    started = time.perf_counter()
    address = normalised_email(email)
    keys = None if dry_run else _keys(settings)
    warehouse = settings.warehouse_path
    opened = holding(warehouse, read_only=dry_run) if warehouse.exists() else nullcontext(None)
    with opened as held:
        located = locate(settings, held, email)
        person, in_landing, in_tables = located.person, located.landing, located.tables
        erasure = Erasure(
            erasure_id=uuid.uuid4().hex[:12],
            dry_run=dry_run,
            persons=len(person.customer_ids),
            records=dict(Counter(person.records["record_type"])),
            landing={rows.file: rows.rows for rows in in_landing},
            warehouse={table.relation: table.rows for table in in_tables},
            ground_truth=forget_in_ground_truth(
                settings.ground_truth_dir, person, in_landing, dry_run=True
            ),
        )
        _check(settings, erasure, address, keys, several_persons)
        if dry_run:
            erasure.seconds = time.perf_counter() - started
            return erasure
        suppression_key, pseudonym_key = keys
        erasure.suppression_entries = add_entries(
            settings.erasure_dir, suppression_key, person.tokens, erasure.erasure_id
        )
        erasure.landing = rewrite_landing(settings.landing_dir, in_landing)
        erasure.ground_truth = forget_in_ground_truth(
            settings.ground_truth_dir, person, in_landing, dry_run=False
        )
        if held is not None:
            lines = removed_lines(in_landing)
            fresh, erasure.warehouse = rewritten_copy(
                held,
                warehouse,
                lambda connection: _erase(
                    connection, in_tables, lines, settings.landing_dir, erasure.landing
                ),
            )
            try:
                _republish(settings, fresh, pseudonym_key, erasure)
            except BaseException:
                # The warehouse is unchanged and still says who the person is: run it again.
                remove_leftovers(warehouse)
                raise
            put_in_place(fresh, warehouse)
    emails, phones = _spellings(person, in_landing)
    erasure.residue = files_holding(
        [settings.landing_dir, settings.ground_truth_dir, settings.warehouse_dir], emails, phones
    )
    erasure.seconds = time.perf_counter() - started
    subject = token_hash(suppression_key, token(Identifies.EMAIL, address))
    append_audit(settings.erasure_dir, erasure.audit_record(subject, via))
    return erasure


def _keys(settings: Settings) -> tuple[bytes, bytes | None]:
    """Both secrets, checked before anything changes: the suppression list's, and the BI copy's
    when there is a copy to rebuild."""
    suppression_key = load_suppression_key(
        "nothing was erased: the suppression list that keeps an erased person out is a list of "
        "keyed hashes"
    )
    if current_release(settings.published_dir) is None:
        return suppression_key, None
    try:
        return suppression_key, load_pseudonym_key()
    except PseudonymKeyError:
        raise RequestError(
            f"The published copy for BI ({settings.published_dir}) holds the person and must be "
            f"rebuilt without them, which needs {PSEUDONYM_KEY_VARIABLE} (the secret the runs "
            "publish with): nothing was erased."
        ) from None


def _check(
    settings: Settings,
    erasure: Erasure,
    address: str,
    keys: tuple[bytes, bytes | None] | None,
    several_persons: bool,
) -> None:
    if not erasure.found_anything:
        raise RequestError(NOTHING_HELD + _erased_before(settings, address, keys))
    if erasure.persons > 1 and not several_persons:
        raise RequestError(
            f"This email address belongs to {erasure.persons} persons in the identity graph "
            "(a shared or junk address links nobody): nothing was changed. Check with "
            "--dry-run, then repeat with --several-persons to erase all of them."
        )


def _erased_before(
    settings: Settings, address: str, keys: tuple[bytes, bytes | None] | None
) -> str:
    if keys is None:
        return ""
    entries = read_entries(settings.erasure_dir)
    listed = entries.filter(
        pl.col("token_hash") == token_hash(keys[0], token(Identifies.EMAIL, address))
    )
    if listed.is_empty():
        return ""
    return (
        f" It was erased before (erasure {listed['erasure_id'][0]} in "
        f"{settings.erasure_dir / 'audit.jsonl'}) and is on the suppression list."
    )


def _erase(
    connection: duckdb.DuckDBPyConnection,
    in_tables: list[TableRows],
    lines: pl.DataFrame,
    landing_dir: Path,
    landing_records: dict[str, int],
) -> dict[str, int]:
    removed = delete_rows(connection, in_tables)
    shift_lines(connection, lines)
    account_for_rewritten_files(connection, landing_dir, landing_records)
    return removed


def _republish(
    settings: Settings, fresh: Path, pseudonym_key: bytes | None, erasure: Erasure
) -> None:
    if pseudonym_key is None:
        return
    published = republish(fresh, settings.published_dir, pseudonym_key, erasure.erasure_id)
    if published is not None:
        erasure.release = published.folder.name
        # Strict, unlike a run's pruning: an old release still holds the person. When one
        # cannot be removed, ReleasesInUseError says so and forget leaves the warehouse as it
        # was, so that running it again (once readers are closed) finishes the job.
        erasure.releases_removed = keep_only_current(settings.published_dir)


def _spellings(person: Person, in_landing: list[FileRows]) -> tuple[list[str], list[str]]:
    """The person's address and phone as the files held them (each spelling that is theirs)."""
    spellings = {}
    for kind, held in ((Identifies.EMAIL, person.emails), (Identifies.PHONE, [])):
        values = pl.concat(
            [pl.Series(held, dtype=pl.String), *(rows.values_of(kind) for rows in in_landing)]
        )
        theirs = person.has(value_tokens(values, kind, person.phone_digits)).fill_null(False)
        spellings[kind] = set(values.filter(theirs).str.strip_chars())
    phones = spellings[Identifies.PHONE] | set(person.ids(Identifies.PHONE))
    return sorted(spellings[Identifies.EMAIL]), sorted(phones)
