"""The HTML report from the hand-made marts of tests/report_marts.py: every section, the note
for marts a warehouse does not have yet, and a file that needs nothing at view time."""

import base64
import datetime as dt
import re

import duckdb
import pytest

from pipelines.publish.build import marts_columns, write_release
from pipelines.publish.release import DUCKDB_FILE, PARQUET_FOLDER
from pipelines.report.render import _subtitle, build_report, key_plots_markdown
from pipelines.report.sections import SECTIONS
from tests.report_marts import write_marts


def _sections(html: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([a-z_]+)">(.*?)</section>', html, flags=re.S))


@pytest.fixture
def full(tmp_path):
    return build_report(write_marts(tmp_path / "published.duckdb"), release="r1")


def test_every_section_shows_its_chart_and_its_hand_computed_finding(full):
    sections = _sections(full.html)
    assert list(sections) == [s.key for s in SECTIONS]
    assert full.rendered == [s.key for s in SECTIONS]
    assert full.missing == {}
    for key, body in sections.items():
        assert body.count("<svg") == 1, key
    findings = {
        key: re.search(r'<p class="finding">(.*?)</p>', body).group(1)
        for key, body in sections.items()
    }
    assert findings == {
        "rfm": "Champions bring the most revenue: 2 buyers, 80% of net revenue.",
        "clv": "3 buyers with a CLV; half of them are expected to bring less than EUR 43 in the "
        "next 12 months.",
        "pareto": "50% of buyers (class A) bring 80% of net revenue.",
        "value_matrix": "1 buyer(s) were worth much so far but are expected to bring little: "
        "the ones to win back.",
        "personas": "2 personas; the most valuable per customer: Loyal regulars (average CLV "
        "EUR 100, prefers store).",
        "channels": "In the last week (from 26 Oct 2026) social had the most touches: 4 of 7.",
        "campaigns": "2 of the last 3 campaigns drew more responses than the untargeted baseline.",
    }


def test_the_personas_come_with_a_table_of_their_profiles(full):
    table = _sections(full.html)["personas"].split("<table>")[1]
    rows = [
        re.findall(r"<t[dh]>(.*?)</t[dh]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)
    ]
    assert rows == [
        ["persona", "customers", "average CLV", "high churn risk", "prefers", "buys most"],
        ["Bargain hunters", "3", "EUR 50", "0%", "web", "Lampen, Textiel"],
        ["Loyal regulars", "1", "EUR 100", "100%", "store", "Meubels"],
    ]


def test_amounts_are_labelled_in_the_shops_currency_never_in_euro_signs(tmp_path):
    path = write_marts(tmp_path / "published.duckdb")
    with duckdb.connect(str(path)) as connection:
        connection.execute(
            "update marts.order_currencies set currency = 'USD', shop_currency = 'USD'"
        )
    report = build_report(path)
    assert report.currency == "USD"
    assert "€" not in report.html
    findings = re.findall(r'<p class="finding">(.*?)</p>', report.html)
    assert (
        "half of them are expected to bring less than USD 43 in the next 12 months."
        in (findings[1])
    )


def test_the_header_gives_the_as_of_date_and_the_release(full):
    assert full.as_of_date.isoformat() == "2026-10-31"
    assert "As of 31 October 2026 · published release r1" in full.html


def test_sections_of_marts_this_warehouse_lacks_say_so_and_the_rest_still_render(tmp_path):
    report = build_report(write_marts(tmp_path / "published.duckdb", with_insight_marts=False))
    sections = _sections(report.html)
    assert report.missing == {
        "channels": ["weekly_channel_usage"],
        "campaigns": ["campaign_performance"],
    }
    assert report.rendered == ["rfm", "clv", "pareto", "value_matrix", "personas"]
    assert "Not built in this warehouse: marts.weekly_channel_usage." in sections["channels"]
    assert "Not built in this warehouse: marts.campaign_performance." in sections["campaigns"]
    for key in ("channels", "campaigns"):
        assert "<svg" not in sections[key], key
    for key in report.rendered:
        assert "<svg" in sections[key], key
        assert "Not built" not in sections[key], key


def test_the_insight_marts_as_the_publish_step_copies_them_draw_every_section(tmp_path):
    """The publish column policy pseudonymises customer_id and keeps the shop's campaign names:
    the report of such a copy draws every section, each campaign by its name."""
    warehouse = write_marts(tmp_path / "warehouse.duckdb")
    release = tmp_path / "release"
    (release / PARQUET_FOLDER).mkdir(parents=True)
    write_release(warehouse, release, marts_columns(warehouse), b"tests-only-key")
    report = build_report(release / DUCKDB_FILE)
    assert report.rendered == [s.key for s in SECTIONS]
    campaigns = _sections(report.html)["campaigns"]
    assert "Spring" in campaigns
    assert "sent 01 Sep 2026" not in campaigns


def test_a_mart_without_rows_is_shown_as_no_data_yet(tmp_path):
    path = write_marts(tmp_path / "published.duckdb")
    with duckdb.connect(str(path)) as connection:
        connection.execute("delete from marts.campaign_performance")
    report = build_report(path)
    assert "campaigns" not in report.rendered
    assert "No data yet in marts.campaign_performance." in _sections(report.html)["campaigns"]


def test_the_file_is_self_contained_no_script_and_nothing_fetched(full):
    assert "<script" not in full.html.lower()
    assert "@import" not in full.html
    references = re.findall(r'(?:src|href)="([^"]*)"', full.html)
    assert references  # the navigation and the SVG's internal references
    assert all(r.startswith(("#", "data:")) for r in references), references
    assert not re.search(r"url\((?!#)", full.html)


def test_text_from_the_marts_is_escaped(full):
    assert "<sale>" not in full.html
    assert "Spring &lt;sale&gt; &amp; more" in full.html


def test_the_same_marts_give_the_same_file(tmp_path, full):
    again = build_report(write_marts(tmp_path / "again.duckdb"), release="r1")
    assert again.html == full.html


def test_the_key_plots_are_pngs_inline_in_markdown_for_the_dagster_ui(full):
    assert set(full.key_plots) == {s.key for s in SECTIONS if s.is_key_plot}
    markdown = key_plots_markdown(full)
    images = re.findall(r"!\[(.*?)\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", markdown)
    assert [title for title, _ in images] == [s.title for s in SECTIONS if s.is_key_plot]
    for _, encoded in images:
        assert base64.b64decode(encoded).startswith(b"\x89PNG\r\n\x1a\n")


def test_the_header_tells_when_the_figures_are_dated_long_before_the_report():
    old = _subtitle(dt.date(2025, 11, 30), "r1", today=dt.date(2026, 12, 6))
    assert old == (
        "As of 30 November 2025 · published release r1 · "
        "figures dated 371 days before this report was made"
    )
    assert _subtitle(dt.date(2026, 11, 30), None, today=dt.date(2026, 12, 6)) == (
        "As of 30 November 2026"
    )
