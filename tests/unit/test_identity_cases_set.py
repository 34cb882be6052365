"""The hand-written identity cases (tests/data/identity_cases) are what their README says, and
their files are what cases.py lays out."""

import csv
from collections import Counter

from tests.data.identity_cases import cases as case_kinds
from tests.data.identity_cases.cases import CASES
from tests.data.identity_cases.layout import HERE, write

BACKGROUND = {case_kinds.ORDINARY, case_kinds.STRANGERS}


def _rows(path):
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_committed_files_are_what_the_cases_lay_out(tmp_path):
    write(tmp_path)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.csv"))
    committed = sorted(
        p.relative_to(HERE) for p in HERE.rglob("*.csv") if "__pycache__" not in p.parts
    )
    assert written == committed
    for path in written:
        assert (tmp_path / path).read_bytes() == (HERE / path).read_bytes(), path


def test_at_least_150_persons_and_every_hard_kind_at_least_5_times():
    persons = _rows(HERE / "persons.csv")
    assert len(persons) >= 150
    kinds = Counter(case.kind for case in CASES)
    hard = {name: value for name, value in vars(case_kinds).items() if name.isupper()}
    hard = {kind for kind in hard.values() if isinstance(kind, str)} - BACKGROUND
    assert len(hard) == 16
    assert {kind: kinds[kind] for kind in hard if kinds[kind] < 5} == {}


def test_every_landed_identifying_record_has_exactly_one_truth_row():
    links = _rows(HERE / "record_links.csv")
    keys = Counter((row["source"], row["table"], row["record_id"]) for row in links)
    assert max(keys.values()) == 1
    landed = HERE / "landing"
    tables = {
        ("shop", "customers"): "customer_id",
        ("shop", "orders"): "order_id",
        ("email", "contacts"): "contact_id",
        ("social", "profiles"): "profile_id",
    }
    for (source, table), key in tables.items():
        [path] = (landed / source).glob(f"*/{table}.csv")
        ids = {row[key] for row in _rows(path)}
        assert ids == {r for s, t, r in keys if (s, t) == (source, table)}, table
    owned = {row["person_id"] for row in links if row["person_id"]}
    assert owned == {row["person_id"] for row in _rows(HERE / "persons.csv")}
