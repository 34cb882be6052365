"""Each run writes its own log file (its events, failures with their stack trace, this process's
standard output), logs/last_run.log points at the newest, and a failure is one line.
Tiny jobs on a throwaway instance stand in for the daily job."""

import contextlib
import io

import pytest
from dagster import DagsterInstance, Failure, job, op

from pipelines.run_log import LAST_RUN, failure_line, run_log, warning_line
from pipelines.run_progress import Progress

KEY_MISSING = "SOME_KEY is not set, so nothing was published. Set it to a long random secret."


@op
def warns(context) -> None:
    context.log.warning("3 of 10 rows quarantined\n(see ops.quarantine)")
    print("dbt-like output on standard output")


@op
def fails_for_the_user() -> None:
    raise Failure(description=KEY_MISSING, allow_retries=False)


@op
def fails_by_a_bug() -> None:
    raise KeyError("customer_id")


@job
def warning_job():
    warns()


@job
def user_failure_job():
    fails_for_the_user()


@job
def bug_job():
    fails_by_a_bug()


@pytest.fixture
def instance(tmp_path):
    with DagsterInstance.ephemeral(tempdir=str(tmp_path)) as ephemeral:
        yield ephemeral


def _run(instance, a_job, run_id, events=None):
    with run_log(instance, run_id, verbose=False, on_event=events) as path:
        result = a_job.execute_in_process(instance=instance, run_id=run_id, raise_on_error=False)
    return result, path


def test_each_run_has_its_own_file_and_last_run_points_at_the_newest(instance, tmp_path):
    seen = []
    first, first_path = _run(
        instance, warning_job, "11111111-0000-0000-0000-000000000000", seen.append
    )
    second, second_path = _run(instance, user_failure_job, "22222222-0000-0000-0000-000000000000")
    assert first_path != second_path
    assert first_path.name == f"{first.run_id}.log"
    first_log, second_log = first_path.read_text(), second_path.read_text()
    # The run's own events, not only what was printed.
    assert "warns STEP_START" in first_log
    assert "WARNING warns: 3 of 10 rows quarantined" in first_log
    assert "dbt-like output on standard output" in first_log
    assert "RUN_SUCCESS" in first_log
    assert second.run_id not in first_log
    assert first.run_id not in second_log
    # The failure's stack trace stays in the file.
    assert "fails_for_the_user STEP_FAILURE" in second_log
    assert "Stack Trace" in second_log or 'File "' in second_log
    last = first_path.parent.parent / LAST_RUN
    assert last.read_text() == second_log
    assert {e.run_id for e in seen} == {first.run_id}, "events of the run given only"


def test_two_runs_at_once_keep_their_own_files(instance):
    """A second run starting while the first is still going (as two `klantbeeld run` at once):
    neither file loses or takes the other's events."""
    a, b = "33333333-0000-0000-0000-000000000000", "44444444-0000-0000-0000-000000000000"
    with run_log(instance, a, verbose=True) as a_path:
        with run_log(instance, b, verbose=True) as b_path:
            warning_job.execute_in_process(instance=instance, run_id=b)
        warning_job.execute_in_process(instance=instance, run_id=a)
    a_log, b_log = a_path.read_text(), b_path.read_text()
    assert "RUN_SUCCESS" in a_log
    assert "RUN_SUCCESS" in b_log
    assert b not in a_log
    assert a not in b_log
    assert a_log.count("STEP_START") == b_log.count("STEP_START") == 1


def test_a_failure_is_one_line_with_what_to_do(instance):
    result, _ = _run(instance, user_failure_job, "55555555-0000-0000-0000-000000000000")
    assert failure_line(result) == f"step fails_for_the_user failed: {KEY_MISSING}"
    result, _ = _run(instance, bug_job, "66666666-0000-0000-0000-000000000000")
    line = failure_line(result)
    assert line.startswith("step fails_by_a_bug failed: KeyError: ")
    assert "customer_id" in line
    assert "\n" not in line
    result, _ = _run(instance, warning_job, "77777777-0000-0000-0000-000000000000")
    assert failure_line(result) is None


def test_a_warning_is_one_terminal_line(instance):
    lines = []

    def keep(entry):
        with contextlib.suppress(TypeError):
            if (line := warning_line(entry)) is not None:
                lines.append(line)

    _run(instance, warning_job, "88888888-0000-0000-0000-000000000000", keep)
    assert lines == ["warning: warns: 3 of 10 rows quarantined (see ops.quarantine)"]


def test_on_a_terminal_one_line_shows_steps_done_the_step_running_and_the_time(instance):
    stream, now = io.StringIO(), [100.0]
    progress = Progress(stream, clock=lambda: now[0])
    now[0] = 165.0
    _run(instance, user_failure_job, "99999999-0000-0000-0000-000000000000", progress.on_event)
    shown = [part.strip() for part in stream.getvalue().split("\r") if part.strip()]
    assert shown[0] == "[0/? steps] preparing the run · 1:05"
    assert "[0/1 steps] fails_for_the_user · 1:05" in shown
    assert shown[-1] == "[1/1 steps] … · 1:05"
    assert len(shown) == len(set(shown)), "a line is drawn again only when it changes"
    progress.say("warning: a line of its own")
    assert stream.getvalue().endswith("warning: a line of its own\n\r[1/1 steps] … · 1:05")
