"""Judging the pipeline against a demo shop's ground truth: which true person is behind each
warehouse record and customer, and how well the persona clustering recovers the hidden personas.

For tests and benchmarks only: the pipeline itself never reads the ground truth.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
from sklearn.metrics import adjusted_rand_score

# Ground-truth tables (source, table) whose records become identity records in the warehouse.
RECORD_TYPES = pl.DataFrame(
    {
        "source": ["shop", "shop", "email", "social"],
        "table": ["customers", "orders", "contacts", "profiles"],
        "record_type": ["shop_customer", "shop_order", "email_contact", "social_profile"],
    }
)
# Records judged pairwise: every record but social profiles, which are judged per link.
SHOP_AND_EMAIL = ["shop_customer", "shop_order", "email_contact"]
IDENTITY_SQL = "select record_type, record_id, customer_id from intermediate.identity_records"


def read_warehouse(warehouse_path: Path, sql: str) -> pl.DataFrame:
    """A query's result, from a read-only connection (a running pipeline may hold the file)."""
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        return pl.from_arrow(connection.sql(sql).to_arrow_table())


def identities_with_true_person(warehouse_path: Path, truth_dir: Path) -> pl.DataFrame:
    """Each identity record (record_type, record_id) with the identity key the warehouse gave it
    and the person it truly belongs to (person_id). Records without a true person (the shop's
    own test orders) are left out."""
    links = true_record_persons(truth_dir)
    identities = read_warehouse(
        warehouse_path,
        "select record_type, record_id, identity_key from intermediate.int_identities_unioned",
    )
    return identities.join(links, on=["record_type", "record_id"], how="inner")


def true_person_per_customer(warehouse_path: Path, truth_dir: Path) -> pl.DataFrame:
    """customer_id → the true person most of its records belong to (ties: the lowest person_id),
    with that person's persona and churned flag from persons.csv."""
    records = identities_with_true_person(warehouse_path, truth_dir)
    customers = read_warehouse(
        warehouse_path, "select identity_key, customer_id from intermediate.int_persons_resolved"
    )
    persons = pl.read_csv(
        Path(truth_dir) / "persons.csv",
        columns=["person_id", "persona", "churned"],
        schema_overrides={"person_id": pl.String, "persona": pl.String, "churned": pl.Boolean},
    )
    return (
        records.join(customers, on="identity_key", how="inner")
        .group_by("customer_id", "person_id")
        .agg(records=pl.len())
        .sort(["customer_id", "records", "person_id"], descending=[False, True, False])
        .unique("customer_id", keep="first", maintain_order=True)
        .join(persons, on="person_id", how="left")
        .select("customer_id", "person_id", "persona", "churned")
    )


def persona_recovery(assignments: pl.DataFrame, truth: pl.DataFrame) -> dict:
    """How well clusters recover the true personas, over customers that have a true person.

    ``assignments`` has customer_id and persona (the assigned name), ``truth`` the output of
    ``true_person_per_customer``. Returns the adjusted Rand index, the number of customers
    compared and a crosstab (assigned persona × true persona, plain counts)."""
    joined = assignments.select("customer_id", "persona").join(
        truth.select("customer_id", true_persona="persona"), on="customer_id", how="inner"
    )
    crosstab = (
        joined.group_by("persona", "true_persona")
        .len()
        .pivot(on="true_persona", index="persona", values="len", sort_columns=True)
        .fill_null(0)
        .sort("persona")
    )
    return {
        "adjusted_rand_index": float(
            adjusted_rand_score(joined["true_persona"].to_list(), joined["persona"].to_list())
        ),
        "customers_compared": joined.height,
        "crosstab": crosstab,
    }


def true_record_persons(truth_dir: Path, unowned: bool = False) -> pl.DataFrame:
    """record_type, record_id, person_id of every record the ground truth assigns a person;
    with ``unowned`` also those it assigns none (person_id null: strangers' profiles)."""
    links = pl.read_csv(Path(truth_dir) / "record_links.csv", infer_schema=False).join(
        RECORD_TYPES, on=["source", "table"], how="inner"
    )
    if not unowned:
        links = links.drop_nulls("person_id")
    return links.select("record_type", "record_id", "person_id")


def pairwise_scores(predicted: pl.DataFrame, truth: pl.DataFrame, record_types: list[str]) -> dict:
    """Pairwise precision and recall of a record → person assignment over the records of
    ``record_types`` that both sides know: of all record pairs put in one person, the share that
    truly are one person (precision), and of all truly-same pairs, the share put together
    (recall). ``predicted``: record_type, record_id, customer_id."""
    joined = predicted.filter(pl.col("record_type").is_in(record_types)).join(
        truth, on=["record_type", "record_id"], how="inner"
    )

    def pairs(*keys: str) -> int:
        sizes = joined.group_by(*keys).len()["len"].cast(pl.Int64)
        return int((sizes * (sizes - 1) // 2).sum())

    together, truly, both = (
        pairs("customer_id"),
        pairs("person_id"),
        pairs("customer_id", "person_id"),
    )
    return {
        "records": joined.height,
        "predicted_pairs": together,
        "true_pairs": truly,
        "precision": both / together if together else 1.0,
        "recall": both / truly if truly else 1.0,
    }


def social_link_scores(predicted: pl.DataFrame, truth: pl.DataFrame) -> dict:
    """Social profiles linked to a person, judged per profile. A profile is linked when its
    customer also holds shop or email records (a profile that is a person of its own links to
    nobody). Precision = share of linked profiles whose customer's shop/email records belong to
    the profile's true owner; recall = share of the profiles of true customers (people with shop
    or email records) that got linked to them. ``predicted``: record_type, record_id,
    customer_id."""
    records = predicted.join(truth, on=["record_type", "record_id"], how="left")
    anchors = records.filter(pl.col("record_type") != "social_profile").drop_nulls("person_id")
    person_of_customer = (
        anchors.group_by("customer_id", "person_id")
        .len()
        .sort(["customer_id", "len", "person_id"], descending=[False, True, False])
        .unique("customer_id", keep="first", maintain_order=True)
        .select("customer_id", anchor_person="person_id")
    )
    linked = records.filter(pl.col("record_type") == "social_profile").join(
        person_of_customer, on="customer_id", how="inner"
    )
    customers = anchors["person_id"].unique()
    linkable = truth.filter(
        (pl.col("record_type") == "social_profile") & pl.col("person_id").is_in(customers.implode())
    )
    correct = int((linked["anchor_person"] == linked["person_id"]).sum())
    return {
        "linked": linked.height,
        "linkable": linkable.height,
        "precision": correct / linked.height if linked.height else 1.0,
        "recall": correct / linkable.height if linkable.height else 1.0,
    }


def identity_scores(warehouse_path: Path, truth_dir: Path) -> dict[str, dict]:
    """Pairwise scores of shop and email records and social link scores of a run's
    identity_records against ``truth_dir``'s record_links.csv."""
    predicted = read_warehouse(warehouse_path, IDENTITY_SQL)
    truth = true_record_persons(truth_dir)
    return {
        "shop_email": pairwise_scores(predicted, truth, SHOP_AND_EMAIL),
        "social": social_link_scores(predicted, truth),
    }
