"""Which shared identifiers are evidence of one person, judged by the names on the records that
carry them, not by how many carry them; and name + address as evidence of its own.

- An identifier whose records give different first names (not a nickname, initials or a typing
  slip of each other: names.py) is a household's, a firm's or a shop's: it links none of them.
  "fam.bos@…" on Marco's and Linda's accounts, the store's phone on three walk-in customers.
- A landline (or a service number) is weak evidence: a household shares it. It links only
  records that all give a name, and names that agree. A mobile or an email is one person's
  unless the names conflict.
- An address an order was confirmed to joins the account it was placed from only when the
  account's name does not conflict with the names of the address's other records: logged in as
  Sanne, an order confirmed to Tom's address does not make Tom's account Sanne's.
- Two shop accounts with the same street and postcode and agreeing names (given name and
  surname, names.py) are one person, with no identifier in common: a second account made with a
  new address. A name alone never links.
"""

from __future__ import annotations

from itertools import combinations

import polars as pl

from pipelines.identity.names import Name, names_agree, names_conflict, parse

NAME_ADDRESS = "name_address:"


def parsed_names(first: pl.Series, last: pl.Series) -> list[Name]:
    """A Name per row, parsed once per distinct (first, last)."""
    distinct = pl.DataFrame({"first": first, "last": last}).unique()
    cache = {pair: parse(*pair) for pair in distinct.iter_rows()}
    return [cache[pair] for pair in zip(first.to_list(), last.to_list(), strict=True)]


def by_evidence(carried: pl.DataFrame) -> pl.DataFrame:
    """``carried``: record_type, record_id, identifier, weak (a landline or service number),
    placed (an address an account's orders were placed with), first_name, last_name (a placed
    address: its account's). Returns the rows allowed to link (record_type, record_id,
    identifier).

    Most identifiers are carried by one record (an account and the orders placed from it count
    as one) or by records of one name: they are judged in columns; names are read only where
    two records share an identifier, and compared name by name only where they differ."""
    node = pl.when(pl.col("placed")).then(pl.lit("shop_customer")).otherwise("record_type")
    carried = carried.with_columns(
        nodes=pl.concat_str(node, pl.lit(":"), pl.col("record_id")).n_unique().over("identifier")
    )
    lone = carried.filter(pl.col("nodes") == 1).select("record_type", "record_id", "identifier")
    shared = carried.filter(pl.col("nodes") > 1)
    names = parsed_names(shared["first_name"], shared["last_name"])
    rows = shared.select("record_type", "record_id", "identifier", "weak", "placed").with_columns(
        given=pl.Series([f"{n.given}|{n.initials}" if n.initials else None for n in names]),
        full_name=pl.Series([bool(n.initials and n.surname) for n in names], dtype=pl.Boolean),
        row=pl.int_range(pl.len(), dtype=pl.UInt32),
    )
    per_identifier = pl.col("identifier")
    judged = rows.with_columns(
        given_names=pl.col("given").n_unique().over(per_identifier)
        - pl.col("given").null_count().over(per_identifier).clip(0, 1),
        weak_unnamed=(pl.col("weak") & ~pl.col("placed") & ~pl.col("full_name"))
        .any()
        .over(per_identifier),
    )
    # One given name (or none) among the carriers: nothing conflicts; a weak identifier still
    # needs every carrier named.
    agreeing = judged.filter(~pl.col("weak_unnamed") & pl.col("given_names").le(1))
    mixed = judged.filter(pl.col("given_names") > 1)
    keep = set(agreeing["row"].to_list())
    for _, group in mixed.group_by("identifier"):
        keep.update(_kept_rows(group, names))
    kept = rows.filter(pl.col("row").is_in(list(keep)))
    return pl.concat([lone, kept.select("record_type", "record_id", "identifier")])


def _kept_rows(group: pl.DataFrame, names: list[Name]) -> list[int]:
    """The rows of one identifier carried by records of different given names."""
    rows, placed = group["row"].to_list(), group["placed"].to_list()
    own = [r for r, p in zip(rows, placed, strict=True) if not p]
    own_names = _distinct_given([names[r] for r in own])
    if any(names_conflict(a, b) for a, b in combinations(own_names, 2)):
        return []
    if group["weak"][0] and any(not names[r].initials or not names[r].surname for r in own):
        return []
    everyone = _distinct_given([names[r] for r in rows])
    kept = list(own)
    for row, is_placed in zip(rows, placed, strict=True):
        if is_placed and not any(names_conflict(names[row], other) for other in everyone):
            kept.append(row)
    return kept


def _distinct_given(names: list[Name]) -> list[Name]:
    return list({(n.given, n.initials): n for n in names if n.initials}.values())


def _compact(text: pl.Expr) -> pl.Expr:
    return text.str.to_uppercase().str.replace_all(r"[^0-9A-Z]", "")


def name_address_links(accounts: pl.DataFrame) -> pl.DataFrame:
    """``accounts``: record_id, first_name, last_name, address1, postcode of shop accounts.
    Returns record_type, record_id, identifier rows joining the accounts at one street and
    postcode whose names agree (one identifier per such pair)."""
    located = accounts.with_columns(
        place=pl.concat_str(
            _compact(pl.col("postcode")),
            pl.lit("|"),
            _compact(pl.col("address1").str.normalize("NFKD").str.replace_all(r"\p{M}", "")),
        )
    ).filter(pl.col("postcode").is_not_null() & pl.col("address1").is_not_null())
    shared = located.filter(pl.len().over("place") > 1).sort("place", "record_id")
    names = parsed_names(shared["first_name"], shared["last_name"])
    ids = shared["record_id"].to_list()
    links = []
    for place_rows in shared.with_row_index("row").group_by(["place"]):
        rows = place_rows[1]["row"].to_list()
        for a, b in combinations(rows, 2):
            if names_agree(names[a], names[b]):
                identifier = f"{NAME_ADDRESS}{ids[a]}|{ids[b]}"
                links += [(ids[a], identifier), (ids[b], identifier)]
    return pl.DataFrame(
        {
            "record_type": pl.Series(["shop_customer"] * len(links), dtype=pl.String),
            "record_id": pl.Series([r for r, _ in links], dtype=pl.String),
            "identifier": pl.Series([i for _, i in links], dtype=pl.String),
        }
    )
