"""Last year's Shopify export, run today with no date set (tests/data/real_shops/ended_a_year_ago,
README there): every analysis is dated by the newest order, not by the clock, the summary says
so once, and RFM matches the values computed by hand in the README."""

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.settings import PROJECT_ROOT, SHOP_TIME_ZONE
from tests.warehouse_queries import rows

pytestmark = pytest.mark.integration

EXPORT = Path(__file__).parent.parent / "data" / "real_shops" / "ended_a_year_ago"
DATA_END = dt.date(2025, 11, 30)


@pytest.fixture(scope="module")
def shop(tmp_path_factory, dbt_manifest):
    root = tmp_path_factory.mktemp("ended_a_year_ago")
    # Copied, so the export files are dated today: the delivery says nothing about the data.
    exports = shutil.copytree(EXPORT, root / "exports")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("KLANTBEELD_AS_OF_DATE", raising=False)
        patch.setenv("KLANTBEELD_CONFIG", str(exports / "klantbeeld.yml"))
        patch.setenv("KLANTBEELD_LANDING_DIR", str(root / "landing"))
        patch.setenv("KLANTBEELD_WAREHOUSE", str(root / "klantbeeld.duckdb"))
        patch.setenv("DAGSTER_HOME", str(home))
        patch.setenv("GX_ANALYTICS_ENABLED", "false")
        result = CliRunner().invoke(main, ["run"])
    return {
        "output": result.output,
        "exit_code": result.exit_code,
        "warehouse": root / "klantbeeld.duckdb",
    }


def test_the_run_succeeds(shop):
    assert shop["exit_code"] == 0, shop["output"]


def test_every_analysis_is_dated_by_the_newest_order(shop):
    for mart in ("customer_rfm", "customer_clv", "customer_churn_signals"):
        dates = rows(shop["warehouse"], f"select distinct as_of_date from marts.{mart}")
        assert dates == [{"as_of_date": DATA_END}], mart


def test_the_summary_says_once_that_the_data_ends_long_ago(shop):
    lag = (dt.datetime.now(ZoneInfo(SHOP_TIME_ZONE)).date() - DATA_END).days
    sentence = f"Data ends 2025-11-30, {lag:,} days before today; analyses are dated by the data."
    assert shop["output"].count(sentence) == 1
    assert "Analyses (RFM, CLV, churn, personas) as of 2025-11-30. Data ends" in shop["output"]


def test_rfm_as_computed_by_hand(shop):
    rfm = rows(
        shop["warehouse"],
        "select c.email, r.recency_days, r.frequency, r.monetary, r.rfm_score "
        "from marts.customer_rfm r join marts.customer_360 c using (customer_id) order by c.email",
    )
    assert [tuple(r.values()) for r in rfm] == [
        ("anna@example.nl", 0, 3, Decimal("125.00"), "554"),
        ("bram@example.nl", 90, 2, Decimal("200.00"), "235"),
        ("cees@example.nl", 255, 1, Decimal("35.00"), "112"),
        ("dina@example.nl", 30, 2, Decimal("100.00"), "333"),
        ("eva@example.nl", 28, 1, Decimal("15.00"), "411"),
    ]


def test_clv_that_could_not_be_fitted_is_not_printed_as_zero(shop):
    # Five buyers are below CLV's minimum (docs/analytics.md#clv): the summary says why, once.
    [fit_line] = [line for line in shop["output"].splitlines() if line.startswith("CLV fit: ")]
    assert fit_line.startswith("CLV fit: not fitted. CLV needs at least 20 customers"), fit_line
    clv = rows(
        shop["warehouse"], "select count(*) as buyers, count(clv) as valued from marts.customer_clv"
    )
    assert clv == [{"buyers": 5, "valued": 0}]
    lines = shop["output"].splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("RFM segments (marts."))
    start = title + 2
    segments = lines[start : lines.index("", start)]
    assert len(segments) == 11, segments
    assert all(line.split()[-1] == "—" or line.split()[-2] == "—" for line in segments), segments
