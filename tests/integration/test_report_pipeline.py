"""The daily job writes the report: on a generated demo shop, one run, then the file, its
metadata, which sections it could draw, its privacy and how it renders in headless Chromium."""

import json
import re
from html.parser import HTMLParser

import pytest

from pipelines.demo.generate import generate_demo
from pipelines.report.assets import report_path
from pipelines.report.sections import SECTIONS
from pipelines.settings import load_settings
from tests.chromium import dump_dom, requires_chromium, screenshot, svg_charts
from tests.personal_data import assert_nothing_personal, known_ids, known_personal_values

pytestmark = pytest.mark.integration

PEOPLE, DAYS = 300, 240
# The marts every warehouse of this version builds; the insight marts may come later.
ALWAYS_DRAWN = ("rfm", "clv", "pareto", "value_matrix", "personas")


# Attributes that hold no data, only layout: chart coordinates ("315.23089 268.596635" reads as
# a Dutch phone number) and CSS (its "max-width" and the font "Bitstream Vera Sans" hold first
# names).
LAYOUT = frozenset(
    {"d", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "points", "transform", "viewbox"}
    | {"style"}
)


class _Texts(HTMLParser):
    """Every text node and attribute value of a page, except layout and the style sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._in_style_sheet = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style_sheet = tag == "style"
        self.texts += [value for name, value in attrs if value and name not in LAYOUT]

    def handle_endtag(self, tag: str) -> None:
        self._in_style_sheet = False

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._in_style_sheet:
            self.texts.append(data)


def _texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts


@pytest.fixture(scope="module")
def run(run_pipeline, tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    landing, truth = root / "landing", root / "truth"
    warehouse = root / "warehouse" / "klantbeeld.duckdb"
    generate_demo(landing, truth, customers=PEOPLE, days=DAYS, seed=23)
    result = run_pipeline(landing, warehouse)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KLANTBEELD_WAREHOUSE", str(warehouse))
        published = load_settings().published_dir
    materialization = next(
        e.event_specific_data.materialization
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
        and e.event_specific_data.materialization.asset_key.to_user_string() == "insight_report"
    )
    return {
        "result": result,
        "landing": landing,
        "truth": truth,
        "warehouse": warehouse,
        "published": published,
        "metadata": {k: v.value for k, v in materialization.metadata.items()},
    }


def test_the_run_writes_the_report_beside_the_published_copy(run):
    assert run["result"].success
    path = report_path(run["published"])
    assert path.is_file()
    assert run["metadata"]["report"] == str(path)
    assert run["metadata"]["report_url"] == path.as_uri()
    assert run["metadata"]["bytes"] == len(path.read_bytes())
    assert run["metadata"]["as_of_date"] == "2026-10-31"
    assert "As of 31 October 2026" in path.read_text(encoding="utf-8")


def test_each_section_is_drawn_exactly_when_its_marts_are_published(run):
    published_tables = set(
        json.loads((run["published"] / "current" / "release.json").read_text())["tables"]
    )
    rendered, missing = run["metadata"]["sections_rendered"], run["metadata"]["sections_not_built"]
    assert set(ALWAYS_DRAWN) <= set(rendered)
    for section in SECTIONS:
        absent = [t for t in section.tables if t not in published_tables]
        if absent:
            assert missing[section.key] == absent, section.key
        else:
            assert section.key in rendered, section.key


def test_the_key_plots_are_images_in_the_asset_metadata(run):
    images = re.findall(r"!\[(.*?)\]\(data:image/png;base64,", run["metadata"]["key_plots"])
    drawn = set(run["metadata"]["sections_rendered"])
    assert images == [s.title for s in SECTIONS if s.is_key_plot and s.key in drawn]
    assert len(images) >= 3


def test_the_report_holds_no_email_phone_name_or_customer_id(run):
    known = known_personal_values(run["landing"], run["truth"])
    known["ids"] = known_ids(run["warehouse"])
    assert len(known["emails"]) > PEOPLE
    texts = _texts(report_path(run["published"]).read_text(encoding="utf-8"))
    # The scan sees the words the charts show: persona names, segment names, axis labels.
    assert {"Champions", "average CLV", "share of buyers, best first"} <= set(texts)
    assert_nothing_personal({"report": texts}, known)
    assert_nothing_personal({"metadata": [json.dumps(run["metadata"])]}, known)


@requires_chromium
def test_chromium_renders_every_drawn_chart_and_takes_a_screenshot(run, tmp_path):
    page = report_path(run["published"])
    charts = svg_charts(dump_dom(page, tmp_path / "profile"))
    assert len(charts) == len(run["metadata"]["sections_rendered"])
    assert min(charts) > 20, charts
    pixels = screenshot(page, tmp_path / "report.png", tmp_path / "profile")
    assert pixels.shape[:2] == (5200, 1280)
    assert (tmp_path / "report.png").stat().st_size > 50_000
