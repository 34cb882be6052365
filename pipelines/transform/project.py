"""The one dbt project object, in a module of its own so `dagster-dbt project prepare-and-package`
and the Makefile can prepare its manifest without importing the assets."""

from __future__ import annotations

from dagster_dbt import DbtProject

from pipelines.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is rebuilt on start; elsewhere `make` runs `dbt parse` first.
dbt_project.prepare_if_dev()
