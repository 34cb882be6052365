"""Shared by the bring-your-own-exports tests: convert a fixture's exports as `klantbeeld run`
does, then run the daily job on the landing folder they became."""

from pathlib import Path

from pipelines.adapters.config import load_config
from pipelines.adapters.convert import convert_into
from pipelines.settings import Settings

EXPORTS = Path(__file__).parent.parent / "data" / "exports"
# Hand-written shapes of real shops' data, each with its expected outcome in its README.md.
REAL_SHOPS = Path(__file__).parent.parent / "data" / "real_shops"


def convert_and_run(run_pipeline, fixture: str, root: Path, folder: Path = EXPORTS) -> dict:
    landing, warehouse = root / "landing", root / "klantbeeld.duckdb"
    settings = Settings(landing_dir=landing, warehouse_path=warehouse, ground_truth_dir=root)
    conversion = convert_into(load_config(folder / fixture / "klantbeeld.yml"), settings)
    result = run_pipeline(landing, warehouse)
    return {
        "landing": landing,
        "warehouse": warehouse,
        "settings": settings,
        "conversion": conversion,
        "result": result,
    }


def failed_checks(result) -> list[tuple[str, str, str]]:
    return sorted(
        (e.asset_key.to_user_string(), e.check_name, e.severity.value)
        for e in (
            event.event_specific_data
            for event in result.all_events
            if event.event_type_value == "ASSET_CHECK_EVALUATION"
        )
        if not e.passed
    )
