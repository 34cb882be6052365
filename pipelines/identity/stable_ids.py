"""Person ids that survive new data: a person keeps its customer_id when records arrive, two
persons that turn out to be one keep the id of the larger, and a person that falls apart keeps
its id on the largest part. Every merge and split is returned as a history event.

Without a previous mapping (the first run, a rebuilt warehouse) a person's id is a hash of its
smallest record key, so the same data always gives the same ids.
"""

import hashlib

import polars as pl

from pipelines.identity.graph import RECORD_KEY


def new_person_id(record_key: str) -> str:
    """md5 of the person's smallest record key: stable across runs, machines and library
    versions (polars' own hash is not)."""
    return hashlib.md5(record_key.encode(), usedforsecurity=False).hexdigest()


def assign_ids(
    current: pl.DataFrame, previous: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``current``: record_type, record_id, component. ``previous``: record_type, record_id,
    customer_id of the last run (or None). Returns (record_type, record_id, customer_id) and the
    events (event, customer_id, other_customer_ids, records).

    Every record in memory: for tests and small shops. The identity asset gives ``person_ids``
    the same three summaries computed in the warehouse, without a row per order."""
    keyed = current.with_columns(
        record_key=pl.concat_str(pl.col("record_type"), pl.lit(":"), pl.col("record_id"))
    )
    fresh = keyed.group_by("component").agg(
        pl.len().alias("records"), pl.col("record_key").min().alias("first_key")
    )
    if previous is None or previous.is_empty():
        ids, events = person_ids(fresh, None, set())
    else:
        overlap = (
            keyed.join(previous, on=list(RECORD_KEY), how="inner")
            .group_by("customer_id", "component")
            .agg(pl.len().alias("shared"))
        )
        ids, events = person_ids(fresh, overlap, set(previous["customer_id"]))
    return _records(keyed, ids), events


def person_ids(
    fresh: pl.DataFrame, overlap: pl.DataFrame | None, taken: set[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A customer_id per component, and the merges and splits since the last run.

    ``fresh``: component, records (how many records it holds), first_key (its smallest
    ``record_type:record_id``). ``overlap``: customer_id, component, shared — how many of the
    component's records had that customer_id last run (None on a first run). ``taken``: every
    customer_id the last run gave out. Returns (component, customer_id) and the events."""
    fresh = fresh.with_columns(
        fresh_id=pl.col("first_key").map_elements(new_person_id, return_dtype=pl.String)
    )
    if overlap is None:
        return fresh.select("component", customer_id="fresh_id"), _no_events()

    # Each previous id goes to the component holding most of its records (ties: lowest
    # component), then each component keeps, of the ids it received, the one with most shared
    # records (ties: smallest id).
    moved = overlap.sort(["customer_id", "shared", "component"], descending=[False, True, False])
    home = moved.unique("customer_id", keep="first", maintain_order=True)
    kept = home.sort(["component", "shared", "customer_id"], descending=[False, True, False])
    kept = kept.unique("component", keep="first", maintain_order=True)
    ids = fresh.join(kept.select("component", "customer_id"), on="component", how="left")
    ids = ids.with_columns(
        pl.col("customer_id").fill_null(
            _unused(ids.filter(pl.col("customer_id").is_null()), set(taken))
        )
    )
    merges = (
        home.join(kept.select("component", kept_id="customer_id"), on="component")
        .filter(pl.col("customer_id") != pl.col("kept_id"))
        .group_by("kept_id")
        .agg(pl.col("customer_id").sort().str.join(",").alias("other_customer_ids"))
        .join(ids.select("customer_id", "records"), left_on="kept_id", right_on="customer_id")
        .select(
            pl.lit("merge").alias("event"),
            pl.col("kept_id").alias("customer_id"),
            "other_customer_ids",
            "records",
        )
    )
    split_from = (
        overlap.join(
            kept.select("component", "customer_id"), on=["component", "customer_id"], how="anti"
        )
        .join(home.select("customer_id", "component"), on=["customer_id", "component"], how="anti")
        .join(ids.select("component", new_id="customer_id", records="records"), on="component")
    )
    splits = (
        split_from.group_by("new_id")
        .agg(
            pl.col("customer_id").sort().str.join(",").alias("other_customer_ids"),
            pl.col("records").first(),
        )
        .select(
            pl.lit("split").alias("event"),
            pl.col("new_id").alias("customer_id"),
            "other_customer_ids",
            "records",
        )
    )
    events = pl.concat([merges, splits]).sort("event", "customer_id")
    return ids.select("component", "customer_id"), events


def _unused(needing: pl.DataFrame, taken: set[str]) -> pl.Expr:
    """A fresh id per component that no previous person ever had: a part split off a person
    whose id was the hash of the same smallest record gets the hash of that key and a suffix."""
    chosen = {}
    for component, first_key, fresh_id in needing.select(
        "component", "first_key", "fresh_id"
    ).iter_rows():
        candidate, suffix = fresh_id, 0
        while candidate in taken:
            suffix += 1
            candidate = new_person_id(f"{first_key}#{suffix}")
        taken.add(candidate)
        chosen[component] = candidate
    return pl.col("component").replace_strict(chosen, default=None, return_dtype=pl.String)


def _records(keyed: pl.DataFrame, ids: pl.DataFrame) -> pl.DataFrame:
    return keyed.join(ids, on="component").select(*RECORD_KEY, "customer_id").sort(RECORD_KEY)


def _no_events() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "event": pl.String,
            "customer_id": pl.String,
            "other_customer_ids": pl.String,
            "records": pl.UInt32,
        }
    )
