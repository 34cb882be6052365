"""Records joined into persons through shared identifiers, with ids that stay put."""

import polars as pl

from pipelines.identity.graph import (
    PLACED_FROM_ACCOUNT,
    RECORD_KEY,
    components,
    linking_identifiers,
)
from pipelines.identity.junk import JunkRules
from pipelines.identity.stable_ids import assign_ids

RULES = JunkRules(
    local_parts=frozenset({"test"}),
    domains=frozenset(),
    reserved_tlds=frozenset(),
    phones=frozenset(),
    max_accounts_per_identifier=2,
)


def _records(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema=dict.fromkeys(
            ["record_type", "record_id", "matching_email", "phone_e164", "shop_customer_id"],
            pl.String,
        ),
        orient="row",
    )


def _persons(records: pl.DataFrame, previous=None) -> tuple[dict[str, str], pl.DataFrame]:
    """The identity asset's steps in memory: orders placed from a known account fold into it
    (their addresses become the account's edges), then each gets its account's person."""
    accounts = records.filter(pl.col("record_type") == "shop_customer")["record_id"]
    from_account = (pl.col("record_type") == "shop_order") & pl.col("shop_customer_id").is_in(
        accounts.implode()
    ).fill_null(False)
    nodes = records.filter(~from_account)
    placed = records.filter(from_account)
    identifiers = linking_identifiers(
        pl.concat(
            [
                nodes.select(*RECORD_KEY, "matching_email", "phone_e164"),
                placed.select(
                    record_type=pl.lit(PLACED_FROM_ACCOUNT),
                    record_id="shop_customer_id",
                    matching_email="matching_email",
                    phone_e164="phone_e164",
                ),
            ]
        ),
        RULES,
    )
    graph = components(nodes, identifiers)
    orders = placed.join(
        graph.filter(pl.col("record_type") == "shop_customer").select(
            shop_customer_id="record_id", component="component"
        ),
        on="shop_customer_id",
    ).select(*RECORD_KEY, "component")
    ids, events = assign_ids(pl.concat([graph, orders]), previous)
    mapping = {f"{t}:{i}": c for t, i, c in ids.iter_rows()}
    return mapping, events


BASE = [
    ("shop_customer", "1", "anna@x.nl", None, None),
    ("shop_order", "o1", None, None, "1"),  # placed from account 1, no checkout email
    ("shop_order", "o2", "anna@x.nl", None, None),  # guest order, same address
    ("email_contact", "c1", "anna@x.nl", "+31611111111", None),
    ("shop_customer", "2", None, "+31611111111", None),  # no email, Anna's phone
    ("shop_customer", "3", "bob@x.nl", None, None),
    ("shop_customer", "4", "test@x.nl", None, None),  # junk: links nobody
    ("shop_customer", "5", "test@x.nl", None, None),
]


def test_records_sharing_an_identifier_or_an_account_are_one_person():
    persons, _ = _persons(_records(BASE))
    anna = {persons[k] for k in ("shop_customer:1", "shop_order:o1", "shop_order:o2",
                                 "email_contact:c1", "shop_customer:2")}  # fmt: skip
    assert len(anna) == 1
    assert persons["shop_customer:3"] not in anna
    # Junk never links: two test accounts stay two persons.
    assert persons["shop_customer:4"] != persons["shop_customer:5"]
    assert len(set(persons.values())) == 4


def test_an_identifier_on_too_many_accounts_links_nobody():
    shared = [("shop_customer", str(n), "family@x.nl", None, None) for n in range(3)]
    persons, _ = _persons(_records(shared))
    assert len(set(persons.values())) == 3


def test_same_records_same_ids_without_history():
    first, _ = _persons(_records(BASE))
    again, _ = _persons(_records(list(reversed(BASE))))
    assert first == again


def _previous(persons: dict[str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [(*key.split(":", 1), person) for key, person in persons.items()],
        schema=["record_type", "record_id", "customer_id"],
        orient="row",
    )


def test_new_records_keep_existing_ids_and_a_bridge_merges_into_the_larger():
    before, _ = _persons(_records(BASE))
    bridge = (
        "email_contact",
        "c9",
        "bob@x.nl",
        "+31611111111",
        None,
    )  # Bob's address, Anna's phone
    newcomer = ("shop_customer", "6", "carla@x.nl", None, None)
    after, events = _persons(_records([*BASE, bridge, newcomer]), _previous(before))
    for key, person in before.items():
        if key != "shop_customer:3":
            assert after[key] == person, key
    assert after["shop_customer:3"] == before["shop_customer:1"]  # Anna's person was larger
    merge = events.filter(pl.col("event") == "merge").row(0, named=True)
    assert merge["customer_id"] == before["shop_customer:1"]
    assert merge["other_customer_ids"] == before["shop_customer:3"]
    assert after["shop_customer:6"] not in before.values()


def test_a_person_that_falls_apart_keeps_its_id_on_the_larger_part():
    before, _ = _persons(_records(BASE))
    # The contact that carried Anna's phone is gone: account 2 is on its own now.
    without_phone = [r for r in BASE if r[1] != "c1"] + [
        ("email_contact", "c1", "anna@x.nl", None, None)
    ]
    after, events = _persons(_records(without_phone), _previous(before))
    assert after["shop_customer:1"] == before["shop_customer:1"]
    assert after["shop_customer:2"] != before["shop_customer:2"]
    assert after["shop_customer:2"] not in before.values()
    split = events.filter(pl.col("event") == "split").row(0, named=True)
    assert split["customer_id"] == after["shop_customer:2"]
    assert split["other_customer_ids"] == before["shop_customer:1"]


def test_each_record_says_what_joined_it_to_its_person():
    from pipelines.identity.graph import linked_by

    identifiers = pl.DataFrame(
        [
            ("shop_customer", "a1", "email:anna@x.nl"),
            ("email_contact", "c1", "email:anna@x.nl"),
            ("email_contact", "c1", "phone:+31612345678"),
            ("shop_customer", "a2", "phone:+31612345678"),
            ("shop_customer", "a2", "name_address:a2|a3"),
            ("shop_customer", "a3", "name_address:a2|a3"),
            # An address a3's orders were placed with, also given by guest order o1.
            ("shop_order_of_account", "a3", "email:ann@y.nl"),
            ("shop_order", "o1", "email:ann@y.nl"),
            # a4's own address on its orders too: shared with nobody else.
            ("shop_customer", "a4", "email:bob@x.nl"),
            ("shop_order_of_account", "a4", "email:bob@x.nl"),
        ],
        schema=["record_type", "record_id", "identifier"],
        orient="row",
    )
    assert dict(linked_by(identifiers).select("record_id", "linked_by").iter_rows()) == {
        "a1": "email",
        "c1": "email,phone",
        "a2": "name_and_address,phone",
        "a3": "name_and_address,order_address",
        "o1": "email",
    }
