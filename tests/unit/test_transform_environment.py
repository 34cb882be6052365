"""The dbt steps hand the run's dates to dbt as environment variables of dbt's own process: they
must be there while the process starts and gone afterwards, whatever happened."""

import os

import pytest

from pipelines.transform.assets import AS_OF_ENV, REPROCESS_FROM_ENV, _environment


def test_values_are_set_inside_and_an_earlier_value_is_restored(monkeypatch):
    monkeypatch.setenv(AS_OF_ENV, "2020-01-01")
    monkeypatch.delenv(REPROCESS_FROM_ENV, raising=False)
    with _environment({REPROCESS_FROM_ENV: "2026-10-01"}):
        assert os.environ[REPROCESS_FROM_ENV] == "2026-10-01"
        # A step that does not pass the as-of date must not inherit a value from outside.
        assert AS_OF_ENV not in os.environ
    assert os.environ[AS_OF_ENV] == "2020-01-01"
    assert REPROCESS_FROM_ENV not in os.environ


def test_values_are_removed_when_starting_dbt_fails(monkeypatch):
    monkeypatch.delenv(AS_OF_ENV, raising=False)
    with pytest.raises(RuntimeError), _environment({AS_OF_ENV: "2026-10-31"}):
        raise RuntimeError("dbt did not start")
    assert AS_OF_ENV not in os.environ
