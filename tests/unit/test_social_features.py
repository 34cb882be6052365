"""Reading names and towns out of social profiles and email addresses (identity/social)."""

import polars as pl
import pytest

from pipelines.identity.social.features import (
    Gazetteer,
    known_town,
    name_key,
    parse_name,
    parsed_names,
)

GAZETTEER = Gazetteer.of(
    first=["anna", "ann", "el", "elise", "sil"],
    last=["devries", "meijer", "vandenberg", "janssen"],
    towns=["den haag", "oud-beijerland", "ee", "amsterdam"],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna de Vries", ("anna", "devries")),  # display name, particle joined
        ("ANNA | wonen", ("anna", None)),  # a word after the name is no surname
        ("Anna 🌿", ("anna", None)),
        ("anna.devries", ("anna", "devries")),
        ("anna_devries42", ("anna", "devries")),
        ("annadevries", ("anna", "devries")),  # run together: longest first name that fits
        ("elisemeijer", ("elise", "meijer")),  # not "el" + "isemeijer"
        ("wonen.anna", ("anna", None)),
        ("devries.anna", ("anna", "devries")),  # surname first, as in l.f addresses
        ("a.devries", (None, "devries")),  # an initial
        ("anna85", ("anna", None)),
        ("Zoë", (None, None)),  # unknown name
        ("", (None, None)),
    ],
)
def test_parse_name_reads_display_names_handles_and_addresses(text, expected):
    tokens = pl.select(pl.lit(text).str.to_lowercase().str.extract_all("[a-z]+")).item()
    assert parse_name(list(tokens), GAZETTEER) == expected


def test_parsed_names_folds_accents_and_keeps_row_order():
    texts = pl.Series(["Sil Janssen", None, "Élise Meijer", "Sil Janssen"])
    parsed = parsed_names(texts, GAZETTEER)
    assert parsed.rows() == [
        ("sil", "janssen"),
        (None, None),
        ("elise", "meijer"),
        ("sil", "janssen"),
    ]


def test_name_key_is_letters_only_without_accents():
    keys = pl.select(name_key(pl.lit("Zoë van den Berg-Smit")).alias("k")).item()
    assert keys == "zoevandenbergsmit"


def test_known_town_prefers_the_location_then_the_longest_town_in_the_bio():
    location = pl.Series(["Amsterdam", "Nederland", None, None, "NL 🇳🇱"])
    bio = pl.Series(
        [
            "Wonen in Den Haag",  # the stated location wins
            "Fotografie • Styling • Den Haag",
            "Interieurliefhebber uit Oud-Beijerland",
            "Koffie en meer",  # "ee" is inside words, not a word of its own
            None,
        ]
    )
    towns = known_town(location, bio, GAZETTEER)
    assert towns.to_list() == ["amsterdam", "den haag", "oud-beijerland", None, None]
