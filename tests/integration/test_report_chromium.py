"""The report of the hand-made marts (every section, the two insight marts included) opened in
headless Chromium: every chart is an SVG with content in the rendered page, and the screenshot
shows them."""

import pytest

from pipelines.report.charts import PALETTE
from pipelines.report.render import build_report
from pipelines.report.sections import SECTIONS
from tests.chromium import dump_dom, requires_chromium, screenshot, share_of_colour, svg_charts
from tests.report_marts import write_marts

pytestmark = [pytest.mark.integration, requires_chromium]


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    page = folder / "klantbeeld-report.html"
    page.write_text(build_report(write_marts(folder / "published.duckdb")).html, encoding="utf-8")
    profile = folder / "chromium-profile"
    return {
        "dom": dump_dom(page, profile),
        "pixels": screenshot(page, folder / "report.png", profile),
        "png": folder / "report.png",
    }


def test_every_section_renders_a_non_empty_svg_chart(opened):
    charts = svg_charts(opened["dom"])
    assert len(charts) == len(SECTIONS)
    # A chart is axes, ticks, labels and marks: dozens of elements at least.
    assert min(charts) > 20, charts


def test_the_screenshot_shows_the_charts(opened):
    assert opened["png"].stat().st_size > 50_000
    height, width = opened["pixels"].shape[:2]
    assert (width, height) == (1280, 5200)
    # The bars and lines in the report's first colour, and the page is not one blank colour.
    assert share_of_colour(opened["pixels"], PALETTE[0]) > 0.005
    assert share_of_colour(opened["pixels"], "#ffffff") < 0.9
