"""`klantbeeld demo` never overwrites a user's exports, and starts its own folder afresh."""

from click.testing import CliRunner

from pipelines.cli import DEMO_MARKER, main


def _demo(tmp_path, monkeypatch, *args):
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("KLANTBEELD_GROUND_TRUTH_DIR", str(tmp_path / "truth"))
    return CliRunner().invoke(main, ["demo", "--customers", "300", "--days", "60", *args])


def test_demo_refuses_a_folder_it_did_not_write(tmp_path, monkeypatch):
    export = tmp_path / "landing" / "shop" / "2026-01-01" / "orders.csv"
    export.parent.mkdir(parents=True)
    export.write_text("order_id\n1\n")
    result = _demo(tmp_path, monkeypatch)
    assert result.exit_code != 0
    assert "refusing to overwrite" in result.output
    assert export.read_text() == "order_id\n1\n"


def test_demo_replaces_its_own_earlier_deliveries(tmp_path, monkeypatch):
    assert _demo(tmp_path, monkeypatch, "--end-date", "2026-05-31").exit_code == 0
    first = sorted(p.name for p in (tmp_path / "landing" / "shop").iterdir())
    assert first == ["2026-06-01"]
    result = _demo(tmp_path, monkeypatch, "--end-date", "2026-06-30")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "landing" / "shop").iterdir()) == ["2026-07-01"]
    assert (tmp_path / "landing" / DEMO_MARKER).exists()
    assert "300 people" in result.output
