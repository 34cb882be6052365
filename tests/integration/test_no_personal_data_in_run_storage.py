"""No personal value of the input reaches Dagster's storage or any log: `klantbeeld run` on the
mini shop plus broken files (an old-Mac CR-only export, a header holding an address, addresses in
number columns, a file saved without its header that stops the run), then the failure alert the
daemon would send; every file under DAGSTER_HOME (run and event-log SQLite, compute logs,
last_run.log, alerts.log), every other log file and everything printed is searched for every
email, phone number and name the landed files hold. Expected: 0 hits."""

import csv
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.settings import PROJECT_ROOT
from tests.personal_data import EMAIL_COLUMNS, NAME_COLUMNS, PHONE_COLUMNS

pytestmark = pytest.mark.integration

ORDERS_HEADER = (
    "order_id,order_name,customer_id,email,created_at,currency,subtotal_price,total_discounts,"
    "shipping_price,total_tax,total_price,financial_status,cancelled_at,cancel_reason,"
    "sales_channel,discount_code,is_test,tags"
)
# Day 2: files that load, with warnings and quarantined rows.
CR_ONLY_ORDERS = "\r".join(
    [
        ORDERS_HEADER,
        "5101,#1101,1001,zoe.macintosh@example.nl,2025-10-20 10:00:00 +0200,EUR,30.00,0.00,0.00,"
        "5.21,30.00,paid,,,web,,false,",
        "5102,#1102,1002,yusuf.oldmac@example.nl,2025-10-21 11:00:00 +0200,EUR,40.00,0.00,0.00,"
        "6.94,40.00,paid,,,app,,false,",
        "",
    ]
)
CONTACTS_WITH_AN_ADDRESS_IN_THE_HEADER = (
    "contact_id,email,first_name,last_name,phone,status,opted_in_at,status_changed_at,"
    "member_rating,signup_source,xander.header@example.nl\n"
    "c-wim,wim.kroon@example.nl,Wilhelmina,Kroonenberg,+31 6 87654321,subscribed,"
    "2025-06-01 08:00:00,2025-06-01 08:00:00,3,popup,Quirijn\n"
)
REFUNDS_WITH_VALUES_IN_NUMBER_COLUMNS = (
    "refund_id,order_id,created_at,amount,reason\n"
    "rf-x1,5001,2025-10-07 11:50:26 +0200,valentijn.amount@example.nl; Valentijn,damaged\n"
    "rf-x2,5001,ursula.date@example.nl,5.00,damaged\n"
)
# Day 3: an orders export saved without its header: the run stops at raw_shop__orders.
ORDERS_WITHOUT_HEADER = (
    "5201,#1201,1001,theodoor.noheader@example.nl,2025-10-22 10:00:00 +0200,EUR,10.00,0.00,0.00,"
    "1.74,10.00,paid,,,web,,false,\n"
)


def _land(landing: Path, relative: str, content: str) -> None:
    path = landing / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode())


def personal_values(landing: Path) -> dict[str, set[str]]:
    """Every email (lower case), phone (its 9 significant digits) and name (3+ letters) in the
    landed files, header cells included, read with universal newlines as the pipeline reads
    them."""
    values: dict[str, set[str]] = {"emails": set(), "phones": set(), "names": set()}
    for path in sorted(landing.rglob("*.csv")):
        with path.open(encoding="utf-8", errors="replace", newline=None) as file:
            rows = list(csv.reader(file))
        header, body = rows[0], rows[1:]
        cells = [cell for row in rows for cell in row]
        values["emails"] |= {c.strip().lower() for c in cells if "@" in c and "." in c}
        for row in body:
            by_name = dict(zip(header, row, strict=False))
            for column in PHONE_COLUMNS:
                digits = re.sub(r"\D", "", by_name.get(column) or "")
                if len(digits) >= 9:
                    values["phones"].add(digits[-9:])
            for column in (*NAME_COLUMNS, "display_name"):
                name = (by_name.get(column) or "").strip()
                if len(name) >= 3:
                    values["names"].add(name)
    values["emails"] -= {""}
    assert {"zoe.macintosh@example.nl", "xander.header@example.nl"} <= values["emails"]
    assert set(EMAIL_COLUMNS) & {"email", "reviewer_email"}
    return values


def hits(text: str, values: dict[str, set[str]]) -> list[str]:
    lowered = text.lower()
    found = [email for email in values["emails"] if email in lowered]
    digits = re.sub(r"[\s\-()+]", "", text)
    found += [phone for phone in values["phones"] if phone in digits]
    found += [name for name in values["names"] if re.search(rf"\b{re.escape(name)}\b", text)]
    return found


@pytest.fixture
def cli_env(mini_shop, tmp_path, monkeypatch, dbt_manifest):
    monkeypatch.setenv("KLANTBEELD_LANDING_DIR", str(mini_shop))
    monkeypatch.setenv("KLANTBEELD_WAREHOUSE", str(tmp_path / "warehouse" / "klantbeeld.duckdb"))
    monkeypatch.setenv("KLANTBEELD_AS_OF_DATE", "2025-11-01")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return tmp_path


def _send_failure_alert(home: Path) -> None:
    """What the daemon's run-failure sensor does for the newest failed run."""
    from dagster import DagsterEventType, DagsterInstance, build_run_status_sensor_context

    from pipelines.operations.sensors import run_failure_alert

    instance = DagsterInstance.from_config(str(home))
    (run,) = instance.get_runs(limit=1)
    (failure,) = instance.all_logs(run.run_id, of_type=DagsterEventType.RUN_FAILURE)
    context = build_run_status_sensor_context(
        sensor_name="klantbeeld_run_failure_alert",
        dagster_event=failure.dagster_event,
        dagster_instance=instance,
        dagster_run=run,
    )
    run_failure_alert(context.for_run_failure())


def test_no_personal_value_in_dagster_home_logs_or_output(cli_env, mini_shop):
    _land(mini_shop, "shop/2026-11-02/orders.csv", CR_ONLY_ORDERS)
    _land(mini_shop, "email/2026-11-02/contacts.csv", CONTACTS_WITH_AN_ADDRESS_IN_THE_HEADER)
    _land(mini_shop, "shop/2026-11-02/refunds.csv", REFUNDS_WITH_VALUES_IN_NUMBER_COLUMNS)
    loads = CliRunner().invoke(main, ["run", "--verbose"])
    assert loads.exit_code == 0, loads.output
    assert "2 column(s) not in the contract" not in loads.output  # one unknown column, not two
    assert "1 column(s) not in the contract at position(s) 11" in loads.output

    _land(mini_shop, "shop/2026-11-03/orders.csv", ORDERS_WITHOUT_HEADER)
    stops = CliRunner().invoke(main, ["run", "--verbose"])
    assert stops.exit_code != 0
    assert "shop/2026-11-03/orders.csv, line 1 (header): missing required column(s)" in (
        stops.output
    )
    home = cli_env / "dagster_home"
    _send_failure_alert(home)
    assert "missing required column(s)" in (home / "logs" / "alerts.log").read_text()

    values = personal_values(mini_shop)
    searched = {
        "output of the loading run": loads.output,
        "output of the stopped run": stops.output,
    }
    stores = [path for path in home.rglob("*") if path.is_file()]
    stores += sorted((cli_env / "warehouse").rglob("*.log"))
    assert any(path.suffix == ".db" for path in stores)
    assert any("compute_logs" in path.parts for path in stores)
    for path in stores:
        searched[str(path.relative_to(cli_env))] = path.read_bytes().decode("utf-8", "replace")
    # The search reads what is stored: the event log holds the warning and the error as text,
    # so an address in them would have been found.
    event_logs = "".join(text for where, text in searched.items() if where.endswith(".db"))
    assert "not in the contract at position(s) 11" in event_logs
    assert "line 1 (header): missing required column(s)" in event_logs
    assert hits("zoe.macintosh@example.nl, Wilhelmina, 06-87654321", values) == [
        "zoe.macintosh@example.nl",
        "687654321",
        "Wilhelmina",
    ]
    found = {where: hits(text, values) for where, text in searched.items()}
    assert {where: values for where, values in found.items() if values} == {}
