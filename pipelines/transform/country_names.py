"""Country codes and names in their common forms → ISO 3166-1 alpha-2, as the dbt seed
``country_names.csv`` that staging joins on (stg_shop__customers; docs/sources.md#countries).

Generated from two well-kept libraries, not typed by hand: pycountry (Debian's iso-codes: the
ISO 3166-1 codes, names, official and common names, with their translations) and babel
(Unicode CLDR: territory names per language, and its territory aliases — ``UK`` for GB, the
alpha-3 and numeric codes). A subdivision ISO 3166-2 types a "country" (England, Scotland,
Wales) names its country too. Names in LANGUAGES only: a name in any of the hundreds of other
languages would make the seed large for forms a shop's export does not hold.

A form's key (``name_key``, the same in SQL: macros/country_name_key.sql) is lower case with dots
and apostrophes dropped, any other run of non-letters a space, and a leading "the " dropped:
"The Netherlands", "U.K." and "united  kingdom" are found. Each name is also keyed without its
accents ("Belgie", "Osterreich"). Codes come before English names, English names before other
languages; a key that names two countries at the same level (a name one language gives to two
countries, or to one and another language to another) names none and is left out.

Regenerate after a library update with ``python -m pipelines.transform.country_names``; a unit
test fails while the committed seed differs from what the installed libraries give.
"""

from __future__ import annotations

import csv
import gettext
import io
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipelines.settings import DBT_PROJECT_DIR

SEED_PATH = DBT_PROJECT_DIR / "seeds" / "country_names.csv"
HEADER = ("country_name_key", "country_code")

# The EU's 24 official languages and the other languages of the countries around it whose
# customers a European shop most often has (Norwegian, Icelandic, Turkish, Russian, Ukrainian,
# Arabic, Chinese), plus Welsh for "Cymru".
LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt",
    "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
    "nb", "is", "tr", "ru", "uk", "ar", "zh", "cy",
)  # fmt: skip


def name_key(text: str) -> str:
    """The key a country form is looked up by (mirrors macros/country_name_key.sql)."""
    lowered = text.lower().replace(".", "").replace("'", "").replace("\u2019", "")
    spaced = "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in lowered)
    key = " ".join(spaced.split())
    return key.removeprefix("the ")


def country_names() -> dict[str, str]:
    """Every key → its ISO 3166-1 alpha-2 code."""
    import pycountry

    codes = {country.alpha_2 for country in pycountry.countries}
    levels = (
        _codes(pycountry, codes),
        _english_names(pycountry, codes),
        _translations(pycountry, codes),
    )
    found: dict[str, str] = {}
    ambiguous: set[str] = set()
    for level in levels:
        keyed: dict[str, set[str]] = defaultdict(set)
        for name, code in level:
            for key in {name_key(name), name_key(_without_accents(name))}:
                if key:
                    keyed[key].add(code)
        for key, named in keyed.items():
            if key in found or key in ambiguous:
                continue
            if len(named) == 1:
                found[key] = named.pop()
            else:
                ambiguous.add(key)
    return found


def seed_text() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(sorted(country_names().items()))
    return out.getvalue()


def _codes(pycountry, codes: set[str]) -> Iterator[tuple[str, str]]:
    from babel.core import get_global

    for country in pycountry.countries:
        yield country.alpha_2, country.alpha_2
        yield country.alpha_3, country.alpha_2
        yield country.numeric, country.alpha_2
    for alias, replacements in get_global("territory_aliases").items():
        if len(replacements) == 1 and replacements[0] in codes:
            yield alias, replacements[0]


def _english_names(pycountry, codes: set[str]) -> Iterator[tuple[str, str]]:
    from babel import Locale

    for country in pycountry.countries:
        for name in _iso_names(country):
            yield name, country.alpha_2
    for code, name in Locale.parse("en").territories.items():
        if code in codes:
            yield name, code
    for subdivision in pycountry.subdivisions:
        if subdivision.type == "Country":
            # "Wales [Cymru GB-CYM]": the name, and the Welsh one in brackets
            name, _, rest = subdivision.name.partition(" [")
            yield name, subdivision.country_code
            if rest:
                yield rest.split(" ")[0], subdivision.country_code


def _translations(pycountry, codes: set[str]) -> Iterator[tuple[str, str]]:
    from babel import Locale

    for language in LANGUAGES:
        try:
            iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except FileNotFoundError:
            iso = None
        for country in pycountry.countries:
            for name in _iso_names(country):
                if iso is not None:
                    yield iso.gettext(name), country.alpha_2
        for code, name in Locale.parse(language).territories.items():
            if code in codes:
                yield name, code


def _iso_names(country) -> Iterable[str]:
    return [
        name
        for name in (
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
        )
        if name
    ]


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def main() -> None:
    Path(SEED_PATH).write_text(seed_text(), encoding="utf-8")


if __name__ == "__main__":
    main()
