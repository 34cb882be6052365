"""Shared identifiers judged by the names on the records carrying them, and name + address
(pipelines/identity/evidence.py). Each case is a story from a real shop; the expected links are
written down, not computed."""

import polars as pl

from pipelines.identity.evidence import by_evidence, name_address_links

COLUMNS = ["record_type", "record_id", "identifier", "weak", "placed", "first_name", "last_name"]


def _kept(rows) -> set[tuple[str, str]]:
    carried = pl.DataFrame(rows, schema=COLUMNS, orient="row")
    return {(r["record_id"], r["identifier"]) for r in by_evidence(carried).iter_rows(named=True)}


def test_an_address_on_two_first_names_links_neither():
    kept = _kept(
        [
            ("shop_customer", "a1", "email:fam.bos@kpnmail.nl", False, False, "Marco", "Bos"),
            ("shop_customer", "a2", "email:fam.bos@kpnmail.nl", False, False, "Linda", "Bos"),
            ("shop_customer", "a1", "phone:+31628374651", False, False, "Marco", "Bos"),
        ]
    )
    assert kept == {("a1", "phone:+31628374651")}


def test_nicknames_initials_and_slips_do_not_conflict():
    kept = _kept(
        [
            ("shop_customer", "a1", "phone:+31633221100", False, False, "Johannes", "Mulder"),
            ("email_contact", "c1", "phone:+31633221100", False, False, "Hans", "Mulder"),
            ("email_contact", "c2", "phone:+31633221100", False, False, "J.", None),
        ]
    )
    assert {record for record, _ in kept} == {"a1", "c1", "c2"}


def test_a_landline_links_only_records_that_all_give_agreeing_names():
    household = [
        ("shop_customer", "a1", "phone:+31302714455", True, False, "Mark", "Dijkstra"),
        ("shop_customer", "a2", "phone:+31302714455", True, False, "Ellen", "Dijkstra"),
    ]
    assert _kept(household) == set()
    unnamed = [
        ("shop_customer", "a3", "phone:+31715123344", True, False, "Peter", "van Leeuwen"),
        ("email_contact", "c3", "phone:+31715123344", True, False, None, None),
    ]
    assert _kept(unnamed) == set()
    one_person = [
        ("shop_customer", "a4", "phone:+31715123399", True, False, "Peter", "van Leeuwen"),
        ("email_contact", "c4", "phone:+31715123399", True, False, "P.", "v. Leeuwen"),
    ]
    assert {record for record, _ in _kept(one_person)} == {"a4", "c4"}
    # The same unnamed contact with a mobile: one person's number, no name against it.
    mobile = [(t, r, i, False, p, f, n) for t, r, i, _, p, f, n in unnamed]
    assert {record for record, _ in _kept(mobile)} == {"a3", "c3"}


def test_a_partners_address_at_checkout_does_not_join_the_account():
    kept = _kept(
        [
            ("shop_customer", "sanne", "email:sanne@x.nl", False, False, "Sanne", "Visser"),
            ("shop_order_of_account", "sanne", "email:sanne@x.nl", False, True, "Sanne", "Visser"),
            ("shop_order_of_account", "sanne", "email:tom@x.nl", False, True, "Sanne", "Visser"),
            ("shop_customer", "tom", "email:tom@x.nl", False, False, "Tom", "Huisman"),
            ("shop_order", "o9", "email:tom@x.nl", False, False, None, None),
        ]
    )
    assert kept == {
        ("sanne", "email:sanne@x.nl"),
        ("tom", "email:tom@x.nl"),
        ("o9", "email:tom@x.nl"),
    }


def test_an_address_placed_from_an_account_with_nobody_else_named_joins_it():
    kept = _kept(
        [
            ("shop_order_of_account", "anna", "email:anna@x.nl", False, True, "Anna", "Vos"),
            ("shop_order", "o1", "email:anna@x.nl", False, False, None, None),
        ]
    )
    assert kept == {("anna", "email:anna@x.nl"), ("o1", "email:anna@x.nl")}


def _address_links(rows) -> set[frozenset[str]]:
    accounts = pl.DataFrame(
        rows,
        schema=["record_id", "first_name", "last_name", "address1", "postcode"],
        orient="row",
    )
    links = name_address_links(accounts)
    return {frozenset(group["record_id"]) for _, group in links.group_by("identifier")}


def test_same_name_street_and_postcode_link_accounts_whatever_the_spelling():
    assert _address_links(
        [
            ("a1", "Jan", "van der Berg", "Nachtegaalstraat 41", "3581 AD"),
            ("a2", "J.", "v.d. Berg", "NACHTEGAALSTRAAT 41", "3581ad"),
            ("a3", "Rianne", "van Beek", "Hoofdstraat 101", "7311 KL"),
            ("a4", "Rianne", "van Beek", "Hoofdstraat 101", "7311 kl"),
        ]
    ) == {frozenset({"a1", "a2"}), frozenset({"a3", "a4"})}


def test_households_neighbours_and_bare_surnames_are_not_linked_by_address():
    assert (
        _address_links(
            [
                ("a1", "Mark", "Dijkstra", "Lindelaan 4", "3571 KL"),
                ("a2", "Ellen", "Dijkstra", "Lindelaan 4", "3571 KL"),
                ("a3", "Kees", "Smit", "Middenweg 10", "1782 BD"),
                ("a4", "Kees", "Smit", "Middenweg 12", "1782 BD"),
                ("a5", None, "Bakker", "Parkstraat 7", "1791 CH"),
                ("a6", None, "Bakker", "Parkstraat 7", "1791 CH"),
                ("a7", "Anna", "Vos", None, "3511 NK"),
                ("a8", "Anna", "Vos", None, "3511 NK"),
            ]
        )
        == set()
    )
