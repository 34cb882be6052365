"""The one dbt project object, in a module of its own so `dagster-dbt project prepare-and-package`,
the Makefile and `klantbeeld run` can prepare its manifest without importing the assets."""

from __future__ import annotations

from pathlib import Path

from dagster_dbt import DbtProject

from pipelines.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is rebuilt on start; `make` runs `dbt parse` first, and
# `klantbeeld run` / `backfill` call prepare_manifest below before loading the definitions.
dbt_project.prepare_if_dev()

# What dbt reads to parse the project (the Makefile's DBT_SOURCES): a newer one means the
# manifest no longer describes the project.
SOURCE_SUFFIXES = {".sql", ".yml", ".csv"}
NOT_SOURCES = {"target", "dbt_packages", "logs"}


def manifest_outdated_by(project: DbtProject = dbt_project) -> str | None:
    """Why the project's manifest must be (re)built: it is missing, or older than a source
    file (named relative to the project); None when it is current."""
    manifest = project.manifest_path
    if not manifest.exists():
        return "missing"
    built = manifest.stat().st_mtime
    for path in _sources(project.project_dir, project.manifest_path.parent):
        if path.stat().st_mtime > built:
            return f"older than {path.relative_to(project.project_dir)}"
    return None


def _sources(project_dir: Path, target_dir: Path):
    for path in project_dir.rglob("*"):
        relative = path.relative_to(project_dir)
        if relative.parts[0] in NOT_SOURCES or path.is_relative_to(target_dir):
            continue
        if path.suffix in SOURCE_SUFFIXES and path.is_file():
            yield path


def prepare_manifest(project: DbtProject = dbt_project) -> str | None:
    """Run `dbt parse` when the manifest is missing or outdated, as `dagster dev` does on start;
    returns why it ran, or None when it did not need to. Raises DagsterDbtCliRuntimeError when
    dbt cannot parse the project.

    The `dbt` beside this Python, not dagster-dbt's preparer: that one looks for `dbt` on PATH,
    where it is not when `.venv/bin/klantbeeld` runs without the venv activated."""
    from dagster_dbt import DbtCliResource

    from pipelines.resources import dbt_executable

    reason = manifest_outdated_by(project)
    if reason:
        dbt = DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
        dbt.cli(["parse", "--quiet"], target_path=project.target_path).wait()
    return reason
