"""What social profiles say about themselves, and what people write to the brand."""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.demo import rates, vocab
from pipelines.demo.draw import categorical, pick
from pipelines.demo.people import People, slug
from pipelines.demo.variants import email_variants

_WORDS = ("interieur", "homestyle", "wonen", "styling", "plantlady", "diy", "thuis", "woonliefde")
_EMOJI = ("🌿", "✨", "🏡", "☕", "🌸", "💛")


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.strip().splitlines())


_BIOS = _lines("""
    Mama van 2 | Wonen & DIY
    Interieurliefhebber uit {city}
    Plantjes, koffie en mooie spullen ☕
    Fotografie • Styling • {city}
    Wonen, koken en reizen
    Altijd aan het verbouwen 🔨
    Vintage, tweedehands en nieuw
""")
_COMMENTS = _lines("""
    Wat mooi! 😍
    Is deze ook in het groen verkrijgbaar?
    Prachtig, ik heb hem net besteld
    Jammer, weer uitverkocht.
    Hoe groot is deze vaas precies?
    Staat zo mooi bij ons in de kamer!
    Mooi, maar wel prijzig
""")
_MENTIONS = _lines("""
    Mijn nieuwe lamp van @{shop} 💛
    Zondag, koffie en een plaid van @{shop}
    Eindelijk af, met dank aan @{shop}!
    Kijk wat de postbode bracht @{shop}
""")
_MESSAGES = _lines("""
    Hoi, mijn bestelling is nog niet binnen. Kunnen jullie even kijken?
    Hebben jullie de plaid ook in een grotere maat?
    Is de winkel zondag open?
    Ik wil graag iets ruilen, hoe werkt dat?
    Mijn kortingscode werkt niet, wat doe ik fout?
""")


def _choose(rng, options: tuple[str, ...], n: int) -> pl.Series:
    return pick(options, rng.integers(0, len(options), n))


def _names(rng, people: People, person: np.ndarray) -> pl.DataFrame:
    """Owners' real names; strangers get names of their own from the same vocabularies."""
    n = len(person)
    first = _choose(rng, vocab.FIRST_NAMES_FEMALE + vocab.FIRST_NAMES_MALE, n)
    last = _choose(rng, tuple(s for _, s in vocab.COMMON_SURNAMES) + vocab.RARE_SURNAMES, n)
    town = _choose(rng, vocab.BIG_TOWNS + vocab.SMALL_TOWNS, n)
    own = people.identity[np.maximum(person, 0)]
    owned = pl.Series(person >= 0)
    return pl.DataFrame({"owned": owned, "fn": first, "ln": last, "town": town}).select(
        pl.when("owned").then(own["first_name"]).otherwise("fn").alias("first_name"),
        pl.when("owned").then(own["last_name"]).otherwise("ln").alias("last_name"),
        pl.when("owned").then(own["city"]).otherwise("town").alias("city"),
        pl.when("owned").then(own["email"]).alias("email"),
        "owned",
    )


def handle_keys(platform: np.ndarray, handle: pl.Series) -> pl.Series:
    """A handle with its platform: the key that is unique among all profiles."""
    return pl.Series(platform).cast(pl.String) + ":" + handle


def _handles(rng, names: pl.DataFrame, platform: np.ndarray, taken: pl.Series) -> pl.Series:
    n = len(names)
    parts = names.select(
        slug(pl.col("first_name")).alias("f"), slug(pl.col("last_name")).alias("l")
    ).with_columns(
        pl.Series("nn", rng.integers(1, 100, n)).cast(pl.String),
        _choose(rng, _WORDS, n).alias("w"),
        pl.Series("k", categorical(rng, [25, 20, 15, 15, 15, 10], n)),
        pl.Series("p", platform),
    )
    forms = (pl.col("f") + pl.col("l"), pl.col("f") + "." + pl.col("l"),
             pl.col("f") + "_" + pl.col("l") + pl.col("nn"), pl.col("f") + pl.col("nn"),
             pl.col("w") + "." + pl.col("f"), pl.col("f") + "_" + pl.col("w"))  # fmt: skip
    handle = pl.lit(None, dtype=pl.String)
    for k, form in enumerate(forms):
        handle = pl.when(pl.col("k") == k).then(form).otherwise(handle)
    parts = parts.with_columns(handle.alias("h"))
    # Handles are unique per platform, also against ``taken`` (handle_keys of earlier blocks of
    # persons): a taken one gets digits, as sign-up forms suggest.
    key = pl.col("p").cast(pl.String) + ":" + pl.col("h")
    while True:
        clash = parts.select(
            (pl.int_range(pl.len()).over("p", "h") > 0) | key.is_in(taken)
        ).to_series()
        if not clash.any():
            return parts["h"]
        digits = pl.Series(rng.integers(1, 1000, n)).cast(pl.String)
        parts = parts.with_columns(pl.when(clash).then(pl.col("h") + digits).otherwise("h"))


def profile_texts(
    rng, people: People, person: np.ndarray, platform: np.ndarray, taken_handles: pl.Series
) -> pl.DataFrame:
    """handle, display_name, location, bio and email of every profile."""
    n = len(person)
    names = _names(rng, people, person)
    handle = _handles(rng, names, platform, taken_handles)
    owned_share, stranger_share = rates.OWNED_PROFILE_EMAIL_SHARE, rates.UNOWNED_PROFILE_EMAIL_SHARE
    frame = names.with_columns(
        handle.alias("handle"),
        pl.Series("d", categorical(rng, [40, 25, 15, 10, 10], n)),
        pl.Series("loc", categorical(rng, [45, 15, 10, 30], n)),
        _choose(rng, _EMOJI, n).alias("emoji"),
        _choose(rng, _WORDS, n).alias("word"),
        _choose(rng, _BIOS, n).alias("bio_template"),
        pl.Series("has_bio", rng.random(n) < 0.7),
        email_variants(rng, names["email"].fill_null("")).alias("typed"),
        pl.Series("show", rng.random(n) < np.where(person >= 0, owned_share, stranger_share)),
        pl.Series("nn", rng.integers(10, 1000, n)).cast(pl.String),
        _choose(rng, vocab.EMAIL_DOMAINS, n).alias("domain"),
    )
    # A stranger's address has two dots in its local part, a form no person's address takes.
    stranger_email = pl.concat_str(
        slug(pl.col("first_name")), pl.lit("."), slug(pl.col("last_name")), pl.lit("."),
        pl.col("nn"), pl.lit("@"), pl.col("domain"),
    )  # fmt: skip
    first = pl.col("first_name")
    display_name = (
        pl.when(pl.col("d") == 0)
        .then(first + " " + pl.col("last_name"))
        .when(pl.col("d") == 1)
        .then(first)
        .when(pl.col("d") == 2)
        .then(first + " " + pl.col("emoji"))
        .when(pl.col("d") == 3)
        .then(first.str.to_uppercase() + " | " + pl.col("word"))
        .otherwise(pl.col("handle"))
    )
    location = (
        pl.when(pl.col("loc") == 0)
        .then(pl.col("city"))
        .when(pl.col("loc") == 1)
        .then(pl.lit("Nederland"))
        .when(pl.col("loc") == 2)
        .then(pl.lit("NL 🇳🇱"))
    )
    bio = pl.col("bio_template").str.replace("{city}", pl.col("city"), literal=True)
    email = (
        pl.when(pl.col("show") & pl.col("owned"))
        .then(pl.col("typed"))
        .when(pl.col("show"))
        .then(stranger_email)
    )
    return frame.select(
        "handle",
        display_name.alias("display_name"),
        location.alias("location"),
        pl.when("has_bio").then(bio).alias("bio"),
        email.alias("email"),
    )


def interaction_texts(rng, kind: np.ndarray) -> pl.Series:
    """Text of comments (2), mentions (4) and direct messages (5); blank for the rest."""
    n = len(kind)
    mention = _choose(rng, _MENTIONS, n).str.replace("{shop}", vocab.SHOP_HANDLE, literal=True)
    frame = pl.DataFrame({"k": kind})
    return frame.select(
        pl.when(pl.col("k") == 2)
        .then(_choose(rng, _COMMENTS, n))
        .when(pl.col("k") == 4)
        .then(mention)
        .when(pl.col("k") == 5)
        .then(_choose(rng, _MESSAGES, n))
        .alias("text")
    ).to_series()
