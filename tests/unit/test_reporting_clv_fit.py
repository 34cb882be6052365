"""The run summary says how CLV was fitted when it was not plain maximum likelihood."""

import duckdb
import pytest

from pipelines.reporting import _print_clv_fit


def _warehouse(tmp_path, method: str, warning: str | None):
    path = tmp_path / "klantbeeld.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute(
            "create schema marts; create table marts.customer_clv as "
            "select 'p1' as customer_id, ?::varchar as fit_method, ?::varchar as fit_warning",
            [method, warning],
        )
    return path


@pytest.mark.parametrize(
    ("method", "warning", "printed"),
    [
        ("maximum likelihood", None, ""),
        (
            "regularised (weak priors)",
            "Only 35 customers, 13 with a repeat purchase: rough.",
            "CLV fit: regularised (weak priors). Only 35 customers, 13 with a repeat purchase: "
            "rough.\n",
        ),
        ("not fitted", "CLV needs at least 20 customers.", "CLV fit: not fitted. CLV needs at "
         "least 20 customers.\n"),
    ],
)  # fmt: skip
def test_summary_states_a_rough_or_refused_fit(tmp_path, capsys, method, warning, printed):
    _print_clv_fit(_warehouse(tmp_path, method, warning))
    assert capsys.readouterr().out == printed
