"""Records and the identifiers they carry as one graph; its connected components are persons.

Nodes are records (shop accounts, guest orders, email contacts, social profiles) and identifiers
(matching email, E.164 phone, and name + address between accounts); an edge joins a record to
each identifier it carries that is evidence of one person (evidence.py: judged by the names on
the records carrying it, not by their count). Two records
are one person when a path joins them. Components are found with scipy's sparse-graph routine
(linear in the edges), not by iterating joins in SQL.

An order placed from a known shop account is that account's person whatever it carries, so it
gets no node of its own: the addresses it was placed with are edges of its account's node
(``PLACED_FROM_ACCOUNT``), and the identity asset gives it its account's person afterwards, in
SQL. Orders are most of the records (a million customers place ~10M): as nodes they made the
graph, its copies in memory and the social matching's inputs several times larger, for the same
components.
"""

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from pipelines.identity.evidence import NAME_ADDRESS, by_evidence
from pipelines.identity.identifiers import MOBILE
from pipelines.identity.junk import JunkRules, junk_email, junk_phone

RECORD_KEY = ("record_type", "record_id")
# record_type of the addresses an account's orders were placed with (record_id: the account). Not
# "shop_customer", so that they link like any order's address but never count as an account
# carrying the identifier (junk.max_accounts_per_identifier).
PLACED_FROM_ACCOUNT = "shop_order_of_account"


def linking_identifiers(records: pl.DataFrame, rules: JunkRules) -> pl.DataFrame:
    """record_type, record_id, identifier ('email:…' / 'phone:…') for every identifier allowed
    to link: not junk, not on more shop accounts than the rules allow, and evidence of one
    person by the names on the records carrying it (evidence.py).

    ``records``: record_type, record_id, matching_email, phone_e164, phone_kind, first_name,
    last_name (a ``PLACED_FROM_ACCOUNT`` address: its account's name)."""
    named = ("first_name", "last_name")
    # Records read without names or phone types (privacy/person.py reads identity_records) are
    # judged unnamed, each phone as one person's.
    defaults = {"phone_kind": MOBILE, "first_name": None, "last_name": None}
    records = records.with_columns(
        pl.lit(value, dtype=pl.String).alias(column)
        for column, value in defaults.items()
        if column not in records.columns
    )
    carried = pl.concat(
        [
            records.filter(~junk_email(pl.col("matching_email"), rules)).select(
                *RECORD_KEY,
                *named,
                identifier=pl.lit("email:") + pl.col("matching_email"),
                weak=pl.lit(False),
            ),
            records.filter(~junk_phone(pl.col("phone_e164"), rules)).select(
                *RECORD_KEY,
                *named,
                identifier=pl.lit("phone:") + pl.col("phone_e164"),
                weak=pl.col("phone_kind") != MOBILE,
            ),
        ]
    ).drop_nulls("identifier")
    accounts = (
        carried.filter(pl.col("record_type") == "shop_customer")
        .group_by("identifier")
        .agg(pl.col("record_id").n_unique().alias("accounts"))
    )
    shared = accounts.filter(pl.col("accounts") > rules.max_accounts_per_identifier)
    allowed = carried.join(shared.select("identifier"), on="identifier", how="anti")
    return by_evidence(allowed.with_columns(placed=pl.col("record_type") == PLACED_FROM_ACCOUNT))


def components(records: pl.DataFrame, identifiers: pl.DataFrame) -> pl.DataFrame:
    """record_type, record_id, component (0..n-1) for every record.

    ``identifiers``: linking_identifiers of the records and of the ``PLACED_FROM_ACCOUNT``
    addresses, which become edges of their account's node."""
    record_nodes = records.select(*RECORD_KEY).unique().sort(RECORD_KEY)
    record_nodes = record_nodes.with_columns(node=pl.int_range(pl.len(), dtype=pl.Int64))
    identifier_nodes = identifiers.select("identifier").unique().sort("identifier")
    identifier_nodes = identifier_nodes.with_columns(
        node=pl.int_range(pl.len(), dtype=pl.Int64) + record_nodes.height
    )
    on_account = pl.col("record_type") == PLACED_FROM_ACCOUNT
    edges = (
        identifiers.with_columns(
            record_type=pl.when(on_account)
            .then(pl.lit("shop_customer"))
            .otherwise(pl.col("record_type"))
        )
        .join(record_nodes, on=list(RECORD_KEY))
        .join(identifier_nodes, on="identifier", suffix="_identifier")
        .select("node", "node_identifier")
    )
    size = record_nodes.height + identifier_nodes.height
    adjacency = coo_matrix(
        (np.ones(edges.height, dtype=np.int8), (edges["node"], edges["node_identifier"])),
        shape=(size, size),
    )
    _, labels = connected_components(adjacency, directed=False)
    return record_nodes.with_columns(
        component=pl.Series(labels[: record_nodes.height], dtype=pl.Int64)
    ).drop("node")


# The kind of evidence an identifier is (identity_records.linked_by), by its prefix.
EVIDENCE_KINDS = {"email:": "email", "phone:": "phone", NAME_ADDRESS: "name_and_address"}
ORDER_ADDRESS = "order_address"


def linked_by(identifiers: pl.DataFrame) -> pl.DataFrame:
    """record_type, record_id, linked_by: the kinds of evidence a record shares with another
    record of its person — `email`, `phone`, `name_and_address`, or `order_address` (an address
    its orders were placed with, on an account) — sorted and comma-separated. Records that share
    nothing (a person of one record) are left out."""
    placed = pl.col("record_type") == PLACED_FROM_ACCOUNT
    kind = pl.lit(None, dtype=pl.String)
    for prefix, name in EVIDENCE_KINDS.items():
        kind = (
            pl.when(pl.col("identifier").str.starts_with(prefix)).then(pl.lit(name)).otherwise(kind)
        )
    edges = identifiers.with_columns(
        record_type=pl.when(placed).then(pl.lit("shop_customer")).otherwise("record_type"),
        kind=pl.when(placed).then(pl.lit(ORDER_ADDRESS)).otherwise(kind),
    )
    nodes = pl.concat_str("record_type", pl.lit(":"), "record_id").n_unique().over("identifier")
    return (
        edges.filter(nodes > 1)
        .group_by(*RECORD_KEY)
        .agg(pl.col("kind").unique().sort().str.join(",").alias("linked_by"))
    )
