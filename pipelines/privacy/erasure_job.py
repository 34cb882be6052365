"""The erasure as a Dagster job (``klantbeeld_forget``), for those who run everything from the
UI or the daemon: the same function as `klantbeeld forget`, with the same options as run config.

Its one op is in the ``duckdb_warehouse`` pool and the job carries the run tag that limits
warehouse-writing runs to one at a time, so an erasure waits for a running pipeline instead of
failing on the file lock, and a pipeline run waits for the erasure.

The run's config, with the email address in it, is kept in Dagster's run storage (DAGSTER_HOME)
like every run's config: docs/privacy.md says how to delete that run afterwards. The op itself
logs and records only counts.
"""

import dataclasses

from dagster import (
    Config,
    Definitions,
    Failure,
    OpExecutionContext,
    Output,
    in_process_executor,
    job,
    op,
)
from pydantic import Field

from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.privacy.compaction import WarehouseBusyError
from pipelines.privacy.erasure import forget
from pipelines.privacy.locate import RequestError
from pipelines.privacy.person import InvalidEmailError
from pipelines.publish.release import ReleasesInUseError
from pipelines.resources import Warehouse
from pipelines.secrets import SecretError
from pipelines.settings import load_settings

FORGET_JOB = "klantbeeld_forget"


class ForgetConfig(Config):
    email: str = Field(
        description="The address of the person to erase, in any spelling (case, spaces, "
        "plus-tags and Gmail dots do not matter). Kept in this run's config in DAGSTER_HOME."
    )
    dry_run: bool = Field(default=False, description="Only count what would be removed.")
    several_persons: bool = Field(
        default=False,
        description="Erase every person the address resolves to when it is on several.",
    )


@op(
    pool=WAREHOUSE_POOL,
    description="Erase one person from the landed files, every warehouse table, the published "
    "copy and the ground truth; add them to the suppression list; append the audit line "
    "(docs/privacy.md).",
)
def forget_person(context: OpExecutionContext, config: ForgetConfig, warehouse: Warehouse):
    settings = dataclasses.replace(load_settings(), warehouse_path=warehouse.resolved_path())
    try:
        erasure = forget(
            settings,
            config.email,
            dry_run=config.dry_run,
            several_persons=config.several_persons,
            via="dagster",
        )
    except (
        RequestError,
        InvalidEmailError,
        WarehouseBusyError,
        SecretError,
        ReleasesInUseError,
    ) as error:
        raise Failure(description=str(error), allow_retries=False) from None
    context.log.info(
        f"Erasure {erasure.erasure_id}{' (dry run)' if erasure.dry_run else ''}: "
        f"{sum(erasure.landing.values())} landed rows, {sum(erasure.warehouse.values())} "
        f"warehouse rows in {len(erasure.warehouse)} tables."
    )
    if erasure.residue:
        raise Failure(
            description=f"Erasure {erasure.erasure_id} is done, but the address or phone still "
            f"occurs in {erasure.residue} (free text of other rows, or a shared identifier): "
            "check those files.",
            allow_retries=False,
        )
    return Output(
        None,
        metadata={
            "erasure_id": erasure.erasure_id,
            "dry_run": erasure.dry_run,
            "persons": erasure.persons,
            "landing_rows": sum(erasure.landing.values()),
            "warehouse_rows": sum(erasure.warehouse.values()),
            "warehouse_tables": len(erasure.warehouse),
            "ground_truth_rows": sum(erasure.ground_truth.values()),
            "suppression_entries_added": erasure.suppression_entries,
            "published_release": erasure.release or "",
            "releases_removed": len(erasure.releases_removed),
            "seconds": round(erasure.seconds, 2),
        },
    )


@job(
    name=FORGET_JOB,
    executor_def=in_process_executor,
    tags={"klantbeeld/writes": "warehouse"},
    description="Right to be forgotten: erase one person everywhere (config: email).",
)
def forget_job() -> None:
    forget_person()


def build_erasure_definitions() -> Definitions:
    return Definitions(jobs=[forget_job])
