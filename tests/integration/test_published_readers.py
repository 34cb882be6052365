"""BI readers during runs: a reader in its own process opens the published copy in a loop while
the daily job runs twice (the first run creates the copy, the second replaces it with a release
holding one more customer). Every open succeeds and sees one whole release, the reader sees both
releases, and neither run waits for it."""

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT
from tests.conftest import MINI_SHOP

pytestmark = pytest.mark.integration

# A new shop account in a later delivery: the second release has one more person, so a reader
# that mixed the two releases would see counts that match neither release.json.
NEW_CUSTOMER = (
    "customer_id,email,first_name,last_name,phone,address1,city,postcode,country,created_at,"
    "accepts_marketing,accepts_marketing_updated_at,tags\n"
    "1005,eva@example.nl,Eva,Smit,,,Delft,2611 EF,NL,2026-10-20 10:00:00 +0200,no,,\n"
)
MIN_READS_DURING_THE_SECOND_RUN = 10


def _current(published: Path) -> str:
    return Path(os.readlink(published / "current")).name


def _rows(published: Path, release: str) -> dict[str, int]:
    manifest = json.loads((published / "releases" / release / "release.json").read_text())
    return {name: table["rows"] for name, table in manifest["tables"].items()}


@pytest.fixture(scope="module")
def reading(run_pipeline, tmp_path_factory):
    root = tmp_path_factory.mktemp("readers")
    landing = root / "landing"
    shutil.copytree(MINI_SHOP, landing)
    warehouse = root / "warehouse" / "klantbeeld.duckdb"
    published = warehouse.parent / "published"
    control, result_file = root / "reader-phase", root / "reader-result.json"
    control.write_text("first run")
    reader = subprocess.Popen(
        [sys.executable, "-m", "tests.published_reader", published, control, result_file],
        cwd=PROJECT_ROOT,
    )
    try:
        first = run_pipeline(landing, warehouse)
        first_release = _current(published)
        delivery = landing / "shop" / "2026-11-02"
        delivery.mkdir()
        (delivery / "customers.csv").write_text(NEW_CUSTOMER)
        control.write_text("second run")
        second = run_pipeline(landing, warehouse)
        second_release = _current(published)
        control.write_text("stop")
        exit_code = reader.wait(timeout=300)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    return {
        "results": (first, second),
        "releases": (first_release, second_release),
        "rows": (_rows(published, first_release), _rows(published, second_release)),
        "reader_exit_code": exit_code,
        "summary": json.loads(result_file.read_text()),
    }


def test_both_runs_succeed_with_a_reader_on_the_copy(reading):
    first, second = reading["results"]
    assert first.success
    assert second.success
    assert reading["reader_exit_code"] == 0


def test_the_two_releases_differ_so_a_mixed_read_would_show(reading):
    first_release, second_release = reading["releases"]
    first_rows, second_rows = reading["rows"]
    assert first_release != second_release
    assert set(first_rows) == set(second_rows)
    assert second_rows["customer_360"] == first_rows["customer_360"] + 1


def test_every_open_succeeded_and_saw_one_whole_release(reading):
    assert reading["summary"]["failures"] == []


def test_the_reader_read_throughout_the_second_run_and_saw_both_releases(reading):
    # It was already polling before the first run published anything.
    assert reading["summary"]["waiting"] > 0
    reads = reading["summary"]["reads"]
    during_second_run = Counter()
    for read in reads:
        if read["phase"] == "second run":
            during_second_run[(read["kind"], read["release"])] += read["count"]
    first_release, second_release = reading["releases"]
    for kind in ("release", "stable"):
        assert during_second_run[(kind, first_release)] >= MIN_READS_DURING_THE_SECOND_RUN, kind
        seen = {read["release"] for read in reads if read["kind"] == kind}
        assert seen == {first_release, second_release}, kind
