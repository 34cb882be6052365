"""Permission first, end to end on the mini shop (tests/data/mini_shop/README.md): Anna is
subscribed in the shop (2025-01-10). A later email-platform export says she unsubscribed
(2025-09-01): after that same run she is not in marts.marketable_audience. Then a stale
contacts export (taken before her unsubscribe, still "subscribed") lands in a newer delivery
folder: it replaces her contact row in raw, yet after the second run she is still out."""

from pathlib import Path

import pytest

from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration

CONTACTS_HEADER = (
    "contact_id,email,first_name,last_name,phone,status,opted_in_at,status_changed_at,"
    "member_rating,signup_source\n"
)
GATE = "no_opt_out_in_marketable_audience"


def _deliver_contacts(landing: Path, delivery: str, line: str) -> None:
    folder = landing / "email" / delivery
    folder.mkdir(parents=True)
    (folder / "contacts.csv").write_text(CONTACTS_HEADER + line + "\n")


def _check_metadata(result, check_name: str) -> dict:
    evaluations = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == check_name
    ]
    assert len(evaluations) == 1, check_name
    evaluation = evaluations[0]
    assert evaluation.passed
    return {k: v.value for k, v in evaluation.metadata.items()}


def _audience(warehouse: Path) -> set[str]:
    return {r["email"] for r in rows(warehouse, "select email from marts.marketable_audience")}


def _anna_signals(warehouse: Path) -> set[tuple[str, str]]:
    return {
        (r["signal_source"], r["consent_signal"])
        for r in rows(
            warehouse,
            "select signal_source, consent_signal from marts.consent_ledger "
            "where email = 'anna@example.nl'",
        )
    }


def _anna_in_360(warehouse: Path) -> tuple:
    anna = rows(
        warehouse,
        "select email_consent_status, email_consent_source, is_email_marketable "
        "from marts.customer_360 where email = 'anna@example.nl'",
    )[0]
    return tuple(anna.values())


def test_a_later_platform_unsubscribe_wins_and_a_stale_export_does_not_undo_it(
    mini_shop, run_pipeline, tmp_path
):
    warehouse = tmp_path / "klantbeeld.duckdb"
    _deliver_contacts(
        mini_shop,
        "2026-11-02",
        "c-anna,anna@example.nl,Anna,de Vries,,unsubscribed,2025-01-01 08:00:00,"
        "2025-09-01 08:00:00,4,checkout",
    )

    first = run_pipeline(mini_shop, warehouse)

    assert first.success
    # Both of Anna's choices are in the ledger: she is out because the rule ranks them, not
    # because the shop's subscribe went missing.
    assert {("shop", "subscribed"), ("email_platform", "unsubscribed")} <= _anna_signals(warehouse)
    assert "anna@example.nl" not in _audience(warehouse)
    assert _anna_in_360(warehouse) == ("unsubscribed", "email_platform", False)
    counts = _check_metadata(first, GATE)
    # Bob (shop "no"), Dave (unsubscribe event) and now Anna; nobody is left to mail.
    assert counts == {
        "audience_rows": 0,
        "opted_out_persons": 3,
        "opted_out_addresses": 3,
        "opted_out_in_audience": 0,
        "not_opted_in_in_audience": 0,
        "persons_listed_twice": 0,
    }

    # The stale export: her contact as it was before she unsubscribed, delivered later.
    _deliver_contacts(
        mini_shop,
        "2026-11-03",
        "c-anna,anna@example.nl,Anna,de Vries,,subscribed,2025-01-01 08:00:00,"
        "2025-01-01 08:00:00,4,checkout",
    )

    second = run_pipeline(mini_shop, warehouse)

    assert second.success
    # Raw now holds only the stale version: only the ledger still knows she unsubscribed.
    raw = rows(warehouse, "select status from raw_email.contacts where contact_id = 'c-anna'")
    assert raw == [{"status": "subscribed"}]
    assert ("email_platform", "unsubscribed") in _anna_signals(warehouse)
    assert "anna@example.nl" not in _audience(warehouse)
    assert _anna_in_360(warehouse) == ("unsubscribed", "email_platform", False)
    assert _check_metadata(second, GATE)["opted_out_in_audience"] == 0


def test_the_subscribed_shop_customer_is_the_audience_on_the_plain_mini_shop(
    mini_shop, run_pipeline, tmp_path
):
    """The control: without the platform's unsubscribe, Anna's shop subscribe holds."""
    warehouse = tmp_path / "klantbeeld.duckdb"

    result = run_pipeline(mini_shop, warehouse)

    assert result.success
    audience = rows(
        warehouse,
        "select audience.email, audience.consent_source, audience.consented_at, "
        "audience.customer_id = persons.customer_id as same_person "
        "from marts.marketable_audience as audience "
        "join marts.customer_360 as persons on audience.email = persons.email",
    )
    assert [(a["email"], a["consent_source"], str(a["consented_at"])) for a in audience] == [
        ("anna@example.nl", "shop", "2025-01-10 08:00:00")
    ]
    assert audience[0]["same_person"]
