"""Countries in their common forms → ISO 3166-1 alpha-2: the committed seed is what pycountry and
babel give, each hand-written form finds its country (or, unrecognised, none), and the SQL key
of staging (macros/country_name_key.sql) is the Python one."""

import re

import duckdb
import pytest

from pipelines.settings import DBT_PROJECT_DIR
from pipelines.transform.country_names import SEED_PATH, name_key, seed_text


@pytest.fixture(scope="module")
def seed() -> dict[str, str]:
    lines = SEED_PATH.read_text(encoding="utf-8").splitlines()[1:]
    return dict(line.split(",") for line in lines)


def test_the_committed_seed_is_what_the_libraries_give():
    assert SEED_PATH.read_text(encoding="utf-8") == seed_text(), (
        "regenerate: python -m pipelines.transform.country_names"
    )


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("NL", "NL"),
        ("nl", "NL"),
        ("NLD", "NL"),
        ("528", "NL"),
        ("Nederland", "NL"),
        ("Netherlands", "NL"),
        ("The Netherlands", "NL"),
        ("  the   NETHERLANDS ", "NL"),
        ("Pays-Bas", "NL"),
        ("Niederlande", "NL"),
        ("GB", "GB"),
        ("GBR", "GB"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("United Kingdom", "GB"),
        ("Verenigd Koninkrijk", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("DE", "DE"),
        ("DEU", "DE"),
        ("Deutschland", "DE"),
        ("Germany", "DE"),
        ("Duitsland", "DE"),
        ("Allemagne", "DE"),
        ("BE", "BE"),
        ("België", "BE"),
        ("Belgie", "BE"),
        ("Belgique", "BE"),
        ("Belgium", "BE"),
        ("Belgien", "BE"),
        ("US", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("Verenigde Staten", "US"),
        ("EIRE", "IE"),
        ("Éire", "IE"),
        ("Ireland", "IE"),
        ("Österreich", "AT"),
        ("Osterreich", "AT"),
        ("Schweiz", "CH"),
        ("Suisse", "CH"),
        ("España", "ES"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Hong Kong", "HK"),
        ("Côte d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("NA", "NA"),  # Namibia, not "not available"
        ("Namibia", "NA"),
        # not recognised: no country, an informal name no library carries, or nothing
        ("Channel Islands", None),
        ("European Community", None),
        ("Unspecified", None),
        ("RSA", None),
        ("Great Britain", None),
        ("XX", None),
        ("", None),
    ],
)
def test_a_hand_written_form_finds_its_country(seed, given, code):
    assert seed.get(name_key(given)) == code


def _sql_key(text: str | None) -> str | None:
    """The DuckDB macro (default__country_name_key) run on ``text``."""
    macro = (DBT_PROJECT_DIR / "macros" / "country_name_key.sql").read_text()
    body = re.search(
        r"macro default__country_name_key\(column\) -%}(.*?){%- endmacro", macro, re.S
    ).group(1)
    with duckdb.connect() as connection:
        return connection.execute(f"select {body.replace('{{ column }}', '?')}", [text]).fetchone()[
            0
        ]


@pytest.mark.parametrize(
    "given",
    ["The Netherlands", "U.K.", "  united   kingdom ", "België", "Côte d’Ivoire",
     "Cote d'Ivoire", "Bosnia-Herzegovina", "Guinea-Bissau", "São Tomé & Príncipe", "528",
     "Théâtre the Netherlands"],
)  # fmt: skip
def test_staging_keys_a_country_as_python_does(given):
    assert _sql_key(given) == name_key(given)
