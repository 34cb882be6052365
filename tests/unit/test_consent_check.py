"""The permission-first gate fails on an audience holding someone who opted out, reports counts
and never an address, and really blocks what comes after it in a run."""

from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, asset, materialize

from pipelines.privacy.consent_checks import evaluate_audience, no_opt_out_in_marketable_audience
from pipelines.resources import Warehouse

# A ledger with one address of each kind. The audience built from it is wrong on purpose
# (as a buggy model would build it): it keeps the newest subscribe per address.
LEDGER = [
    # subscribed, later unsubscribed: out
    ("later@example.nl", "subscribed", "2025-01-01 10:00:00"),
    ("later@example.nl", "unsubscribed", "2025-06-01 10:00:00"),
    # subscribe and complaint at the same moment: the opt-out wins, out
    ("tie@example.nl", "subscribed", "2025-06-01 10:00:00"),
    ("tie@example.nl", "complained", "2025-06-01 10:00:00"),
    # hard bounce, then subscribed again: in
    ("back@example.nl", "hard_bounced", "2025-01-01 10:00:00"),
    ("back@example.nl", "subscribed", "2025-03-01 10:00:00"),
    # a subscribe without a time counts as the oldest: the cleaned status wins, out
    ("cleaned@example.nl", "subscribed", None),
    ("cleaned@example.nl", "cleaned", "2024-01-01 10:00:00"),
    # only pending: no subscribe at all
    ("pending@example.nl", "pending", "2025-01-01 10:00:00"),
]
OPTED_OUT = {"later@example.nl", "tie@example.nl", "cleaned@example.nl"}


def _warehouse(path: Path, audience: set[str]) -> Warehouse:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute(
            "create table marts.consent_ledger "
            "(email varchar, channel varchar, consent_signal varchar, signalled_at timestamp)"
        )
        connection.executemany("insert into marts.consent_ledger values (?, 'email', ?, ?)", LEDGER)
        connection.execute("create table marts.marketable_audience (email varchar)")
        connection.executemany(
            "insert into marts.marketable_audience values (?)", [[a] for a in sorted(audience)]
        )
    return Warehouse(path=str(path))


def test_an_audience_without_opt_outs_passes(tmp_path):
    result = evaluate_audience(_warehouse(tmp_path / "w.duckdb", {"back@example.nl"}))

    assert result.passed
    assert result.metadata["opted_out_addresses"].value == 3


@pytest.mark.parametrize(
    ("audience", "opted_out_in", "never_subscribed_in"),
    [
        (OPTED_OUT | {"back@example.nl"}, 3, 0),
        ({"tie@example.nl"}, 1, 0),
        ({"back@example.nl", "pending@example.nl", "stranger@example.nl"}, 0, 2),
    ],
)
def test_an_opted_out_or_never_subscribed_address_fails_with_counts_only(
    tmp_path, audience, opted_out_in, never_subscribed_in
):
    result = evaluate_audience(_warehouse(tmp_path / "w.duckdb", audience))

    assert not result.passed
    assert result.severity.value == "ERROR"
    metadata = {key: value.value for key, value in result.metadata.items()}
    assert metadata == {
        "audience_rows": len(audience),
        "opted_out_addresses": 3,
        "opted_out_in_audience": opted_out_in,
        "never_subscribed_in_audience": never_subscribed_in,
    }
    assert "@" not in repr(result.metadata)


def test_the_failing_check_stops_the_run_before_anything_downstream(tmp_path):
    warehouse = _warehouse(tmp_path / "w.duckdb", OPTED_OUT)
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
