"""The column policy: what of a mart reaches BI, decided by column name."""

import duckdb
import pytest
import yaml

from pipelines.publish.column_policy import Action, decide, postcode_area_sql
from pipelines.settings import DBT_PROJECT_DIR


def _customer_360_columns() -> list[str]:
    models = yaml.safe_load((DBT_PROJECT_DIR / "models/marts/_marts__models.yml").read_text())
    (model,) = [m for m in models["models"] if m["name"] == "customer_360"]
    return [column["name"] for column in model["columns"]]


def test_customer_360_loses_its_identifiers_and_keeps_its_figures():
    decisions = {c: decide(c) for c in _customer_360_columns()}
    dropped = {c for c, d in decisions.items() if not d.published}
    assert {"email", "first_name", "last_name", "phone", "city"} <= dropped
    assert "primary_shop_customer_id" in dropped
    published = [d.published_name for d in decisions.values() if d.published]
    assert published[0] == "customer_key"
    assert "postcode_area" in published
    assert "customer_id" not in published
    assert "postcode" not in published
    # Consent, engagement and money stay: BI needs them and they identify no one.
    for kept in ("email_consent_status", "is_email_marketable", "email_open_rate", "net_revenue"):
        assert decisions[kept].action is Action.KEEP, kept


@pytest.mark.parametrize(
    ("column", "action"),
    [
        ("customer_id", Action.PSEUDONYMISE),
        ("primary_shop_customer_id", Action.DROP_SOURCE_ID),
        ("contact_id", Action.DROP_SOURCE_ID),
        ("profile_id", Action.DROP_SOURCE_ID),
        ("email", Action.DROP_IDENTIFIER),
        ("reviewer_email", Action.DROP_IDENTIFIER),
        ("email_normalised", Action.DROP_IDENTIFIER),
        ("Phone", Action.DROP_IDENTIFIER),
        ("phone_e164", Action.DROP_IDENTIFIER),
        ("display_name", Action.DROP_IDENTIFIER),
        ("reviewer_name", Action.DROP_IDENTIFIER),
        ("handle", Action.DROP_IDENTIFIER),
        ("address1", Action.DROP_IDENTIFIER),
        ("street", Action.DROP_IDENTIFIER),
        ("house_number", Action.DROP_IDENTIFIER),
        ("city", Action.DROP_IDENTIFIER),
        ("date_of_birth", Action.DROP_IDENTIFIER),
        ("body", Action.DROP_FREE_TEXT),
        ("review_text", Action.DROP_FREE_TEXT),
        ("title", Action.DROP_FREE_TEXT),
        ("bio", Action.DROP_FREE_TEXT),
        ("location", Action.DROP_FREE_TEXT),
        ("postcode", Action.REDUCE_TO_AREA),
        ("email_consent_status", Action.KEEP),
        ("emails_sent", Action.KEEP),
        ("persona", Action.KEEP),
        ("description", Action.KEEP),
        ("is_vip", Action.KEEP),
        ("social_comment_count", Action.KEEP),
        # The shop's own mailings: kept by name, while anything else ending in _id or name drops.
        ("campaign_id", Action.KEEP),
        ("campaign_name", Action.KEEP),
        ("email_contact_id", Action.DROP_SOURCE_ID),
        ("product_name", Action.DROP_IDENTIFIER),
    ],
)
def test_a_column_is_judged_by_its_name(column, action):
    assert decide(column).action is action


@pytest.mark.parametrize(
    ("postcode", "area"),
    [
        ("1234 AB", "1234"),
        ("1234ab", "1234"),
        (" 9999  ZZ ", "9999"),
        ("0123 AB", None),  # no Dutch postcode starts with 0
        ("1067", None),  # Belgian
        ("10502", None),  # German
        ("", None),
        (None, None),
    ],
)
def test_a_dutch_postcode_becomes_its_pc4_area_and_anything_else_null(postcode, area):
    with duckdb.connect() as connection:
        sql = postcode_area_sql("p")
        assert (
            connection.execute(
                f"select {sql} from (select ?::varchar as p)", [postcode]
            ).fetchone()[0]
            == area
        )
