"""The two sides of social matching: every social profile, and every known person (a component
of the identity graph holding at least one shop or email record), with comparable name and town
keys (features.py)."""

from __future__ import annotations

import polars as pl

from pipelines.identity.social.features import (
    Gazetteer,
    known_town,
    name_key,
    parsed_names,
    surname_key,
    town_key,
)

PROFILES_SQL = """
    select social_profile_id as record_id, handle, display_name, location, bio
    from staging.stg_social__profiles
"""
# Names and towns the shop and the email platform hold for their records.
NAMED_RECORDS_SQL = """
    select 'shop_customer' as record_type, shop_customer_id as record_id, first_name, last_name,
        city
    from staging.stg_shop__customers
    union all
    select 'email_contact', email_contact_id, first_name, last_name, null
    from staging.stg_email__contacts
"""
COMPARED = ("first_name", "surname", "town")


def gazetteer_of(named: pl.DataFrame) -> Gazetteer:
    keys = named.select(
        name_key(pl.col("first_name")).alias("first"),
        surname_key(pl.col("last_name")).alias("last"),
        town_key(pl.col("city")).alias("town"),
    )
    return Gazetteer.of(keys["first"], keys["last"], keys["town"])


def person_features(
    records: pl.DataFrame, named: pl.DataFrame, gazetteer: Gazetteer
) -> pl.DataFrame:
    """One row per person (graph component with a shop or email record): its most frequent
    first name, surname and town. A person who never gave a name (a guest buyer) is read from
    the local part of their address ("anna.devries@…").

    ``records``: record_type, record_id, component, matching_email, weight for every address a
    graph record shows (an account shows its own and those its orders were placed with); a name
    stated on a record counts once, a name read from an address counts ``weight`` times."""
    anchors = records.filter(pl.col("record_type") != "social_profile")
    stated = named.select(
        "record_type",
        "record_id",
        first_name=pl.when(name_key(pl.col("first_name")) != "").then(
            name_key(pl.col("first_name"))
        ),
        surname=pl.when(surname_key(pl.col("last_name")) != "").then(
            surname_key(pl.col("last_name"))
        ),
        town=pl.when(town_key(pl.col("city")) != "").then(town_key(pl.col("city"))),
    )
    stated_rows = (
        anchors.select("record_type", "record_id", "component")
        .unique()
        .join(stated, on=["record_type", "record_id"])
        .with_columns(weight=pl.lit(1, dtype=pl.Int64))
    )
    local = anchors["matching_email"].str.extract(r"^([^@]+)@", 1)
    from_address = parsed_names(local, gazetteer).rename(
        {"first_name": "address_first_name", "surname": "address_surname"}
    )
    address_rows = pl.concat([anchors, from_address], how="horizontal")
    persons = anchors.select("component").unique()
    for rows, columns in (
        (stated_rows, ("first_name", "surname", "town")),
        (address_rows, ("address_first_name", "address_surname")),
    ):
        for column in columns:
            persons = persons.join(_most_frequent(rows, column), on="component", how="left")
    return persons.select(
        pl.col("component").cast(pl.String).alias("unique_id"),
        pl.coalesce("first_name", "address_first_name").alias("first_name"),
        pl.coalesce("surname", "address_surname").alias("surname"),
        "town",
    ).sort("unique_id")


def profile_features(profiles: pl.DataFrame, gazetteer: Gazetteer) -> pl.DataFrame:
    """One row per social profile: first name and surname from the display name, filled in from
    the handle; town from the location or the bio."""
    shown = parsed_names(profiles["display_name"], gazetteer)
    handle = parsed_names(profiles["handle"], gazetteer)
    return pl.DataFrame(
        {
            "unique_id": profiles["record_id"],
            "first_name": shown["first_name"].fill_null(handle["first_name"]),
            "surname": shown["surname"].fill_null(handle["surname"]),
            "town": known_town(profiles["location"], profiles["bio"], gazetteer),
        }
    )


def _most_frequent(rows: pl.DataFrame, column: str) -> pl.DataFrame:
    """component and its most frequent non-null ``column``, each row counting ``weight`` times
    (ties: the longest, so "jan" beats the initial "j"; then the smallest, so re-runs agree)."""
    counts = (
        rows.drop_nulls(column)
        .group_by("component", column)
        .agg(pl.col("weight").sum().alias("count"))
        .with_columns(length=pl.col(column).str.len_chars())
    )
    ranked = counts.sort(
        ["component", "count", "length", column], descending=[False, True, True, False]
    )
    return ranked.unique("component", keep="first", maintain_order=True).drop("count", "length")
