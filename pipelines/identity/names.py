"""Dutch and Belgian personal names as identity compares them, in one place for every matcher.

A name is read into a given name (its full form, if written, and its initials) and a surname
key:
- tussenvoegsels are not part of the key, wherever they stand: "van der Berg", "v.d. Berg",
  "Berg, van der", "Sjoerd ter" + "Horst", "in 't Veld" and "Int Veld" all give `berg`/`horst`/
  `veld` (Dutch sorts and files surnames the same way, on the part after the particles);
- reversed order in one field ("Berg, Jan van der") is read as surname, given name;
- a double surname ("Jansen-de Boer") keeps its parts, and either part matches it;
- accents are folded ("Zoë" = "zoe"), case and punctuation ignored.

Two given names are compatible when they are the same, one is the other's initials ("J." and
"Jan", "A.M." and "Anne-Marie"; "J." and "Hans", a short form of Johannes), they are short and
formal forms of one name (nicknames.csv) or one typing slip apart (Pieter/Piter: one insertion,
deletion, substitution or swap of neighbours, in names of at least 4 letters). Surnames are
compatible when their keys are equal, a double surname's part matches, or they are one slip
apart (at least 5 letters). Different first names that are none of these are a conflict: not
one person.

nicknames.csv lists formal Dutch given names and their usual short forms, picked by hand after
the Meertens Instituut's Nederlandse Voornamenbank (https://www.meertens.knaw.nl/nvb/), which
gives each name's variants and the names it is short for: a small subset, not an export of it.
Add a shop's own as they turn up.

Written here rather than taken from a name parser: nameparser and probablepeople know English
name order, not tussenvoegsels; the one edit distance compared is a few lines.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

NICKNAMES_FILE = Path(__file__).with_name("nicknames.csv")
# Tussenvoegsels and the particles of Belgian, German, French and Arabic surnames; "vd"/"v"/"d"
# as in "v.d.", "int" as in "Int Veld" (in 't). Single letters count only inside a surname.
PARTICLES = frozenset(
    ["van", "de", "der", "den", "het", "t", "te", "ter", "ten", "in", "op", "aan", "bij", "uit",
     "vd", "int", "von", "zu", "la", "le", "du", "des", "da", "di", "del", "el", "al"]
)  # fmt: skip
# Towns known by two names (official and spoken, Dutch and French or English), as features.py's
# town_key writes them (folded, single spaces) → the one name compared.
TOWN_ALIASES = {
    "'s-gravenhage": "den haag",
    "s-gravenhage": "den haag",
    "'s gravenhage": "den haag",
    "the hague": "den haag",
    "la haye": "den haag",
    "'s-hertogenbosch": "den bosch",
    "s-hertogenbosch": "den bosch",
    "'s hertogenbosch": "den bosch",
    "hertogenbosch": "den bosch",
    "alphen a/d rijn": "alphen aan den rijn",
    "alphen a.d. rijn": "alphen aan den rijn",
    "alphen ad rijn": "alphen aan den rijn",
    "alphen a d rijn": "alphen aan den rijn",
    "capelle a/d ijssel": "capelle aan den ijssel",
    "antwerp": "antwerpen",
    "anvers": "antwerpen",
    "bruxelles": "brussel",
    "brussels": "brussel",
    "ghent": "gent",
    "gand": "gent",
    "bruges": "brugge",
    "louvain": "leuven",
    "malines": "mechelen",
    "courtrai": "kortrijk",
    "liege": "luik",
    "aken": "aachen",
    "keulen": "koln",
    "cologne": "koln",
}
MIN_TYPO_GIVEN = 4
MIN_TYPO_SURNAME = 5


@dataclass(frozen=True)
class Name:
    given: str | None  # full given name, letters only ("annemarie"); None when only initials
    initials: str  # "am"; "" when no given name
    surname: tuple[str, ...]  # surname key's parts ("jansen", "boer"); () when unknown


def fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _words(text: str) -> list[str]:
    """Words split on spaces, dots and commas; a hyphenated word stays one ("anne-marie")."""
    return [w for w in re.split(r"[\s.,/]+", fold(text)) if re.search("[a-z]", w)]


def _letters(word: str) -> str:
    return re.sub("[^a-z]", "", word)


def parse(first: str | None, last: str | None) -> Name:
    """The name a record gives in its first- and last-name fields (either may be empty, or hold
    the whole name)."""
    first, last = (first or "").strip(), (last or "").strip()
    if not last and "," in first:  # "Berg, Jan van der"
        last, first = first.split(",", 1)
    elif not last and len(_words(first)) > 1:  # "Jan van der Berg"
        words = first.split()
        first, last = words[0], " ".join(words[1:])
    given_words = _words(first)
    while given_words and _letters(given_words[-1]) in PARTICLES and len(given_words) > 1:
        given_words.pop()  # "Sjoerd ter" + "Horst"
    return Name(*_given(given_words), _surname(last))


def _given(words: list[str]) -> tuple[str | None, str]:
    parts = [[_letters(p) for p in w.split("-") if _letters(p)] for w in words]
    parts = [p for p in parts if p]
    if not parts:
        return None, ""
    initials = "".join(piece[0] for word in parts for piece in word)
    full = [word for word in parts if any(len(piece) > 1 for piece in word)]
    return ("".join(full[0]) if full else None), initials


def _surname(text: str) -> tuple[str, ...]:
    keys = []
    for part in re.split(r"\s*-\s*", fold(text)):
        tokens = re.findall("[a-z]+", part)
        kept = [t for t in tokens if t not in PARTICLES and len(t) > 1]
        if kept:
            keys.append("".join(kept))
    return tuple(keys)


def surname_key(text: str | None) -> str:
    """A surname's key, its parts joined: "van der Berg" → "berg", "Jansen-de Boer" →
    "jansenboer"; "" when there is none."""
    return "".join(_surname(text or ""))


def known_surname(text: str, known: frozenset[str], depth: int = 0) -> str | None:
    """``text`` (letters run together, as in a handle) when it is a known surname key, else the
    key left after its leading tussenvoegsels ("vanderberg", "vdberg" → "berg"), else None."""
    if text in known:
        return text
    if depth < 3:
        for particle in PARTICLES:
            if len(particle) > 1 and text.startswith(particle) and len(text) > len(particle) + 1:
                found = known_surname(text[len(particle) :], known, depth + 1)
                if found:
                    return found
    return None


@cache
def _nickname_groups() -> dict[str, frozenset[int]]:
    groups: dict[str, set[int]] = {}
    with NICKNAMES_FILE.open(encoding="utf-8", newline="") as file:
        for number, row in enumerate(csv.DictReader(file)):
            for name in [row["formal"], *row["short_forms"].split()]:
                groups.setdefault(_letters(fold(name)), set()).add(number)
    return {name: frozenset(numbers) for name, numbers in groups.items()}


def one_slip_apart(a: str, b: str) -> bool:
    """At most one insertion, deletion, substitution or swap of neighbours (Damerau)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    rest_a, rest_b = a[start:], b[start:]
    return (
        rest_a[1:] == rest_b[1:]  # substitution
        or rest_a[1:] == rest_b  # deletion
        or rest_a == rest_b[1:]  # insertion
        or (len(rest_a) > 1 and rest_a[:2] == rest_b[1::-1] and rest_a[2:] == rest_b[2:])
    )


def given_compatible(a: Name, b: Name) -> bool | None:
    """Whether two given names can be one person's; None when either is unknown."""
    if not a.initials or not b.initials:
        return None
    if a.given and b.given:
        if a.given == b.given:
            return True
        groups = _nickname_groups()
        if groups.get(a.given, frozenset()) & groups.get(b.given, frozenset()):
            return True
        short = min(len(a.given), len(b.given))
        return short >= MIN_TYPO_GIVEN and one_slip_apart(a.given, b.given)
    if a.given or b.given:  # initials against a written name, or one of its variants
        written, initials = (a, b) if a.given else (b, a)
        return initials.initials[0] in {name[0] for name in _variants(written.given)}
    shorter, longer = sorted((a.initials, b.initials), key=len)
    return longer.startswith(shorter)


def _variants(given: str) -> set[str]:
    """A given name and its formal and short forms ("hans": johannes, jan, joop, …)."""
    groups = _nickname_groups().get(given, frozenset())
    return {given} | {name for name, numbers in _nickname_groups().items() if numbers & groups}


def surname_compatible(a: Name, b: Name) -> bool | None:
    """Whether two surnames can be one person's; None when either is unknown."""
    if not a.surname or not b.surname:
        return None
    if set(a.surname) & set(b.surname) or "".join(a.surname) == "".join(b.surname):
        return True
    return any(
        min(len(x), len(y)) >= MIN_TYPO_SURNAME and one_slip_apart(x, y)
        for x in a.surname
        for y in b.surname
    )


def names_agree(a: Name, b: Name) -> bool:
    """Both names known in full (given name and surname) and compatible."""
    return bool(given_compatible(a, b)) and bool(surname_compatible(a, b))


def names_conflict(a: Name, b: Name) -> bool:
    """Different first names that are no variant of each other: two people. A surname alone
    never conflicts (a maiden name on one record, a married name on another)."""
    return given_compatible(a, b) is False
