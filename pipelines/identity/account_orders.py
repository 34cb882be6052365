"""Orders placed from a known shop account, kept in the warehouse instead of the graph.

Such an order is its account's person (graph.py), so the identity asset reads only what the graph
and the stable ids need of them — the addresses each account's orders were placed with and how
many orders each account has — and gives the orders their account's customer_id in SQL when it
writes identity_records. At a million customers that is ~10M orders that never enter Python.
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.identity.graph import PLACED_FROM_ACCOUNT
from pipelines.identity.identifiers import matching_email
from pipelines.identity.social.matching import IDENTIFIER
from pipelines.warehouse_tables import query_frame, table_exists

# Test orders are the shop's own: they identify nobody, and are left out everywhere here.
ACCOUNT_ORDERS_SQL = """
    select o.order_id, o.shop_customer_id, o.email, o.ordered_at
    from staging.stg_shop__orders as o
    where not o.is_test and exists (
        select 1 from staging.stg_shop__customers as c
        where c.shop_customer_id = o.shop_customer_id
    )
"""
GUEST_ORDERS_SQL = """
    select o.order_id, o.email, o.ordered_at
    from staging.stg_shop__orders as o
    where not o.is_test and not exists (
        select 1 from staging.stg_shop__customers as c
        where c.shop_customer_id = o.shop_customer_id
    )
"""
# The graph's nodes as a registered table (record_type, record_id, component), and the same with
# every account order added under its account's component: what the last run's mapping is
# compared with.
NODES = "identity_nodes"
_CURRENT_RECORDS = f"""
    select record_type, record_id, component from {NODES}
    union all
    select 'shop_order', o.order_id, n.component
    from ({ACCOUNT_ORDERS_SQL}) as o
    inner join {NODES} as n
        on n.record_type = 'shop_customer' and n.record_id = o.shop_customer_id
"""


def placed_addresses(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """record_type (PLACED_FROM_ACCOUNT), record_id (the account), email, matching_email, orders:
    one row per account and address its orders were placed with (a null address included, so
    that ``orders`` sums to every order of the account)."""
    placed = query_frame(
        connection,
        f"select shop_customer_id as record_id, email, count(*) as orders "
        f"from ({ACCOUNT_ORDERS_SQL}) group by shop_customer_id, email",
    )
    return placed.select(
        record_type=pl.lit(PLACED_FROM_ACCOUNT),
        record_id="record_id",
        email="email",
        matching_email=matching_email(pl.col("email")),
        orders="orders",
    )


def overlap_with_previous(
    connection: duckdb.DuckDBPyConnection, nodes: pl.DataFrame, previous: str
) -> tuple[pl.DataFrame, set[str]] | None:
    """For stable_ids.person_ids: how many records of each component had each customer_id in
    ``previous`` (the last run's identity_records), account orders included, and every
    customer_id it gave out. None when there is no last run."""
    if not _has_rows(connection, previous):
        return None
    connection.register(NODES, nodes.select("record_type", "record_id", "component").to_arrow())
    try:
        overlap = query_frame(
            connection,
            f"select p.customer_id, c.component, cast(count(*) as uinteger) as shared "
            f"from ({_CURRENT_RECORDS}) as c inner join {previous} as p "
            "on p.record_type = c.record_type and p.record_id = c.record_id "
            "group by p.customer_id, c.component",
        )
    finally:
        connection.unregister(NODES)
    taken = query_frame(connection, f"select distinct customer_id from {previous}")
    return overlap, set(taken["customer_id"])


def write_account_orders_sql(relation: str, accounts: str, addresses: str) -> str:
    """SQL appending the account orders to ``relation`` with their account's customer_id:
    ``accounts`` (record_id, customer_id) and ``addresses`` (email, matching_email) are
    registered tables. The columns are identity_records' own, in its order."""
    return f"""
        insert into {relation}
        select 'shop_order', o.order_id, a.customer_id, o.email, m.matching_email,
            cast(null as varchar), o.ordered_at, '{IDENTIFIER}', cast(null as double), 'account'
        from ({ACCOUNT_ORDERS_SQL}) as o
        inner join {accounts} as a on a.record_id = o.shop_customer_id
        left join {addresses} as m on m.email = o.email
    """


def _has_rows(connection: duckdb.DuckDBPyConnection, relation: str) -> bool:
    if not table_exists(connection, relation):
        return False
    [(has_rows,)] = connection.execute(f"select count(*) > 0 from {relation}").fetchall()
    return has_rows
