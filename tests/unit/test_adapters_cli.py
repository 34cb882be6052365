"""`klantbeeld init` writes a config that reads a preset's own export as it is;
`klantbeeld check-config` finds what is wrong before the first run; `klantbeeld convert`
refuses a landing folder it did not write and changes nothing when run again."""

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from pipelines.adapters.landing import MANIFEST, configured_sources
from pipelines.adapters.presets import PRESETS
from pipelines.cli import main

ONLINE_RETAIL = (
    "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
    "489434,85048,LED LIGHT,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n"
    "C489449,22087,PAPER BUNTING,-12,2009-12-01 10:33:00,2.95,16321.0,Australia\n"
    "489435,22350,CAT BOWL,12,2009-12-01 07:46:00,2.55,,United Kingdom\n"
)
GENERIC_FIXTURE = Path(__file__).parent.parent / "data" / "exports" / "generic"


def _invoke(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env or {}, catch_exceptions=False)


def test_init_writes_a_commented_config_for_each_preset_that_loads(tmp_path):
    for name in PRESETS:
        folder = tmp_path / name
        result = _invoke("init", str(folder), "--preset", name)
        assert result.exit_code == 0, result.output
        text = (folder / "klantbeeld.yml").read_text()
        assert text.startswith("# klantbeeld.yml")
        document = yaml.safe_load(text)
        assert document["sources"][name]["preset"] == name
    assert "exists" in _invoke("init", str(tmp_path / name), "--preset", name).output


def test_init_then_check_config_on_an_online_retail_export(tmp_path):
    assert _invoke("init", str(tmp_path), "--preset", "generic_order_lines").exit_code == 0
    (tmp_path / "order_lines.csv").write_text(ONLINE_RETAIL)
    result = _invoke("check-config", "--config", str(tmp_path / "klantbeeld.yml"))
    assert result.exit_code == 0, result.output
    assert "generic_order_lines: 3 rows read, 2 would be quarantined" in result.output
    assert "order_lines.csv:4: no customer ('Customer ID' (customer_id) is blank)" in result.output
    assert "Config OK." in result.output


def test_check_config_shows_reasons_without_the_cells_they_quote(tmp_path):
    # Cells in the wrong column (a shifted row): an address where the quantity belongs, a name
    # with an apostrophe (quoted as "…" by repr) where the price belongs.
    assert _invoke("init", str(tmp_path), "--preset", "generic_order_lines").exit_code == 0
    (tmp_path / "order_lines.csv").write_text(
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
        "489434,85048,LED LIGHT,anna@example.nl,2009-12-01 07:45:00,6.95,13085.0,NL\n"
        "489435,85048,LED LIGHT,1,2009-12-01 07:45:00,O'Brien,13085.0,NL\n"
        "489436,85048,LED LIGHT,1,2009-12-01 07:45:00,6.95,13085.0,NL\n"
    )
    result = _invoke("check-config", "--config", str(tmp_path / "klantbeeld.yml"))
    assert "3 rows read, 2 would be quarantined" in result.output
    assert "order_lines.csv:2: " in result.output
    assert "order_lines.csv:3: " in result.output
    assert "anna@example.nl" not in result.output
    assert "Brien" not in result.output


def test_check_config_reports_a_missing_required_column_and_fails(tmp_path):
    _invoke("init", str(tmp_path), "--preset", "generic_order_lines")
    (tmp_path / "order_lines.csv").write_text("Invoice,Quantity\n1,2\n")
    result = _invoke("check-config", "--config", str(tmp_path / "klantbeeld.yml"))
    assert result.exit_code == 1
    assert "ERROR order_lines.csv, line 1: no column 'Customer ID' (field customer_id)" in (
        result.output
    )


def test_convert_is_idempotent_and_says_which_sources_are_configured(tmp_path):
    exports = tmp_path / "exports"
    shutil.copytree(GENERIC_FIXTURE, exports)
    env = {
        "KLANTBEELD_LANDING_DIR": str(tmp_path / "landing"),
        "KLANTBEELD_WAREHOUSE": str(tmp_path / "klantbeeld.duckdb"),
        "KLANTBEELD_CONFIG": str(exports / "klantbeeld.yml"),
    }
    first = _invoke("convert", env=env)
    assert first.exit_code == 0, first.output
    assert "42 rows read, 3 quarantined" in first.output
    landing = tmp_path / "landing"
    written = {p: p.stat().st_mtime_ns for p in landing.rglob("*.csv")}
    assert sorted(p.relative_to(landing).as_posix() for p in written) == [
        f"shop/2026-11-01/{t}.csv"
        for t in ("customers", "order_lines", "orders", "products", "refunds", "reviews")
    ]
    assert configured_sources(landing) == {"shop"}
    assert _invoke("convert", env=env).exit_code == 0
    assert {p: p.stat().st_mtime_ns for p in landing.rglob("*.csv")} == written


def test_convert_refuses_a_landing_folder_it_did_not_write(tmp_path):
    landing = tmp_path / "landing"
    (landing / "shop").mkdir(parents=True)
    env = {
        "KLANTBEELD_LANDING_DIR": str(landing),
        "KLANTBEELD_WAREHOUSE": str(tmp_path / "klantbeeld.duckdb"),
    }
    result = _invoke("convert", "--config", str(GENERIC_FIXTURE / "klantbeeld.yml"), env=env)
    assert result.exit_code != 0
    assert "holds files that no conversion wrote" in result.output
    assert not (landing / MANIFEST).exists()


def test_without_a_config_the_landing_folder_is_not_a_conversion(tmp_path):
    assert configured_sources(tmp_path) is None


def test_the_guide_lists_every_preset_field_and_its_default_column():
    guide = (Path(__file__).parent.parent.parent / "docs" / "bring-your-own-data.md").read_text()
    for preset in PRESETS.values():
        section = guide.split(f"### `{preset.name}`", 1)[1].split("\n### ", 1)[0]
        for field in preset.fields:
            columns = [field.column] if isinstance(field.column, str) else field.column or []
            assert f"| `{field.name}` |" in section, (preset.name, field.name)
            for column in columns:
                assert f"`{column}`" in section, (preset.name, column)


def test_run_converts_the_exports_before_it_picks_the_days_to_run(tmp_path, monkeypatch):
    import pipelines.cli as cli

    ran = []

    def days_seen(first, last, full_refresh, verbose):
        ran.append((first.isoformat(), last.isoformat(), sorted(configured_sources(landing))))

    monkeypatch.setattr(cli, "_run_days", days_seen)
    landing = tmp_path / "landing"
    env = {
        "KLANTBEELD_LANDING_DIR": str(landing),
        "KLANTBEELD_WAREHOUSE": str(tmp_path / "klantbeeld.duckdb"),
        "KLANTBEELD_CONFIG": str(GENERIC_FIXTURE / "klantbeeld.yml"),
    }
    result = _invoke("run", env=env)
    assert result.exit_code == 0, result.output
    assert "42 rows read, 3 quarantined" in result.output
    assert ran == [("2026-11-01", "2026-11-01", ["shop"])]
