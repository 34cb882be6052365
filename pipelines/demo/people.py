"""The true persons behind the demo shop's records: who they are and how they behave."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.demo import vocab
from pipelines.demo.clock import DAY, MISSING, Period
from pipelines.demo.draw import categorical, categorical_rows, pick
from pipelines.demo.personas import PERSONAS, attribute

# Local parts of personal addresses: (pattern, weight); f = first name, l = surname, i = initial.
_EMAIL_PATTERNS = (
    ("{f}.{l}", 30), ("{f}{l}", 15), ("{i}{l}", 12), ("{f}_{l}", 5), ("{f}.{l}{yy}", 10),
    ("{f}{yy}", 10), ("{l}.{f}", 5), ("{f}{l}{nn}", 8), ("{i}.{l}", 5),
)  # fmt: skip
_POSTCODE_LETTERS = "ABCDEGHJKLMNPRTVWXZ"
# Share of buyers whose first purchase comes in the shop's launch wave, and that wave's mean age.
LAUNCH_WAVE_SHARE = 0.35
LAUNCH_WAVE_DAYS = 45


@dataclass(frozen=True)
class People:
    persona: np.ndarray  # index into PERSONAS
    is_buyer: np.ndarray
    rate: np.ndarray  # purchases per day while alive
    dropout: np.ndarray  # chance to drop out after each purchase
    join: np.ndarray  # first purchase instant; MISSING for people who never buy
    category_weights: np.ndarray  # (n, 8)
    channel_weights: np.ndarray  # (n, 3): web, app, store
    open_rate: np.ndarray
    click_rate: np.ndarray
    # first_name, last_name, email (canonical, lower case), phone (06 + 8 digits), street,
    # house_number, postcode, city, country
    identity: pl.DataFrame

    @property
    def n(self) -> int:
        return len(self.persona)


def _beta_around(rng: np.random.Generator, mean: np.ndarray, concentration: float) -> np.ndarray:
    m = np.clip(mean, 0.005, 0.995)
    return rng.beta(m * concentration, (1 - m) * concentration)


def _names(rng: np.random.Generator, n: int) -> pl.DataFrame:
    female = rng.random(n) < 0.5
    first = pl.select(
        pl.when(pl.Series(female))
        .then(pick(vocab.FIRST_NAMES_FEMALE, rng.integers(0, len(vocab.FIRST_NAMES_FEMALE), n)))
        .otherwise(pick(vocab.FIRST_NAMES_MALE, rng.integers(0, len(vocab.FIRST_NAMES_MALE), n)))
    ).to_series()
    # Common surnames follow a Zipf-like curve; three in ten people carry a rarer name.
    common = categorical(rng, 1 / (np.arange(len(vocab.COMMON_SURNAMES)) + 4), n)
    particle = pick([p for p, _ in vocab.COMMON_SURNAMES], common)
    stem = pick([s for _, s in vocab.COMMON_SURNAMES], common)
    rare = pick(vocab.RARE_SURNAMES, rng.integers(0, len(vocab.RARE_SURNAMES), n))
    is_rare = pl.Series(rng.random(n) < 0.3)
    frame = pl.DataFrame({"first_name": first, "particle": particle, "stem": stem})
    return frame.with_columns(
        pl.when(is_rare).then(pl.lit("")).otherwise(pl.col("particle")).alias("particle"),
        pl.when(is_rare).then(rare).otherwise(pl.col("stem")).alias("stem"),
    ).with_columns(
        pl.when(pl.col("particle") == "")
        .then(pl.col("stem"))
        .otherwise(pl.col("particle") + " " + pl.col("stem"))
        .alias("last_name")
    )


def slug(expr: pl.Expr) -> pl.Expr:
    """Lower-case ASCII letters only: how a name turns up in an address or a handle."""
    folded = expr.str.to_lowercase().str.replace_many(
        list(vocab.ASCII_FOLD), list(vocab.ASCII_FOLD.values())
    )
    return folded.str.replace_all("[^a-z]", "")


def mailboxes(emails: pl.Expr) -> pl.Expr:
    """The mailbox an address reaches: Gmail ignores dots, so "j.vandijk" and "jvandijk" are
    one Gmail mailbox."""
    local, domain = (
        emails.str.split_exact("@", 1).struct[0],
        emails.str.split_exact("@", 1).struct[1],
    )
    return (
        pl.when(domain == "gmail.com")
        .then(local.str.replace_all(".", "", literal=True))
        .otherwise(local)
        + "@"
        + domain
    )


def _emails(rng: np.random.Generator, names: pl.DataFrame, taken: pl.Series) -> pl.Series:
    n = len(names)
    pattern = categorical(rng, [w for _, w in _EMAIL_PATTERNS], n)
    parts = names.select(
        slug(pl.col("first_name")).alias("f"),
        slug(pl.col("particle") + pl.col("stem")).alias("l"),
        pl.Series("yy", rng.integers(60, 106, n) % 100).cast(pl.String).str.zfill(2),
        pl.Series("nn", rng.integers(1, 1000, n)).cast(pl.String),
        pl.Series("p", pattern),
    ).with_columns(pl.col("f").str.slice(0, 1).alias("i"))
    local = pl.lit(None, dtype=pl.String)
    for k, (template, _) in enumerate(_EMAIL_PATTERNS):
        pieces = [
            pl.col(tok[1:-1]) if tok.startswith("{") else pl.lit(tok)
            for tok in template.replace("{", "\0{").replace("}", "}\0").split("\0")
            if tok
        ]
        local = pl.when(pl.col("p") == k).then(pl.concat_str(pieces)).otherwise(local)
    domain = pick(vocab.EMAIL_DOMAINS, categorical(rng, vocab.EMAIL_DOMAIN_WEIGHTS, n))
    emails = parts.select(local.alias("local")).with_columns(domain.alias("domain"))
    # Mailboxes are unique per person, also against ``taken`` (the mailboxes of earlier blocks
    # of persons): a clash gets digits appended, as a mail provider would.
    mailbox = mailboxes(pl.col("local") + "@" + pl.col("domain"))
    while True:
        clash = emails.select(
            (mailbox.is_duplicated() & (pl.int_range(pl.len()).over(mailbox) > 0))
            | mailbox.is_in(taken)
        ).to_series()
        if not clash.any():
            return emails.select(pl.col("local") + "@" + pl.col("domain")).to_series()
        digits = pl.Series(rng.integers(2, 100, n)).cast(pl.String)
        emails = emails.with_columns(
            pl.when(clash).then(pl.col("local") + digits).otherwise(pl.col("local"))
        )


def _addresses(rng: np.random.Generator, n: int) -> pl.DataFrame:
    country = categorical(rng, [94, 4, 2], n)
    big = categorical(rng, 1 / (np.arange(len(vocab.BIG_TOWNS)) + 2), n)
    nl_town = pl.select(
        pl.when(pl.Series(rng.random(n) < 0.55))
        .then(pick(vocab.BIG_TOWNS, big))
        .otherwise(pick(vocab.SMALL_TOWNS, rng.integers(0, len(vocab.SMALL_TOWNS), n)))
    ).to_series()
    letters = np.frombuffer(_POSTCODE_LETTERS.encode(), dtype=np.uint8)
    pair = letters[rng.integers(0, len(letters), (n, 2))].view("S2").ravel()
    nl_postcode = (
        pl.Series(rng.integers(1000, 10000, n)).cast(pl.String)
        + " "
        + pl.Series(pair).cast(pl.String)
    )
    house = pl.Series(rng.integers(1, 200, n)).cast(pl.String)
    addition = pick(
        ["", "", "", "", "", "", "", "a", "b", "-2", "-1", " bis"], rng.integers(0, 12, n)
    )
    street = pick(vocab.STREET_STEMS, rng.integers(0, len(vocab.STREET_STEMS), n)) + pick(
        vocab.STREET_SUFFIXES, rng.integers(0, len(vocab.STREET_SUFFIXES), n)
    )
    frame = pl.DataFrame({"c": country, "nl_town": nl_town, "nl_postcode": nl_postcode})
    return frame.select(
        street.alias("street"),
        (house + addition).alias("house_number"),
        pl.when(pl.col("c") == 0)
        .then(pl.col("nl_postcode"))
        .when(pl.col("c") == 1)
        .then(pl.Series(rng.integers(1000, 10000, n)).cast(pl.String))
        .otherwise(pl.Series(rng.integers(10000, 100000, n)).cast(pl.String))
        .alias("postcode"),
        pl.when(pl.col("c") == 0)
        .then(pl.col("nl_town"))
        .when(pl.col("c") == 1)
        .then(pick(vocab.BELGIAN_TOWNS, rng.integers(0, len(vocab.BELGIAN_TOWNS), n)))
        .otherwise(pick(vocab.GERMAN_TOWNS, rng.integers(0, len(vocab.GERMAN_TOWNS), n)))
        .alias("city"),
        pick(["NL", "BE", "DE"], country).alias("country"),
    )


def build_people(
    rng: np.random.Generator, n: int, period: Period, taken: pl.Series | None = None
) -> People:
    """``n`` persons whose mailboxes differ from each other and from ``taken``."""
    persona = categorical(rng, [p.share for p in PERSONAS], n)
    is_buyer = rng.random(n) < attribute("buyer_share", persona)
    shape = attribute("rate_shape", persona)
    per_year = rng.gamma(shape, attribute("purchases_per_year", persona) / shape)
    dropout = rng.beta(
        np.array([p.dropout[0] for p in PERSONAS])[persona],
        np.array([p.dropout[1] for p in PERSONAS])[persona],
    )
    # Buyers join all through the period; a launch wave joins in its first months.
    span = period.end - period.start
    launch = rng.random(n) < LAUNCH_WAVE_SHARE
    offset = np.where(launch, rng.exponential(LAUNCH_WAVE_DAYS * DAY, n), rng.random(n) * span)
    join = period.start + np.minimum(offset, span - 1).astype(np.int64)
    categories = np.array([p.categories for p in PERSONAS], dtype=float)[persona]
    channels = np.array([p.channels for p in PERSONAS], dtype=float)[persona]
    names = _names(rng, n)
    identity = pl.concat(
        [
            names.select("first_name", "last_name"),
            pl.DataFrame(
                {
                    "email": _emails(
                        rng, names, pl.Series(dtype=pl.String) if taken is None else taken
                    )
                }
            ),
            pl.DataFrame(
                {"phone": "06" + pl.Series(rng.integers(10**7, 10**8, n)).cast(pl.String)}
            ),
            _addresses(rng, n),
        ],
        how="horizontal",
    )
    return People(
        persona=persona,
        is_buyer=is_buyer,
        rate=np.where(is_buyer, per_year / 365.25, 0.0),
        dropout=dropout,
        join=np.where(is_buyer, join, MISSING),
        category_weights=categories * rng.gamma(1.5, 1.0, categories.shape),
        channel_weights=channels * rng.gamma(3.0, 1.0, channels.shape),
        open_rate=_beta_around(rng, attribute("open_rate", persona), 6.0),
        click_rate=_beta_around(rng, attribute("click_rate", persona), 6.0),
        identity=identity,
    )


def choose_channel(rng: np.random.Generator, people: People, person: np.ndarray) -> np.ndarray:
    """Sales channel of each purchase (0 web, 1 app, 2 store), by the buyer's own mix."""
    return categorical_rows(rng, people.channel_weights[person])
