"""The whole job on two small hand-made shops (tests/data/real_shops/small_shop_50 and
few_repeat_60, READMEs there): it completes, every gate that fails points at a real problem
(none does here), and the outcomes computed on paper hold: persons, buyers, the CLV fit method.
One pipeline run per shop."""

import shutil
from pathlib import Path

import pytest

from tests.integration.byo_helpers import failed_checks
from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration

REAL_SHOPS = Path(__file__).parent.parent / "data" / "real_shops"


# Counted on paper (the READMEs say how): persons, buyers, buyers with a repeat purchase day,
# and how the CLV fit begins its warning.
EXPECTED = {
    "small_shop_50": (50, 35, 13, "Only 35 customers, 13 with a repeat purchase"),
    "few_repeat_60": (60, 50, 5, "Only 50 customers, 5 with a repeat purchase"),
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def shop(request, run_pipeline, tmp_path_factory):
    """One run per shop, shared by the tests below."""
    landing = tmp_path_factory.mktemp(request.param) / "landing"
    shutil.copytree(REAL_SHOPS / request.param / "landing", landing)
    warehouse = landing.parent / "klantbeeld.duckdb"
    return {
        "name": request.param,
        "warehouse": warehouse,
        "result": run_pipeline(landing, warehouse),
    }


def test_the_run_completes_with_no_failed_gate(shop):
    assert shop["result"].success
    assert failed_checks(shop["result"]) == []


def test_persons_buyers_and_the_clv_fit_method(shop):
    persons, buyers, repeat_buyers, warning = EXPECTED[shop["name"]]
    figures = rows(
        shop["warehouse"],
        "select (select count(*) from marts.customer_360) as persons, "
        "(select count(*) filter (where is_buyer) from marts.customer_360) as buyers, "
        "(select count(*) from marts.customer_clv) as clv_rows, "
        "(select count(*) filter (where repeat_purchase_days > 0) from marts.customer_clv) "
        "as repeat_buyers, "
        "(select count(probability_alive) from marts.customer_clv) as scored, "
        "(select any_value(fit_method) from marts.customer_clv) as fit_method, "
        "(select any_value(fit_warning) from marts.customer_clv) as fit_warning, "
        "(select count(*) from marts.customer_personas) as with_persona",
    )[0]
    assert figures["persons"] == figures["with_persona"] == persons
    assert figures["buyers"] == figures["clv_rows"] == figures["scored"] == buyers
    assert figures["repeat_buyers"] == repeat_buyers
    assert figures["fit_method"] == "regularised (weak priors)"
    assert figures["fit_warning"].startswith(warning)


def test_role_addresses_stay_apart_and_one_person_is_merged(shop):
    """small_shop_50: three café staff on info@dehoek.nl and the cycling club's info@ (a
    newsletter contact and a guest order) are five persons: junk addresses link nobody. The two
    accounts of person 1043 (one address, other case and spaces) are one."""
    if shop["name"] != "small_shop_50":
        pytest.skip("only small_shop_50 has shared addresses")
    shared = rows(
        shop["warehouse"],
        "select lower(trim(email)) as email, count(*) as persons, sum(shop_account_count) as "
        "accounts from marts.customer_360 group by 1 having count(*) > 1 or sum("
        "shop_account_count) > 1 order by 1",
    )
    assert shared == [
        {"email": "cas.prins@outlook.com", "persons": 1, "accounts": 2},
        {"email": "info@dehoek.nl", "persons": 3, "accounts": 3},
        {"email": "info@fietsclub.nl", "persons": 2, "accounts": 0},
    ]


def test_the_clv_fit_method_is_in_the_asset_metadata(shop):
    warning = EXPECTED[shop["name"]][3]
    events = shop["result"].all_events
    metadata = next(
        e.event_specific_data.materialization.metadata
        for e in events
        if e.event_type_value == "ASSET_MATERIALIZATION"
        and e.event_specific_data.materialization.asset_key.to_user_string() == "customer_clv"
    )
    assert metadata["fit_method"].value == "regularised (weak priors)"
    assert metadata["fit_warning"].value.startswith(warning)
    assert metadata["bg_nbd"].value["method"] == "regularised (weak priors)"
    check = next(
        e.event_specific_data
        for e in events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == "clv_model_fitted"
    )
    assert check.passed
    assert check.metadata["fit_method"].value == "regularised (weak priors)"
