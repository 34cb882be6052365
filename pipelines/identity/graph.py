"""Records and the identifiers they carry as one graph; its connected components are persons.

Nodes are records (shop accounts, orders, email contacts, social profiles) and identifiers
(matching email, E.164 phone); an edge joins a record to each identifier it carries, and an
order to its shop account. Two records are one person when a path joins them. Components are
found with scipy's sparse-graph routine (linear in the edges), not by iterating joins in SQL.
"""

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from pipelines.identity.junk import JunkRules, junk_email, junk_phone

RECORD_KEY = ("record_type", "record_id")


def linking_identifiers(records: pl.DataFrame, rules: JunkRules) -> pl.DataFrame:
    """record_type, record_id, identifier ('email:…' / 'phone:…') for every identifier allowed
    to link: not junk, and not on more shop accounts than the rules allow."""
    carried = pl.concat(
        [
            records.filter(~junk_email(pl.col("matching_email"), rules)).select(
                *RECORD_KEY, identifier=pl.lit("email:") + pl.col("matching_email")
            ),
            records.filter(~junk_phone(pl.col("phone_e164"), rules)).select(
                *RECORD_KEY, identifier=pl.lit("phone:") + pl.col("phone_e164")
            ),
        ]
    ).drop_nulls("identifier")
    accounts = (
        carried.filter(pl.col("record_type") == "shop_customer")
        .group_by("identifier")
        .agg(pl.col("record_id").n_unique().alias("accounts"))
    )
    shared = accounts.filter(pl.col("accounts") > rules.max_accounts_per_identifier)
    return carried.join(shared.select("identifier"), on="identifier", how="anti")


def components(
    records: pl.DataFrame, identifiers: pl.DataFrame, order_accounts: pl.DataFrame
) -> pl.DataFrame:
    """record_type, record_id, component (0..n-1) for every record.

    ``order_accounts``: record_id of each order and the shop_customer_id it was placed from."""
    record_nodes = records.select(*RECORD_KEY).unique().sort(RECORD_KEY)
    record_nodes = record_nodes.with_columns(node=pl.int_range(pl.len(), dtype=pl.Int64))
    identifier_nodes = identifiers.select("identifier").unique().sort("identifier")
    identifier_nodes = identifier_nodes.with_columns(
        node=pl.int_range(pl.len(), dtype=pl.Int64) + record_nodes.height
    )
    carried = identifiers.join(record_nodes, on=list(RECORD_KEY)).join(
        identifier_nodes, on="identifier", suffix="_identifier"
    )
    placed = (
        order_accounts.drop_nulls()
        .join(
            record_nodes.filter(pl.col("record_type") == "shop_order"),
            on="record_id",
        )
        .join(
            record_nodes.filter(pl.col("record_type") == "shop_customer").rename(
                {"record_id": "shop_customer_id", "node": "node_identifier"}
            ),
            on="shop_customer_id",
        )
    )
    edges = pl.concat(
        [carried.select("node", "node_identifier"), placed.select("node", "node_identifier")]
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
