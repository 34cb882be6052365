"""Dutch vocabularies for the demo shop's people and places.

First names, the long tail of surnames, street suffixes and small towns come from Faker's nl_NL
provider lists, read as plain tuples: Faker's own random generator is never called, so the output
depends only on our seed. Faker's surname list is mostly historical, so the surnames people
actually carry are drawn from the common modern names below, with Faker's list as the long tail.
"""

from __future__ import annotations

from faker.providers.address.nl_NL import Provider as _Address
from faker.providers.person.nl_NL import Provider as _Person


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


def _particle_and_stem(name: str) -> tuple[str, str]:
    """'van den Berg' -> ('van den', 'Berg'): Dutch particles are the leading lower-case words."""
    words = name.split(" ")
    k = next(i for i, w in enumerate(words) if w[0].isupper())
    return " ".join(words[:k]), " ".join(words[k:])


FIRST_NAMES_FEMALE: tuple[str, ...] = tuple(_Person.first_names_female)
FIRST_NAMES_MALE: tuple[str, ...] = tuple(_Person.first_names_male)

# Single-word surnames from Faker without odd punctuation, for the rarer names.
RARE_SURNAMES: tuple[str, ...] = tuple(
    n for n in _Person.last_names if n.isalpha() and n[0].isupper() and len(n) <= 14
)

# Common Dutch surnames as (particle, stem); these make up most of the population, so different
# people share names, as in real customer files.
COMMON_SURNAMES: tuple[tuple[str, str], ...] = tuple(
    _particle_and_stem(n)
    for n in _items(
        """de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit,
        Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker,
        Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer, van der Linden, Kok, Jacobs,
        de Haan, Vermeulen, van den Heuvel, van der Veen, van den Broek, de Bruijn, de Bruin,
        van der Heijden, Schouten, van Beek, Willems, van Vliet, van de Ven, Hoekstra, Maas,
        Verhoeven, Koster, van Dam, van der Wal, Prins, Blom, Huisman, Yilmaz, El Amrani,
        Nguyen, Kaya, Wouters, Sedney, Öztürk"""
    )
)

STREET_STEMS: tuple[str, ...] = _items(
    """Kerk, Dorps, School, Molen, Stations, Hoofd, Kastanje, Juliana, Beatrix, Wilhelmina,
    Linden, Eiken, Berken, Tuin, Nieuwe, Oude, Haven, Markt, Prins Hendrik, Emma, Vondel,
    Rembrandt, Spoor, Dijk, Polder, Esdoorn, Zonnebloem, Merel, Lijster, Koningin"""
)
STREET_SUFFIXES: tuple[str, ...] = tuple(_Address.street_suffixes)

# The largest towns carry most of the population; Faker's town list is the long tail.
BIG_TOWNS: tuple[str, ...] = _items(
    """Amsterdam, Rotterdam, Den Haag, Utrecht, Eindhoven, Groningen, Tilburg, Almere, Breda,
    Nijmegen, Apeldoorn, Haarlem, Arnhem, Enschede, Amersfoort, Zaandam, 's-Hertogenbosch,
    Hoofddorp, Zwolle, Leiden, Zoetermeer, Maastricht, Dordrecht, Ede, Leeuwarden,
    Alphen aan den Rijn, Alkmaar, Delft, Deventer, Venlo"""
)
SMALL_TOWNS: tuple[str, ...] = tuple(_Address.cities)
BELGIAN_TOWNS: tuple[str, ...] = _items("Antwerpen, Gent, Brugge, Leuven, Hasselt, Mechelen")
GERMAN_TOWNS: tuple[str, ...] = _items("Kleve, Aachen, Emmerich, Gronau, Nordhorn, Goch")

# Personal email domains and rough Dutch market weights.
EMAIL_DOMAINS: tuple[str, ...] = _items(
    """gmail.com, hotmail.com, outlook.com, live.nl, ziggo.nl, kpnmail.nl, icloud.com,
    hotmail.nl, xs4all.nl, planet.nl, home.nl, yahoo.com"""
)
EMAIL_DOMAIN_WEIGHTS: tuple[float, ...] = (36, 17, 10, 6, 6, 5, 5, 4, 3, 3, 2, 3)

# Characters folded away when an email address or a handle is made from a name.
ASCII_FOLD: dict[str, str] = dict(zip("áàâäçéèêëíïîóöôúüûñÿ", "aaaaceeeeiiiooouuuny", strict=True))

SHOP_NAME = "Stijlvol Wonen"
SHOP_DOMAIN = "stijlvolwonen.example"
SHOP_HANDLE = "stijlvolwonen"
