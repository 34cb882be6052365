"""A source the exports config does not provide: its freshness check passes as "not
configured" instead of warning that it is stale; a configured source is judged as always."""

import json

import pytest
from dagster import DagsterInstance, asset, materialize

from pipelines.adapters.landing import MANIFEST
from pipelines.analysis_date import AS_OF_TAG
from pipelines.ingest.schemas import TABLES
from pipelines.operations.freshness import build_delivery_check

CONTACTS = next(t for t in TABLES if (t.source, t.name) == ("email", "contacts"))
ORDERS = next(t for t in TABLES if (t.source, t.name) == ("shop", "orders"))


@asset(name=CONTACTS.asset_name)
def raw_contacts_stand_in() -> None:
    """Stands in for the ingestion asset: the check only reads the landing folder."""


@asset(name=ORDERS.asset_name)
def raw_orders_stand_in() -> None:
    """Stands in for the ingestion asset."""


@pytest.fixture
def shop_only_landing(tmp_path, monkeypatch):
    folder = tmp_path / "landing"
    (folder / "shop" / "2026-11-01").mkdir(parents=True)
    (folder / "shop" / "2026-11-01" / "orders.csv").write_text("order_id\n")
    (folder / MANIFEST).write_text(json.dumps({"sources": ["shop"], "files": []}))
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(folder))
    return folder


def _evaluations(as_of: str):
    result = materialize(
        [
            raw_contacts_stand_in,
            raw_orders_stand_in,
            build_delivery_check(CONTACTS),
            build_delivery_check(ORDERS),
        ],
        instance=DagsterInstance.ephemeral(),
        tags={AS_OF_TAG: as_of},
        raise_on_error=False,
    )
    return {e.asset_key.to_user_string(): e for e in result.get_asset_check_evaluations()}


def test_an_unconfigured_source_is_skipped_not_stale(shop_only_landing):
    evaluations = _evaluations("2026-11-02")
    contacts = evaluations[CONTACTS.asset_name]
    assert contacts.passed
    assert contacts.description.startswith("Source email is not configured (klantbeeld.yml)")
    assert {k: v.value for k, v in contacts.metadata.items()} == {
        "source": "email",
        "configured": False,
    }


def test_a_configured_source_is_still_judged_on_its_age(shop_only_landing):
    evaluations = _evaluations("2026-11-10")
    assert not evaluations[ORDERS.asset_name].passed
    assert evaluations[CONTACTS.asset_name].passed


def test_without_a_manifest_a_missing_source_warns_as_before(shop_only_landing):
    (shop_only_landing / MANIFEST).unlink()
    assert not _evaluations("2026-11-02")[CONTACTS.asset_name].passed
