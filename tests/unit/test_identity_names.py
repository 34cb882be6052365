"""Dutch and Belgian names as identity compares them (pipelines/identity/names.py), on the
spellings real shop exports hold."""

import pytest

from pipelines.identity.names import (
    Name,
    names_agree,
    names_conflict,
    one_slip_apart,
    parse,
)


@pytest.mark.parametrize(
    ("first", "last", "name"),
    [
        ("Jan", "van der Berg", Name("jan", "j", ("berg",))),
        ("J.", "v.d. Berg", Name(None, "j", ("berg",))),
        ("Berg, Jan van der", None, Name("jan", "j", ("berg",))),
        ("Jan van der Berg", "", Name("jan", "j", ("berg",))),
        ("Groot, Willem de", None, Name("willem", "w", ("groot",))),
        ("Maria", "Heuvel, van den", Name("maria", "m", ("heuvel",))),
        ("Sjoerd ter", "Horst", Name("sjoerd", "s", ("horst",))),
        ("Emma", "in 't Veld", Name("emma", "e", ("veld",))),
        ("Emma", "Int Veld", Name("emma", "e", ("veld",))),
        ("Marieke", "Jansen-de Boer", Name("marieke", "m", ("jansen", "boer"))),
        ("A.M.", "Koster", Name(None, "am", ("koster",))),
        ("Anne-Marie", "Koster", Name("annemarie", "am", ("koster",))),
        ("Zoë", "de Wit", Name("zoe", "z", ("wit",))),
        ("Pieter-Jan", "De Smet", Name("pieterjan", "pj", ("smet",))),
        (None, None, Name(None, "", ())),
    ],
)
def test_names_are_read_whatever_the_order_particles_and_initials(first, last, name):
    assert parse(first, last) == name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Jan", "van der Berg"), ("J.", "v.d. Berg")),
        (("Willem", "de Groot"), ("Groot, Willem de", None)),
        (("A.M.", "Koster"), ("Anne-Marie", "Koster")),
        (("H.J.", "Postma"), ("Hendrik", "Postma")),
        (("Johannes", "Mulder"), ("Hans", "Mulder")),
        (("Cornelis", "Vermeulen"), ("Kees", "Vermeulen")),
        (("Elisabeth", "Hoekstra"), ("Bep", "Hoekstra")),
        (("Johannes", "Zwart"), ("Joop", "Zwart")),
        (("Geertruida", "Bosch"), ("Truus", "Bosch")),
        (("Marieke", "Jansen-de Boer"), ("Marieke", "de Boer")),
        (("Pieter", "de Jong"), ("Piter", "de Jong")),
        (("Wilma", "Brouwer"), ("Wilma", "Brouwr")),
        (("Dennis", "Hofman"), ("Denis", "Hofman")),
        (("Mohamed", "el Idrissi"), ("Mohamed", "El Idrissi")),
    ],
)
def test_variants_of_one_name_agree(a, b):
    assert names_agree(parse(*a), parse(*b))
    assert not names_conflict(parse(*a), parse(*b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Mark", "Dijkstra"), ("Ellen", "Dijkstra")),
        (("Sanne", "Visser"), ("Tom", "Huisman")),
        (("Gerrit", "Hoekstra"), ("Fatima", "el Amrani")),
        (("Anna", "Vos"), ("Anouk", "Vos")),  # alike at the start, two names all the same
        (("Jan", "Bakker"), ("Jef", "Bakker")),
    ],
)
def test_different_first_names_conflict(a, b):
    assert names_conflict(parse(*a), parse(*b))
    assert not names_agree(parse(*a), parse(*b))


def test_a_surname_alone_never_conflicts_and_never_agrees():
    maiden, married = parse("Anna", "de Vries"), parse("Anna", "Bakker")
    assert not names_conflict(maiden, married)
    assert not names_agree(maiden, married)
    assert not names_agree(parse(None, "Bakker"), parse(None, "Bakker"))
    assert not names_conflict(parse("Anna", None), parse(None, None))


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("pieter", "piter", True),
        ("dennis", "denis", True),
        ("marloes", "marlous", True),
        ("ellen", "eleln", True),
        ("anna", "anouk", False),
        ("jansen", "janssens", False),
    ],
)
def test_one_slip_apart_is_damerau_distance_at_most_one(a, b, apart):
    assert one_slip_apart(a, b) is apart
    assert one_slip_apart(b, a) is apart
