"""`klantbeeld quarantine` on a small hand-made warehouse: a summary by table and reason kind
(counted by hand below), filters, rows as file and line, and never a quoted value."""

import duckdb
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.ingest.warehouse_writes import OPS_DDL

EMAIL = "anna.de.vries@example.nl"
# (source, table, file, line, reason) as ingestion and the export adapters write them.
ROWS = [
    (
        "shop",
        "orders",
        "shop/2026-11-01/orders.csv",
        7,
        "expected 18 fields as in the header, found 16",
    ),
    (
        "shop",
        "orders",
        "shop/2026-11-01/orders.csv",
        9,
        "expected 18 fields as in the header, found 16",
    ),
    (
        "shop",
        "orders",
        "shop/2026-11-02/orders.csv",
        3,
        "expected 18 fields as in the header, found 16",
    ),
    (
        "shop",
        "orders",
        "shop/2026-11-02/orders.csv",
        4,
        f"total_price: expected a decimal number, got '{EMAIL}'",
    ),
    (
        "shop",
        "orders",
        "shop/2026-11-02/orders.csv",
        5,
        "total_price: expected a decimal number, got '12,50'",
    ),
    # A value that looks like the next column's error: cut with the rest.
    (
        "email",
        "contacts",
        "email/2026-11-01/contacts.csv",
        2,
        f"created_at: expected a timestamp, got 'x'; email: expected {EMAIL}'",
    ),
    ("email", "contacts", "email/2026-11-01/contacts.csv", 8, "email: required value missing"),
    (
        "export:shop",
        "shopify_orders",
        "orders_export.csv",
        11,
        f"order #1001: Lineitem price: expected a number, got {EMAIL!r}",
    ),
    (
        "export:shop",
        "shopify_orders",
        "orders_export.csv",
        12,
        'order #1002: Lineitem price: expected a number, got "it\'s"',
    ),
]


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    path = tmp_path / "klantbeeld.duckdb"
    with duckdb.connect(str(path)) as connection:
        for statement in OPS_DDL:
            connection.execute(statement)
        connection.executemany(
            "insert into ops.quarantine values (?, ?, ?, ?, ?, 'raw text of ' || ?, 'run')",
            [(*row, EMAIL) for row in ROWS],
        )
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(path))
    return path


def _quarantine(*args):
    return CliRunner().invoke(main, ["quarantine", *args])


def _summary(output: str) -> dict[tuple[str, str], tuple[int, int]]:
    """{(table, reason): (rows, files)} from the summary's lines."""
    found = {}
    for line in output.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit():
            found[(parts[0], parts[3])] = (int(parts[1]), int(parts[2]))
    return found


def test_summary_counts_by_table_and_reason_kind_without_values(warehouse):
    result = _quarantine("--limit", "0")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("9 quarantined rows in 3 table(s), 4 file(s)")
    assert _summary(result.output) == {
        ("shop.orders", "expected 18 fields as in the header, found 16"): (3, 2),
        ("shop.orders", "total_price: expected a decimal number, got …"): (2, 1),
        ("email.contacts", "created_at: expected a timestamp, got …"): (1, 1),
        ("email.contacts", "email: required value missing"): (1, 1),
        ("export:shop.shopify_orders", "order …: Lineitem price: expected a number, got …"): (
            2,
            1,
        ),
    }
    assert "orders_export.csv:" not in result.output, "--limit 0: no rows"
    for value in (EMAIL, "anna", "12,50", "it's", "#1001", "raw text"):
        assert value not in result.output


def test_rows_are_file_and_line_with_the_reason_kind(warehouse):
    result = _quarantine("--limit", "2")
    assert result.exit_code == 0, result.output
    assert "  email/2026-11-01/contacts.csv:2: created_at: expected a timestamp, got …" in (
        result.output
    )
    assert "  email/2026-11-01/contacts.csv:8: email: required value missing" in result.output
    assert "… and 7 more" in result.output
    assert EMAIL not in result.output


def test_filters_select_table_reason_and_file(warehouse):
    by_table = _summary(_quarantine("--table", "orders").output)
    assert set(by_table) == {
        ("shop.orders", "expected 18 fields as in the header, found 16"),
        ("shop.orders", "total_price: expected a decimal number, got …"),
    }
    assert _summary(_quarantine("--table", "shop.orders").output) == by_table
    by_reason = _summary(_quarantine("--reason", "EXPECTED 18").output)
    assert by_reason == {("shop.orders", "expected 18 fields as in the header, found 16"): (3, 2)}
    by_file = _quarantine("--file", "2026-11-02", "--reason", "decimal")
    assert _summary(by_file.output) == {
        ("shop.orders", "total_price: expected a decimal number, got …"): (2, 1)
    }
    assert "shop/2026-11-02/orders.csv:4:" in by_file.output
    # The reason filter reads the kind, so it cannot find rows by a value they hold.
    assert (
        _quarantine("--reason", EMAIL).output == f"No quarantined rows match --reason {EMAIL!r}.\n"
    )


def test_an_empty_quarantine_says_so(tmp_path, monkeypatch):
    path = tmp_path / "klantbeeld.duckdb"
    duckdb.connect(str(path)).close()
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(path))
    assert _quarantine().output == "Nothing quarantined.\n"


@pytest.mark.parametrize(
    ("args", "exit_code", "says"),
    [
        (["--limit", "-1"], 2, "Invalid value for '--limit': -1 is not in the range x>=0."),
        (["--limit", "many"], 2, "Invalid value for '--limit': 'many' is not a valid integer"),
        ([], 1, "there is no warehouse at"),
    ],
)
def test_errors_end_in_one_plain_line(tmp_path, monkeypatch, args, exit_code, says):
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "none.duckdb"))
    result = _quarantine(*args)
    assert result.exit_code == exit_code
    assert "Traceback" not in result.output
    last = result.output.rstrip("\n").splitlines()[-1]
    assert last.startswith("Error: ")
    assert says in last
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_warehouse_locked_by_a_run_is_one_line(warehouse):
    # Another process writing: DuckDB refuses the read-only open on the file lock.
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            " time.sleep(60)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = _quarantine()
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: the warehouse is in use by another process (a run still going?): try again when "
        "it has finished"
    ]
