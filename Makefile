# klantbeeld — every target bootstraps what it needs from a bare Python 3.11 with pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
DBT_MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project -name '*.sql' -o -name '*.yml' -o -name '*.csv' | grep -v -e '/target/' -e '/dbt_packages/')

export DAGSTER_HOME := $(CURDIR)/dagster_home
# The venv's tools first: `dagster dev` re-parses dbt with the `dbt` it finds on PATH.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export UV_PYTHON_DOWNLOADS := never
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

# Demo scale for `make run` and `make bench` (override: make bench BENCH_CUSTOMERS=100000).
CUSTOMERS ?= 5000
DAYS ?= 730
BENCH_CUSTOMERS ?= 5000
BENCH_DAYS ?= 730
BENCH_REPEAT ?= 1
# A daily incremental run (one new day on a year of history) against a full rebuild.
BENCH_INCREMENTAL_CUSTOMERS ?= 100000

# `make bench-scale`: the whole job at SCALE_BASELINE_CUSTOMERS and at SCALE_CUSTOMERS (issue 8,
# one machine at a million customers; ~30 min on an idle 2-core machine, ~25 GB of disk under
# bench/ while the 1M run lasts).
SCALE_CUSTOMERS ?= 1000000
SCALE_BASELINE_CUSTOMERS ?= 100000

# `make dev`: the Dagster UI's port (make dev DAGSTER_PORT=3001 when 3000 is taken).
DAGSTER_PORT ?= 3000

.PHONY: install run pipeline test pytest parity lint format dev bench bench-scale demo screenshot clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# uv installs exactly what uv.lock says; --inexact keeps uv itself in the venv.
$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --inexact --quiet
	@touch $@

install: $(VENV)/.synced

# dbt-spark and pyspark (pyproject's `spark` group, ~450 MB) for the tests only: the
# DuckDB/Spark parity test (docs/spark.md). `make run` never needs them.
$(VENV)/.synced-spark: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --inexact --quiet --group spark
	@touch $@

# Dagster reads dbt's manifest at import; dbt parse writes it (a few seconds, offline).
$(DBT_MANIFEST): $(VENV)/.synced $(DBT_SOURCES)
	cd dbt_project && ../$(BIN)/dbt parse --profiles-dir . --quiet
	@touch $@

demo: $(VENV)/.synced
	$(BIN)/klantbeeld demo --customers $(CUSTOMERS) --days $(DAYS)

# The demo's secrets, for `make run` and `make bench` only: the customer_key secret
# (docs/publishing.md) and the suppression-list secret of `klantbeeld forget` (docs/privacy.md).
# Your own data needs your own.
DEMO_PSEUDONYM_KEY := demo-only-not-secret
DEMO_SUPPRESSION_KEY := demo-only-not-secret-either
run: export KLANTBEELD_PSEUDONYM_KEY ?= $(DEMO_PSEUDONYM_KEY)
run: export KLANTBEELD_SUPPRESSION_KEY ?= $(DEMO_SUPPRESSION_KEY)
# A new demo replaces every landed file: rebuild the raw tables from them alone, so no delivery
# of an earlier demo stays in the warehouse.
run: demo $(DBT_MANIFEST)
	$(BIN)/klantbeeld backfill --all --full-refresh

# The job alone, on whatever KLANTBEELD_LANDING_DIR points at (your own exports).
pipeline: $(DBT_MANIFEST)
	$(BIN)/klantbeeld run

pytest: $(DBT_MANIFEST) $(VENV)/.synced-spark
	$(BIN)/pytest

# The DuckDB/Spark parity test alone (a few minutes; `make pytest` runs it too).
parity: $(DBT_MANIFEST) $(VENV)/.synced-spark
	$(BIN)/pytest -m parity

lint: $(DBT_MANIFEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project/models

format: $(VENV)/.synced
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/sqlfluff fix dbt_project/models

test: lint pytest

dev: $(DBT_MANIFEST)
	$(BIN)/dagster dev -w workspace.yaml -p $(DAGSTER_PORT)

bench: export KLANTBEELD_PSEUDONYM_KEY ?= $(DEMO_PSEUDONYM_KEY)
bench: export KLANTBEELD_SUPPRESSION_KEY ?= $(DEMO_SUPPRESSION_KEY)
bench: $(DBT_MANIFEST)
	$(BIN)/python -m benchmarks.pipeline --customers $(BENCH_CUSTOMERS) --days $(BENCH_DAYS) --repeat $(BENCH_REPEAT)
	$(BIN)/python -m benchmarks.incremental --customers $(BENCH_INCREMENTAL_CUSTOMERS) --days 365 --repeat $(BENCH_REPEAT)
	$(BIN)/python -m benchmarks.clv
	$(BIN)/python -m benchmarks.identity_cases

bench-scale: export KLANTBEELD_PSEUDONYM_KEY ?= $(DEMO_PSEUDONYM_KEY)
bench-scale: export KLANTBEELD_SUPPRESSION_KEY ?= $(DEMO_SUPPRESSION_KEY)
bench-scale: $(DBT_MANIFEST)
	$(BIN)/python -m benchmarks.scale --customers $(SCALE_CUSTOMERS) --baseline $(SCALE_BASELINE_CUSTOMERS)

# docs/images/report.png: the demo's report as of its last day, with the weekly mart of its last
# weeks, in headless Chromium (apt-get install chromium).
screenshot: export KLANTBEELD_PSEUDONYM_KEY ?= $(DEMO_PSEUDONYM_KEY)
screenshot: export KLANTBEELD_SUPPRESSION_KEY ?= $(DEMO_SUPPRESSION_KEY)
screenshot: export KLANTBEELD_AS_OF_DATE ?= 2026-10-31
screenshot: run
	$(BIN)/python -m pipelines.report.screenshot docs/images/report.png

clean:
	rm -rf data warehouse dbt_project/target bench
	find dagster_home -mindepth 1 ! -name dagster.yaml -exec rm -rf {} +
