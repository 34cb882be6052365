"""Countries given as names, codes and local names in an order-lines export
(tests/data/real_shops/country_names, README there) are staged as ISO 3166-1 alpha-2; the ones
not recognised keep their customer, stay visible as given and are counted by a warning."""

import pytest

from tests.integration.byo_helpers import convert_and_run
from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration

# customer → ISO-2 (None: not recognised or not given), as written down in the README
EXPECTED = {
    "101": "GB", "102": "IE", "103": "NL", "104": "NL", "105": "NL", "106": "NL", "107": "NL",
    "108": "DE", "109": "DE", "110": "BE", "111": "BE", "112": "BE", "113": "US", "114": "GB",
    "115": "GB", "116": "FR", "117": None, "118": None, "119": None, "120": None, "121": None,
    "122": "GB", "123": "CH", "124": "ES",
}  # fmt: skip
WARNING = "country_recognised_stg_shop__customers_country_as_given"


@pytest.fixture(scope="module")
def shop(run_pipeline, tmp_path_factory):
    # The fixture lives beside the exports of tests/data/exports, in real_shops.
    return convert_and_run(
        run_pipeline, "../real_shops/country_names", tmp_path_factory.mktemp("countries")
    )


def test_the_run_succeeds(shop):
    assert shop["result"].success


def test_every_form_is_staged_as_its_iso_code_and_every_customer_is_kept(shop):
    staged = rows(
        shop["warehouse"],
        "select shop_customer_id, country_code from staging.stg_shop__customers",
    )
    assert {r["shop_customer_id"]: r["country_code"] for r in staged} == EXPECTED
    persons = rows(
        shop["warehouse"],
        "select primary_shop_customer_id, country_code from marts.customer_360",
    )
    assert {p["primary_shop_customer_id"]: p["country_code"] for p in persons} == EXPECTED


def test_unrecognised_countries_stay_visible_and_are_counted(shop):
    unrecognised = rows(
        shop["warehouse"],
        "select country_as_given from staging.stg_shop__customers "
        "where country_code is null and country_as_given is not null order by 1",
    )
    assert [r["country_as_given"] for r in unrecognised] == [
        "Channel Islands",
        "European Community",
        "RSA",
        "Unspecified",
    ]
    [evaluation] = [
        e.event_specific_data
        for e in shop["result"].all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == WARNING
    ]
    assert not evaluation.passed
    assert evaluation.severity.value == "WARN"
    assert evaluation.metadata["dagster_dbt/failed_row_count"].value == 4
