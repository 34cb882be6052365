"""`klantbeeld clv fit` on bad input: a message naming the file, the line and what was expected,
never a traceback."""

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from tests.unit.clv_cdnow import FIT_ARGS, TRANSACTIONS


def _fit(path, *args):
    return CliRunner().invoke(main, ["clv", "fit", str(path), *args])


def _fit_csv(tmp_path, text: str):
    """`clv fit` on an ordinary CSV holding ``text``: (its path, the outcome)."""
    path = tmp_path / "orders.csv"
    path.write_text(text)
    return path, _fit(path, "--calibration-end", "2026-06-30")


def _cdnow_with(tmp_path, line_number: int, replacement: str):
    lines = TRANSACTIONS.read_text().splitlines()
    lines[line_number - 1] = replacement
    path = tmp_path / "transactions.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        (
            " 00004 0001 1997-01-18  2   29.73",
            "expected a date in the format %Y%m%d in column 'date'",
        ),
        (" 00004 0001 19970230  2   29.73", "expected a date in the format %Y%m%d"),
        (" 00004 0001 19970118  2   29,73", "expected an amount (a number such as 12.50)"),
        (" 00004 0001 19970118  2   nan", "expected an amount"),
        (" 00004 0001 19970118  2", "expected 5 fields"),
    ],
)
def test_bad_value_names_file_line_and_expectation(tmp_path, replacement, expected):
    path = _cdnow_with(tmp_path, 2, replacement)
    outcome = _fit(path, *FIT_ARGS)
    assert outcome.exit_code == 1
    assert f"{path}, line 2: {expected}" in outcome.output
    assert "Traceback" not in outcome.output


def test_error_reports_the_first_bad_line_counting_the_header(tmp_path):
    path, outcome = _fit_csv(
        tmp_path,
        "customer_id,purchase_date,net_amount\n"
        "0001,2026-01-02,10.00\n"
        "0002,2026-01-03,twelve\n"
        "0003,2026-01-04,oops\n",
    )
    assert outcome.exit_code == 1
    assert f"{path}, line 3: expected an amount" in outcome.output
    assert "found 'twelve'" in outcome.output


def test_missing_column_names_the_columns_found(tmp_path):
    path, outcome = _fit_csv(tmp_path, "customer,day,amount\n1,2026-01-02,10\n")
    assert outcome.exit_code == 1
    assert f"{path}: no column 'customer_id', 'purchase_date', 'net_amount'" in outcome.output
    assert "['customer', 'day', 'amount']" in outcome.output


def test_empty_customer_id_is_an_error(tmp_path):
    path, outcome = _fit_csv(tmp_path, "customer_id,purchase_date,net_amount\n,2026-01-02,10\n")
    assert outcome.exit_code == 1
    assert f"{path}, line 2: expected a customer id in column 'customer_id'" in outcome.output


def test_no_header_needs_column_names():
    outcome = _fit(TRANSACTIONS, "--no-header", "--calibration-end", "1997-09-30")
    assert outcome.exit_code == 2
    assert "--no-header needs --columns" in outcome.output


def test_too_little_data_is_a_clear_error(tmp_path):
    rows = "".join(f"{i:04d},2026-01-0{i},10\n" for i in range(1, 6))
    _, outcome = _fit_csv(tmp_path, "customer_id,purchase_date,net_amount\n" + rows)
    assert outcome.exit_code == 1
    assert "CLV needs at least 20 customers" in outcome.output
    assert "Traceback" not in outcome.output
