"""What a social profile and a known person say about a name and a town, in comparable form.

A profile rarely states a name plainly: "Anna de Vries", "ANNA | wonen", "annadevries",
"wonen.anna", "anna_devries42". It is read against gazetteers built from the shop's own
customers and list members (the names and towns a profile could possibly match): the first
token that is a known first name is the first name; the tokens after it (or before it, as in
"devries.anna") joined are the surname when they form a known surname (tussenvoegsels left
out as names.py leaves them out: "Jan vd Berg" and "jan.vanderberg" give `berg`); a
run-together token is split into a known first name and a known surname. A town is the location
field when it names a known town (under one name: "'s-Gravenhage" is "den haag"), else the
longest known town named in the bio. Email local parts of buyers who never gave a name are read
the same way.

Written here rather than taken from a library: name parsers (nameparser, probablepeople) read
full names in formal order and know nothing of handles, run-together tokens or a shop's own
vocabulary. The parser runs once per distinct text, so its cost grows with the number of
distinct handles and names, not with rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from pipelines.identity.names import TOWN_ALIASES, known_surname
from pipelines.identity.names import surname_key as surname_key_of

# Shorter first names split run-together handles too eagerly ("el" + "isemeijer").
MIN_SPLIT_FIRST_NAME = 3


def name_key(text: pl.Expr) -> pl.Expr:
    """Lower-case ASCII letters only, accents dropped ("Zoë de Wit" → "zoedewit")."""
    return folded(text).str.replace_all("[^a-z]", "")


def surname_key(text: pl.Expr) -> pl.Expr:
    """A surname as compared: without tussenvoegsels, wherever they stand ("van der Berg",
    "v.d. Berg", "Berg, van der" → "berg": names.surname_key), computed once per distinct text."""
    return text.map_batches(_surname_keys, return_dtype=pl.String)


def _surname_keys(texts: pl.Series) -> pl.Series:
    keys = {text: surname_key_of(text) for text in texts.drop_nulls().unique().to_list()}
    return texts.replace_strict(keys, default=None, return_dtype=pl.String)


def folded(text: pl.Expr) -> pl.Expr:
    """Lower case with accents removed, everything else kept."""
    return text.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_lowercase()


def name_tokens(text: pl.Expr) -> pl.Expr:
    """The runs of letters in a text, in order ("ANNA | wonen 🌿" → ["anna", "wonen"])."""
    return folded(text).str.extract_all("[a-z]+")


def town_key(text: pl.Expr) -> pl.Expr:
    """A town as compared: folded, trimmed, whitespace collapsed ("Den  Haag" → "den haag"), and
    under one name where it has two ("'s-Gravenhage" → "den haag": names.TOWN_ALIASES)."""
    key = folded(text).str.strip_chars().str.replace_all(r"\s+", " ")
    return key.replace(TOWN_ALIASES)


@dataclass(frozen=True)
class Gazetteer:
    """The first names, surnames and towns of the shop's known persons, as keys."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    towns: frozenset[str]

    @classmethod
    def of(cls, first: Iterable[str | None], last: Iterable[str | None], towns: Iterable):
        keep = lambda values: frozenset(v for v in values if v)  # noqa: E731
        return cls(keep(first), keep(last), keep(towns))


def parse_name(tokens: list[str] | None, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """(first name key, surname key) read from a text's letter runs; None where not found."""
    if not tokens:
        return None, None
    firsts, lasts = gazetteer.first_names, gazetteer.surnames
    for at, token in enumerate(tokens):
        if token in firsts:
            after, before = "".join(tokens[at + 1 :]), "".join(tokens[:at])
            surname = known_surname(after, lasts) or known_surname(before, lasts)
            return token, surname
    for token in tokens:
        split = _split_run_together(token, gazetteer)
        if split:
            return split
    # No first name (an initial, "a.devries"): the surname alone, if a token is one.
    surname = next((known_surname(t, lasts) for t in tokens if known_surname(t, lasts)), None)
    return None, surname


def _split_run_together(token: str, gazetteer: Gazetteer) -> tuple[str, str] | None:
    """ "annadevries" → ("anna", "devries"): the longest known first name followed by a known
    surname."""
    for cut in range(len(token) - 2, MIN_SPLIT_FIRST_NAME - 1, -1):
        first, rest = token[:cut], token[cut:]
        surname = known_surname(rest, gazetteer.surnames)
        if first in gazetteer.first_names and surname:
            return first, surname
    return None


def parsed_names(texts: pl.Series, gazetteer: Gazetteer) -> pl.DataFrame:
    """first_name and surname keys for each text, parsed once per distinct text."""
    frame = pl.DataFrame({"text": texts})
    distinct = frame.unique("text").with_columns(tokens=name_tokens(pl.col("text")))
    parsed = [parse_name(tokens, gazetteer) for tokens in distinct["tokens"].to_list()]
    distinct = distinct.with_columns(
        first_name=pl.Series([p[0] for p in parsed], dtype=pl.String),
        surname=pl.Series([p[1] for p in parsed], dtype=pl.String),
    )
    return frame.join(distinct, on="text", how="left", nulls_equal=True).select(
        "first_name", "surname"
    )


def known_town(location: pl.Series, bio: pl.Series, gazetteer: Gazetteer) -> pl.Series:
    """The location when it names a known town, else the longest known town named in the bio
    (as one to three consecutive words), else null."""
    stated = town_key(location)
    words = folded(bio).str.extract_all(r"[\w'-]+")
    frame = pl.DataFrame({"location": location, "bio": bio}).with_row_index("row")
    frame = frame.with_columns(stated=stated, words=words)
    towns = pl.Series(sorted(gazetteer.towns), dtype=pl.String)
    named = (
        frame.select("row", "words")
        .explode("words")
        .with_columns(at=pl.int_range(pl.len()).over("row"))
    )
    grams = pl.concat(
        [
            named.with_columns(
                gram=pl.concat_str(
                    [pl.col("words").shift(-k).over("row") for k in range(n)], separator=" "
                ).replace(TOWN_ALIASES),
                length=pl.lit(n),
            )
            for n in (1, 2, 3)
        ]
    ).filter(pl.col("gram").is_in(towns.implode()))
    in_bio = grams.sort("row", "length", descending=[False, True]).unique("row", keep="first")
    return (
        frame.join(in_bio.select("row", bio_town="gram"), on="row", how="left")
        .sort("row")
        .select(
            pl.when(pl.col("stated").is_in(towns.implode()))
            .then(pl.col("stated"))
            .otherwise(pl.col("bio_town"))
            .alias("town")
        )
        .to_series()
    )
