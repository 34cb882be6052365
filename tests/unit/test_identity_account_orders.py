"""The identity asset keeps orders placed from an account out of its graph and gives them their
account's person in SQL (pipelines/identity/account_orders.py). Proven against the plain
reference: every order a node of its own, joined to its account by an edge, every record's id
kept or merged or split in memory by stable_ids.assign_ids — on random small shops, over two
runs (the second with accounts gone, orders added and addresses changed)."""

import random

import duckdb
import polars as pl
import pytest
from dagster import materialize

from pipelines.identity.assets import HISTORY, RELATION, identity_records
from pipelines.identity.graph import RECORD_KEY, components, linking_identifiers
from pipelines.identity.identifiers import e164, matching_email
from pipelines.identity.junk import load_junk_rules
from pipelines.identity.stable_ids import assign_ids
from pipelines.resources import Warehouse

ADDRESSES = [
    "anna@x.nl", "Anna+shop@X.nl", "bob@x.nl", "b.o.b@gmail.com", "bob@googlemail.com",
    "carla@y.nl", "dirk@y.nl", "eva@z.nl", "test@x.nl", "fam@x.nl", None, None,
]  # fmt: skip
PHONES = ["0611111111", "+31622222222", "06-33333333", None, None, None]
TABLES = {
    "stg_shop__customers": "shop_customer_id varchar, email varchar, phone varchar, "
    "created_at timestamp, first_name varchar, last_name varchar, city varchar, "
    "country_code varchar, address1 varchar, postcode varchar",
    "stg_shop__orders": "order_id varchar, shop_customer_id varchar, email varchar, "
    "ordered_at timestamp, is_test boolean",
    "stg_email__contacts": "email_contact_id varchar, email varchar, phone varchar, "
    "opted_in_at timestamp, status_changed_at timestamp, first_name varchar, last_name varchar",
    "stg_social__profiles": "social_profile_id varchar, email varchar, first_seen_at timestamp, "
    "handle varchar, display_name varchar, location varchar, bio varchar",
}


def _shop(rng: random.Random, accounts: int, orders: int, first_order: int) -> dict[str, list]:
    when = "2026-01-01 10:00:00"
    account_ids = [f"a{n}" for n in range(accounts)]
    return {
        "stg_shop__customers": [
            (
                i,
                rng.choice(ADDRESSES),
                rng.choice(PHONES),
                when,
                "Anna",
                "Jong",
                "Delft",
                "NL",
                None,
                None,
            )
            for i in account_ids
        ],
        "stg_shop__orders": [
            (
                f"o{n}",
                rng.choice([*account_ids, None, None, "unknown-account"]),
                rng.choice(ADDRESSES),
                when,
                rng.random() < 0.05,
            )
            for n in range(first_order, first_order + orders)
        ],
        "stg_email__contacts": [
            (f"c{n}", rng.choice(ADDRESSES), rng.choice(PHONES), when, when, "Anna", None)
            for n in range(12)
        ],
        "stg_social__profiles": [
            (f"p{n}", rng.choice(ADDRESSES[:-2]), when, f"h{n}", "Anna Jong", None, None)
            for n in range(5)
        ],
    }


def _load(path, shop: dict[str, list]) -> None:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema if not exists staging")
        for table, columns in TABLES.items():
            connection.execute(f"create or replace table staging.{table} ({columns})")
            marks = ", ".join("?" * len(columns.split(",")))
            if shop[table]:
                connection.executemany(f"insert into staging.{table} values ({marks})", shop[table])


def _reference(shop: dict[str, list], previous: pl.DataFrame | None):
    """Every record a node, each account order joined to its account by an edge of its own."""
    accounts = {row[0] for row in shop["stg_shop__customers"]}
    rows = [("shop_customer", r[0], r[1], r[2]) for r in shop["stg_shop__customers"]]
    rows += [("shop_order", r[0], r[2], None) for r in shop["stg_shop__orders"] if not r[4]]
    rows += [("email_contact", r[0], r[1], r[2]) for r in shop["stg_email__contacts"]]
    rows += [("social_profile", r[0], r[1], None) for r in shop["stg_social__profiles"]]
    records = pl.DataFrame(rows, schema=[*RECORD_KEY, "email", "phone"], orient="row")
    records = records.with_columns(
        matching_email=matching_email(pl.col("email")), phone_e164=e164(records["phone"])
    )
    placed = [
        (f"account:{r[1]}", key)
        for r in shop["stg_shop__orders"]
        if not r[4] and r[1] in accounts
        for key in (("shop_order", r[0]), ("shop_customer", r[1]))
    ]
    account_edges = pl.DataFrame(
        [(t, i, identifier) for identifier, (t, i) in placed],
        schema=[*RECORD_KEY, "identifier"],
        orient="row",
    )
    identifiers = pl.concat([linking_identifiers(records, load_junk_rules()), account_edges])
    return assign_ids(components(records, identifiers), previous)


def _written(path) -> tuple[pl.DataFrame, pl.DataFrame]:
    with duckdb.connect(str(path), read_only=True) as connection:
        mapping = connection.sql(
            f"select record_type, record_id, customer_id, email, matching_email from {RELATION}"
        ).pl()
        events = connection.sql(
            f"select event, customer_id, other_customer_ids, records from {HISTORY} "
            "where run_id = (select max_by(run_id, recorded_at) from ops.identity_history)"
        ).pl()
    return mapping, events


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns)


@pytest.mark.parametrize("seed", range(3))
def test_account_orders_get_the_ids_the_reference_gives_every_record(tmp_path, seed):
    rng = random.Random(seed)
    warehouse = tmp_path / "w.duckdb"
    first = _shop(rng, accounts=25, orders=120, first_order=0)
    second = _shop(rng, accounts=22, orders=60, first_order=100)
    second["stg_shop__orders"] = first["stg_shop__orders"] + second["stg_shop__orders"][20:]
    previous = None
    for shop in (first, second):
        _load(warehouse, shop)
        result = materialize(
            [identity_records], resources={"warehouse": Warehouse(path=str(warehouse))}
        )
        assert result.success
        mapping, events = _written(warehouse)
        expected_ids, expected_events = _reference(shop, previous)
        assert _sorted(mapping.select(*RECORD_KEY, "customer_id")).equals(_sorted(expected_ids))
        if previous is not None:
            assert _sorted(events).equals(_sorted(expected_events.cast({"records": pl.Int64})))
        orders = mapping.filter(pl.col("record_type") == "shop_order")
        assert orders["matching_email"].equals(
            orders.select(matching_email(pl.col("email"))).to_series().alias("matching_email")
        )
        previous = mapping.select(*RECORD_KEY, "customer_id")
