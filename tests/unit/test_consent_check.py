"""The permission-first gate fails on an audience holding someone who opted out, on any of
their addresses, reports counts and never an address, and really blocks what comes after it in
a run."""

from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, asset, materialize

from pipelines.privacy.consent_checks import evaluate_audience, no_opt_out_in_marketable_audience
from pipelines.resources import Warehouse

# A ledger of persons with one address each, and two with several. The audiences below are
# built by hand, right or wrong on purpose (as a buggy model would build them).
LEDGER = [
    # subscribed, later unsubscribed: out
    ("p-later", "later@example.nl", "subscribed", "2025-01-01 10:00:00"),
    ("p-later", "later@example.nl", "unsubscribed", "2025-06-01 10:00:00"),
    # subscribe and complaint at the same moment: the opt-out wins, out
    ("p-tie", "tie@example.nl", "subscribed", "2025-06-01 10:00:00"),
    ("p-tie", "tie@example.nl", "complained", "2025-06-01 10:00:00"),
    # hard bounce, then subscribed again: in
    ("p-back", "back@example.nl", "hard_bounced", "2025-01-01 10:00:00"),
    ("p-back", "back@example.nl", "subscribed", "2025-03-01 10:00:00"),
    # a subscribe without a time counts as the oldest: the cleaned status wins, out
    ("p-cleaned", "cleaned@example.nl", "subscribed", None),
    ("p-cleaned", "cleaned@example.nl", "cleaned", "2024-01-01 10:00:00"),
    # only pending: no subscribe at all
    ("p-pending", "pending@example.nl", "pending", "2025-01-01 10:00:00"),
    # One person, two spellings: subscribed as name@, later unsubscribed as name+shop@. The
    # address name@ on its own looks subscribed; the person is out.
    ("p-plus", "name@gmail.com", "subscribed", "2025-01-01 10:00:00"),
    ("p-plus", "name+shop@gmail.com", "unsubscribed", "2025-05-01 10:00:00"),
    # One person, opted out on old@ and later opted in on new@: in, at new@ only.
    ("p-moved", "old@example.nl", "subscribed", "2024-01-01 10:00:00"),
    ("p-moved", "old@example.nl", "unsubscribed", "2025-01-01 10:00:00"),
    ("p-moved", "new@example.nl", "subscribed", "2025-02-01 10:00:00"),
]
RIGHT = {("p-back", "back@example.nl"), ("p-moved", "new@example.nl")}
OPTED_OUT_PERSONS = 4  # later, tie, cleaned, plus (p-back and p-moved opted in again)
OPTED_OUT_ADDRESSES = 5  # later, tie, cleaned, name+shop@, old@ (name@ alone looks subscribed)


def _warehouse(path: Path, audience: list[tuple[str, str]]) -> Warehouse:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute(
            "create table marts.consent_ledger (customer_id varchar, email varchar, "
            "channel varchar, consent_signal varchar, signalled_at timestamp)"
        )
        connection.executemany(
            "insert into marts.consent_ledger values (?, ?, 'email', ?, ?)", LEDGER
        )
        connection.execute(
            "create table marts.marketable_audience (customer_id varchar, email varchar)"
        )
        connection.executemany("insert into marts.marketable_audience values (?, ?)", audience)
    return Warehouse(path=str(path))


def _counts(result) -> dict:
    return {key: value.value for key, value in result.metadata.items()}


def test_an_audience_of_the_opted_in_persons_at_their_newest_address_passes(tmp_path):
    result = evaluate_audience(_warehouse(tmp_path / "w.duckdb", sorted(RIGHT)))

    assert result.passed
    assert _counts(result) == {
        "audience_rows": 2,
        "opted_out_persons": OPTED_OUT_PERSONS,
        "opted_out_addresses": OPTED_OUT_ADDRESSES,
        "opted_out_in_audience": 0,
        "not_opted_in_in_audience": 0,
        "persons_listed_twice": 0,
    }


@pytest.mark.parametrize(
    ("wrong", "opted_out_in", "not_opted_in", "twice"),
    [
        # every address that opted out, by itself (none subscribed again since)
        (
            [
                ("p-later", "later@example.nl"),
                ("p-tie", "tie@example.nl"),
                ("p-cleaned", "cleaned@example.nl"),
            ],
            3,
            3,
            0,
        ),
        # name@ never opted out, but its person did (as name+shop@), after the subscribe
        ([("p-plus", "name@gmail.com")], 1, 1, 0),
        # p-moved a second time, at old@: opted out there, and its subscribe is older
        ([("p-moved", "old@example.nl")], 1, 1, 1),
        # never subscribed; someone else's address; a stranger
        (
            [
                ("p-pending", "pending@example.nl"),
                ("p-stranger", "back@example.nl"),
                ("p-nobody", "stranger@example.nl"),
            ],
            0,
            3,
            0,
        ),
    ],
)
def test_an_opted_out_or_not_opted_in_person_or_address_fails_with_counts_only(
    tmp_path, wrong, opted_out_in, not_opted_in, twice
):
    audience = sorted(RIGHT) + wrong
    result = evaluate_audience(_warehouse(tmp_path / "w.duckdb", audience))

    assert not result.passed
    assert result.severity.value == "ERROR"
    counts = _counts(result)
    assert counts["audience_rows"] == len(audience)
    assert (
        counts["opted_out_in_audience"],
        counts["not_opted_in_in_audience"],
        counts["persons_listed_twice"],
    ) == (opted_out_in, not_opted_in, twice)
    assert "@" not in repr(result.metadata)


def test_the_failing_check_stops_the_run_before_anything_downstream(tmp_path):
    warehouse = _warehouse(tmp_path / "w.duckdb", [("p-plus", "name@gmail.com")])
    published = []

    @asset(key=AssetKey("consent_ledger"))
    def consent_ledger() -> None:
        """Stands in for dbt: the tables are already in the file."""

    @asset(key=AssetKey("marketable_audience"), deps=[consent_ledger])
    def marketable_audience() -> None:
        """Stands in for dbt: the tables are already in the file."""

    @asset(deps=[marketable_audience])
    def audience_export() -> None:
        published.append("sent")

    result = materialize(
        [consent_ledger, marketable_audience, audience_export, no_opt_out_in_marketable_audience],
        resources={"warehouse": warehouse},
        raise_on_error=False,
    )

    assert not result.success
    assert published == []
    [evaluation] = result.get_asset_check_evaluations()
    assert not evaluation.passed
