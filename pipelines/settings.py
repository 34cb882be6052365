"""Where klantbeeld reads and writes, taken from the environment with project-relative defaults.

Read at call time, never at import, so tests and the CLI can point a run elsewhere by setting
variables (``KLANTBEELD_LANDING_DIR=/data/exports make run``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.currency import SHOP_CURRENCY_VARIABLE, iso_currency

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
# The shop's clock: local timestamps in exports, the schedule, and what "today" means.
SHOP_TIME_ZONE = "Europe/Amsterdam"
# DuckDB's own default is 80 % of RAM per connection. The whole run (Python, polars and dbt's
# DuckDB) must stay under 8 GiB at a million customers, and the Python process stays resident
# while dbt runs: DuckDB gets a fixed 4 GB and spills the rest to disk. A fixed size, not a share,
# so a run needs the same memory on a laptop and on a large shared server.
DEFAULT_DUCKDB_MEMORY_LIMIT = "4GB"
# Ingestion's connections get less: inserting the staged rows, ranking the winner per key and
# the reconciliation check's count of distinct keys each go over every delivered row, so they
# fill any limit they are given: with 4GB ingestion peaked at 2.0 GiB at 100k customers and
# 4.5 GiB at 1M. With 1GB they spill instead: 1.5-1.6 GiB and 1.8 GiB (docs/scale.md).
DEFAULT_INGEST_MEMORY_LIMIT = "1GB"
_MEMORY_SIZE = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse_path: Path
    ground_truth_dir: Path
    # The date RFM, CLV and churn are computed as of; None = the run's date.
    as_of_date: dt.date | None = None
    duckdb_memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT
    # Where DuckDB spills what does not fit; None = beside the warehouse (``spill_dir``).
    duckdb_temp_dir: Path | None = None
    # The ingest steps' connection only (pipelines/ingest/assets.py).
    ingest_memory_limit: str = DEFAULT_INGEST_MEMORY_LIMIT
    # The shop's currency (ISO 4217); None = the currency of most orders (pipelines/currency.py).
    shop_currency: str | None = None

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse_path.parent

    @property
    def published_dir(self) -> Path:
        """The pseudonymised copy for BI tools, beside the warehouse (docs/publishing.md)."""
        return self.warehouse_dir / "published"

    @property
    def erasure_dir(self) -> Path:
        """The suppression list and audit log of `klantbeeld forget` (docs/privacy.md): beside
        the warehouse file, not in it, so that rebuilding the warehouse keeps them."""
        return self.warehouse_dir / "erasure"

    @property
    def spill_dir(self) -> Path:
        """DuckDB's spill folder: beside the warehouse by default, on the disk that has room."""
        return self.duckdb_temp_dir or self.warehouse_dir / "spill"

    def duckdb_config(self, memory_limit: str | None = None) -> dict[str, str]:
        """The settings every DuckDB connection of the pipeline opens with (dbt's profile reads
        the same variables); ``memory_limit`` overrides the limit (ingestion's, identity's)."""
        return {
            "memory_limit": memory_limit or self.duckdb_memory_limit,
            "temp_directory": str(self.spill_dir),
        }


def _path(variable: str, default: Path | None) -> Path | None:
    value = os.environ.get(variable)
    if not value:
        return default
    path = Path(value).expanduser()
    if not path.is_absolute():
        # dbt resolves paths from dbt_project/, Python from the current folder: only an
        # absolute path means the same file to both.
        raise ValueError(f"{variable} must be an absolute path, got {value!r}")
    return path


def _date(variable: str) -> dt.date | None:
    value = os.environ.get(variable)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{variable} must be a date like 2026-10-31, got {value!r}") from None


def _memory_size(variable: str, default: str) -> str:
    value = os.environ.get(variable) or default
    if not _MEMORY_SIZE.match(value.strip()):
        raise ValueError(f"{variable} must be a size like 4GB or 512MiB, got {value!r}")
    return value.strip()


def _currency(variable: str) -> str | None:
    value = os.environ.get(variable)
    return iso_currency(value, variable) if value else None


def load_settings() -> Settings:
    return Settings(
        landing_dir=_path("KLANTBEELD_LANDING_DIR", PROJECT_ROOT / "data" / "landing"),
        warehouse_path=_path(
            "KLANTBEELD_WAREHOUSE", PROJECT_ROOT / "warehouse" / "klantbeeld.duckdb"
        ),
        ground_truth_dir=_path(
            "KLANTBEELD_GROUND_TRUTH_DIR", PROJECT_ROOT / "data" / "ground_truth"
        ),
        as_of_date=_date("KLANTBEELD_AS_OF_DATE"),
        duckdb_memory_limit=_memory_size(
            "KLANTBEELD_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT
        ),
        duckdb_temp_dir=_path("KLANTBEELD_DUCKDB_TEMP_DIR", None),
        ingest_memory_limit=_memory_size(
            "KLANTBEELD_INGEST_MEMORY_LIMIT", DEFAULT_INGEST_MEMORY_LIMIT
        ),
        shop_currency=_currency(SHOP_CURRENCY_VARIABLE),
    )


def duckdb_config() -> dict[str, str]:
    """``load_settings().duckdb_config()``: pass as ``duckdb.connect(..., config=...)``."""
    return load_settings().duckdb_config()
