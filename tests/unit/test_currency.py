"""The shop's currency as a user states it: ISO 4217 codes only (CLDR's list through babel), in
the environment and in the config, and amounts labelled with their code."""

import pytest

from pipelines.adapters.config import ConfigError, load_config
from pipelines.currency import iso_currency, money_text, short_money_text
from pipelines.settings import load_settings


@pytest.mark.parametrize(("text", "code"), [("usd", "USD"), (" GBP ", "GBP"), ("Jpy", "JPY")])
def test_codes_in_any_case_are_read_as_iso_4217(text, code):
    assert iso_currency(text, "here") == code


@pytest.mark.parametrize("text", ["EURO", "XYZ", "$", "€", "US"])
def test_what_is_no_iso_4217_code_is_an_error_naming_where(text):
    with pytest.raises(ValueError, match=r"^here: .* is not an ISO 4217 currency code"):
        iso_currency(text, "here")


def test_the_environment_setting_is_checked(monkeypatch):
    monkeypatch.setenv("KLANTBEELD_SHOP_CURRENCY", "cad")
    assert load_settings().shop_currency == "CAD"
    monkeypatch.setenv("KLANTBEELD_SHOP_CURRENCY", "dollar")
    with pytest.raises(ValueError, match="KLANTBEELD_SHOP_CURRENCY: 'dollar' is not an ISO"):
        load_settings()
    monkeypatch.delenv("KLANTBEELD_SHOP_CURRENCY")
    assert load_settings().shop_currency is None


def test_the_configs_currency_is_checked(tmp_path):
    config = tmp_path / "klantbeeld.yml"
    body = "sources:\n  x:\n    preset: shopify_orders\n    files: a.csv\n"
    config.write_text("currency: usd\n" + body)
    assert load_config(config).currency == "USD"
    config.write_text("currency: dollars\n" + body)
    with pytest.raises(ConfigError, match="currency: 'dollars' is not an ISO 4217"):
        load_config(config)


def test_amounts_carry_their_code():
    assert money_text(333481.724, "USD") == "USD 333,481.72"
    assert money_text(43.2, "GBP", 0) == "GBP 43"
    assert money_text(5, None) == "5.00"
    assert [short_money_text(v, "USD") for v in (1_234_567, 35_000, 940, -2_500)] == [
        "USD 1.2M",
        "USD 35.0k",
        "USD 940",
        "USD -2.5k",
    ]
