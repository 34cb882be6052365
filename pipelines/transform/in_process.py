"""A dbt command run in this process (dbt's `dbtRunner`), its results turned into Dagster events.

Why not dagster-dbt's `DbtCliResource.cli`, which starts a `dbt` process per command: each start
cost ~4 s (importing dbt and its adapter, loading the partial-parse state), and a daily run has
four dbt steps, so at 100,000 customers ~17 s of a ~69 s incremental day were dbt start-ups
(BENCHMARKS.md). In this process dbt is imported once per run (the first dbt step) and every
later step starts at once.

What is still dagster-dbt's, through its public helpers: which dbt nodes a step selects (the
step's assets, or the subset a user picked in the UI), and how each dbt result becomes an Output,
an asset check result or an observation. dbt's events arrive through dbtRunner's callback as the
same dictionaries `--log-format json` prints, which is what dagster-dbt reads from a subprocess.

dbt runs in a thread of its own so the step yields each model's result as dbt finishes it (the
UI shows progress), not all at the end. The thread is a daemon: if the run process is stopped,
dbt stops with it, as a killed run's dbt process did not (a SIGKILL left it running).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource
from dagster_dbt.asset_utils import (
    extract_runtime_selection_from_args,
    get_updated_cli_invocation_params_for_context,
)
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from pipelines.settings import load_settings

# The events dagster-dbt turns into Dagster events (DbtCoreCliEventMessage.is_result_event).
RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})


@dataclass(frozen=True)
class _Finished:
    """What the dbt thread puts last: dbtRunner's result, or what it raised."""

    outcome: Any


def dbt_arguments(
    dbt: DbtCliResource,
    args: Sequence[str],
    project_dir: Path,
    target_path: Path,
    selection: Sequence[str],
    indirect_selection: str | None,
) -> list[str]:
    """The command line dagster-dbt would give a `dbt` process, as flags instead of the
    environment variables it sets for one (DBT_TARGET_PATH, DBT_LOG_PATH, DBT_PROFILES_DIR,
    DBT_PROJECT_DIR, DBT_INDIRECT_SELECTION): this process's environment is not dbt's alone."""
    arguments = [*dbt.global_config_flags, *args]
    arguments += ["--project-dir", str(project_dir)]
    arguments += ["--profiles-dir", str(dbt.profiles_dir or project_dir)]
    arguments += ["--target-path", str(target_path), "--log-path", str(target_path)]
    if dbt.profile:
        arguments += ["--profile", dbt.profile]
    if dbt.target:
        arguments += ["--target", dbt.target]
    if indirect_selection:
        arguments += ["--indirect-selection", indirect_selection]
    return arguments + list(selection)


def stream_dbt(
    dbt: DbtCliResource,
    args: Sequence[str],
    context: AssetExecutionContext,
    target_path: Path,
) -> Iterator[Any]:
    """Run ``dbt <args>`` for the step's assets in this process and yield its Dagster events;
    raise DagsterDbtCliRuntimeError after the last one if dbt failed (a model error or a failed
    test), with dbt's error messages, as dagster-dbt does for a `dbt` process."""
    args, selects, excludes = extract_runtime_selection_from_args(args)
    step = get_updated_cli_invocation_params_for_context(
        context=context,
        manifest={},
        dagster_dbt_translator=DagsterDbtTranslator(),
        runtime_selects=selects,
        runtime_excludes=excludes,
    )
    project_dir = Path(step.dbt_project.project_dir if step.dbt_project else dbt.project_dir)
    arguments = dbt_arguments(
        dbt, args, project_dir, target_path, step.selection_args, step.indirect_selection
    )
    parse = dbt_arguments(dbt, ["parse"], project_dir, target_path, [], None)
    manifest_path = step.dbt_project.manifest_path if step.dbt_project else None
    project_state = (
        str(project_dir),
        str(dbt.profiles_dir),
        dbt.profile,
        dbt.target,
        # The node's database is the warehouse file's name: another file, another parse.
        load_settings().warehouse_path,
        # Re-prepared by `dagster dev` or `make` when a model changed.
        manifest_path.stat().st_mtime_ns if manifest_path and manifest_path.exists() else None,
    )
    errors: list[str] = []
    events = _DbtThread(arguments, name=f"dbt {context.op_def.name}", parse=(parse, project_state))
    for raw_event in events:
        if raw_event["info"]["level"] == "error":
            errors.append(raw_event["info"]["msg"])
        yield from DbtCoreCliEventMessage(
            raw_event=raw_event, event_history_metadata={}
        ).to_default_asset_events(
            manifest=step.manifest,
            dagster_dbt_translator=step.dagster_dbt_translator,
            context=context,
            target_path=target_path,
            project=step.dbt_project,
        )
    if errors or not events.succeeded:
        raise DagsterDbtCliRuntimeError(
            description=f"`dbt {' '.join(arguments)}` failed; dbt's log: "
            f"{target_path / 'dbt.log'}.\n\n" + "\n\n".join(errors)
        )


class _ParsedProject:
    """The parsed project of the last dbt step in this process, for the next steps of the run.

    Every step parsed the project again: with dbt's partial parsing a fraction of a second on a
    daily run, but a full parse (~1.5 s at 45 models and 257 tests) in each of the four steps on
    a new warehouse, whose steps' target folders hold no parse state yet. The first step parses
    (partially, from its target folder) and the others reuse the result, as dbt's docs on
    programmatic invocations suggest (`dbtRunner(manifest=...)`). Kept for one ``state`` (the
    project, profile and warehouse file) only: a test session opens hundreds of warehouses."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: tuple | None = None
        self._manifest: Any = None

    def manifest(self, parse_arguments: list[str], state: tuple) -> Any:
        from dbt.cli.main import dbtRunner

        with self._lock:
            if self._state != state:
                parsed = dbtRunner().invoke(parse_arguments)
                if not parsed.success:
                    raise parsed.exception or RuntimeError(f"dbt {parse_arguments} failed")
                self._state, self._manifest = state, parsed.result
            return self._manifest


_PARSED = _ParsedProject()


class _DbtThread:
    """dbt's result and error events, as dictionaries, while dbt runs in a thread; afterwards
    ``succeeded`` says whether dbt did. Raises what dbt raised. With ``parse`` (the parse
    command and the state it depends on), the command runs on the project parsed for that
    state (_ParsedProject)."""

    def __init__(
        self, arguments: list[str], name: str, parse: tuple[list[str], tuple] | None = None
    ) -> None:
        self.arguments, self.name, self.parse, self.succeeded = arguments, name, parse, False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        from dbt.cli.main import dbtRunner
        from dbt_common.events.functions import msg_to_dict

        events: queue.SimpleQueue = queue.SimpleQueue()

        def keep(message) -> None:
            if message.info.name in RESULT_EVENTS or message.info.level == "error":
                events.put(msg_to_dict(message))

        def run() -> None:
            try:
                manifest = _PARSED.manifest(*self.parse) if self.parse else None
                outcome = dbtRunner(manifest=manifest, callbacks=[keep]).invoke(self.arguments)
            except BaseException as error:  # handed to the step's thread, which raises it
                outcome = error
            finally:
                _close_duckdb()
            events.put(_Finished(outcome))

        thread = threading.Thread(target=run, name=self.name, daemon=True)
        thread.start()
        while not isinstance(item := events.get(), _Finished):
            yield item
        thread.join()
        if isinstance(item.outcome, BaseException):
            raise item.outcome
        if item.outcome.exception is not None:
            raise item.outcome.exception
        self.succeeded = item.outcome.success


def _close_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open after a command (for the next command in
    the same process). Open, it would keep the file from the Python steps, which open it with
    settings of their own (a lower memory limit; DuckDB refuses a second configuration in one
    process), and from other processes."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    try:
        environment = DuckDBConnectionManager.env()
    except Exception:  # no DuckDB opened by this command (e.g. another adapter's target)
        return
    environment.close()
