"""Erasure and access on a generated demo shop, end to end.

One module-wide story: the daily job builds the warehouse and the published copy; requests that
must change nothing (an unknown address, a dry run, no secret, a warehouse held by another
process) change nothing; `klantbeeld export-person` writes one person's data; `klantbeeld forget`
erases them, and a byte search over every file under data/ and warehouse/ finds neither their
address, nor their phone, nor their name; a second person is erased by the Dagster job; then the
original exports are delivered again and the job re-run: neither person comes back, and every
landed row is still accounted for.
"""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from dagster import DagsterInstance

from pipelines.cli import main
from pipelines.definitions import build_definitions
from pipelines.demo.generate import generate_demo
from pipelines.identity.identifiers import e164
from pipelines.ingest.csv_records import read_records
from pipelines.ingest.load import delivery_files
from pipelines.ingest.schemas import SHOP_CUSTOMERS, TABLES
from pipelines.privacy.erasure_job import FORGET_JOB
from pipelines.privacy.suppression import SUPPRESSION_KEY_VARIABLE
from pipelines.publish.release import RELEASES, current_release
from pipelines.resources import Warehouse, build_resources
from tests.warehouse_queries import frame, rows

pytestmark = pytest.mark.integration

PEOPLE, DAYS = 400, 365


def _landed(landing: Path) -> tuple[list[bytes], list[tuple]]:
    """Every landed line, and every landed table as text with its identifying columns."""
    lines = [
        line for path in sorted(landing.rglob("*.csv")) for line in path.read_bytes().split(b"\n")
    ]
    tables = [
        (
            {c.name: c.identifies for c in table.identifying_columns},
            pl.read_csv(
                path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
            ),
        )
        for table in TABLES
        for path in delivery_files(landing, table)
    ]
    return lines, tables


def _subject(landed: tuple[list[bytes], list[tuple]], person: dict, ids: list[str]) -> dict | None:
    """The person as the files show them, if their last name and phone occur nowhere but on
    their own rows (so that finding either after the erasure means it failed)."""
    lines, tables = landed
    email = person["email"].lower()

    def theirs(line: bytes) -> bool:
        return email.encode() in line.lower() or any(i.encode() in line for i in ids)

    spellings, phones = {email.encode()}, set()
    for columns, table in tables:
        present = [c for c in columns if c in table.columns]
        mine = table.filter(
            pl.any_horizontal(pl.lit(False), *(pl.col(c).is_in(ids) for c in present))
            | pl.any_horizontal(
                pl.lit(False),
                *(
                    pl.col(c).str.to_lowercase().str.contains(email, literal=True)
                    for c in present
                    if columns[c] == "email"
                ),
            )
        )
        for column in present:
            values = {v.strip() for v in mine[column].drop_nulls() if v.strip()}
            if columns[column] == "email":
                spellings |= {v.lower().encode() for v in values}
            elif columns[column] == "phone":
                phones |= {v.encode() for v in values}
    # The warehouse holds the phone as E.164 as well.
    phones |= {p.encode() for p in e164(pl.Series([p.decode() for p in phones])).drop_nulls()}
    name = person["last_name"].encode()
    named = [line for line in lines if name in line]
    if not named or not phones or not all(theirs(line) for line in named):
        return None
    if not all(theirs(line) for phone in phones for line in lines if phone in line):
        return None
    return {
        "email": person["email"],
        "spellings": sorted(spellings),
        "phones": sorted(phones),
        "name": name,
        "ids": ids,
    }


def _pick(landing: Path, truth: Path, count: int) -> list[dict]:
    persons = pl.read_csv(truth / "persons.csv", infer_schema=False)
    links = pl.read_csv(truth / "record_links.csv", infer_schema=False)
    candidates = persons.filter(
        (pl.col("is_buyer") == "true")
        & (pl.col("on_email_list") == "true")
        & (pl.col("social_profiles") == "0")
        & pl.col("other_email").is_null()
        & pl.col("phone").is_not_null()
    )
    landed, chosen = _landed(landing), []
    for person in candidates.iter_rows(named=True):
        ids = links.filter(pl.col("person_id") == person["person_id"])["record_id"].to_list()
        subject = _subject(landed, person, ids)
        if subject:
            chosen.append(subject)
        if len(chosen) == count:
            return chosen
    raise AssertionError("the demo has too few people with a unique name and phone")


def _occurrences(roots: list[Path], person: dict) -> dict[str, list[str]]:
    """Which files hold the person's address (any spelling, any case), phone or name."""
    found = {"email": [], "phone": [], "name": []}
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            data = path.read_bytes()
            lowered = data.lower()
            where = str(path.relative_to(root.parent))
            if any(s in lowered for s in person["spellings"]):
                found["email"].append(where)
            if any(p in data for p in person["phones"]):
                found["phone"].append(where)
            if person["name"] in data:
                found["name"].append(where)
    return found


def _digest(roots: list[Path]) -> dict[str, str]:
    digests = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            key = str(path.relative_to(root.parent))
            if path.is_symlink():
                digests[key] = str(path.readlink())
            elif path.is_file():
                digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def _landed_at_their_lines(warehouse: Path, landing: Path) -> dict[str, object]:
    """Whether each quarantined row and each loaded account still names the landed line it came
    from: the raw text at that line, the account id first on it."""
    quarantined = rows(warehouse, "select file, line, raw_text from ops.quarantine order by all")
    accounts = rows(
        warehouse,
        "select _source_file as file, _source_line as line, customer_id from raw_shop.customers",
    )
    texts = {}
    for row in quarantined + accounts:
        if row["file"] not in texts:
            _, records = read_records(landing / row["file"])
            texts[row["file"]] = dict(zip(records["line"], records["text"], strict=True))
    return {
        "quarantine": {(q["file"], q["raw_text"]): q["line"] for q in quarantined},
        "wrong": [q for q in quarantined if texts[q["file"]].get(q["line"]) != q["raw_text"]]
        + [
            a
            for a in accounts
            if not texts[a["file"]].get(a["line"], "").startswith(f"{a['customer_id']},")
        ],
    }


def _columns(warehouse: Path) -> list[tuple]:
    return frame(
        warehouse,
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "order by all",
    ).rows()


HOLDER = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(120)
"""


def _while_held(warehouse: Path, action):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(warehouse)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        return action()
    finally:
        holder.kill()
        holder.wait()


def _forget_by_job(warehouse: Path, email: str):
    resources = {**build_resources(), "warehouse": Warehouse(path=str(warehouse))}
    job = build_definitions(resources).resolve_job_def(FORGET_JOB)
    return job.execute_in_process(
        instance=DagsterInstance.ephemeral(),
        raise_on_error=False,
        run_config={"ops": {"forget_person": {"config": {"email": email}}}},
    )


@pytest.fixture(scope="module")
def story(run_pipeline, tmp_path_factory):
    root = tmp_path_factory.mktemp("erasure")
    data, landing, truth = root / "data", root / "data" / "landing", root / "data" / "ground_truth"
    warehouse = root / "warehouse" / "klantbeeld.duckdb"
    roots = [root / "data", root / "warehouse"]
    generate_demo(landing, truth, customers=PEOPLE, days=DAYS, seed=23)
    first = run_pipeline(landing, warehouse)
    anna, bob = _pick(landing, truth, 2)
    originals = root / "original_exports"
    shutil.copytree(landing, originals)
    env = {
        "KLANTBEELD_LANDING_DIR": str(landing),
        "KLANTBEELD_WAREHOUSE": str(warehouse),
        "KLANTBEELD_GROUND_TRUTH_DIR": str(truth),
    }
    cli = CliRunner()
    # Anna asks in her own spelling: case and spaces must not matter.
    anna_asks = f"  {anna['email'].upper()} "

    story = {"root": root, "data": data, "warehouse": warehouse, "anna": anna, "bob": bob}
    story["first"] = first
    story["found_before"] = _occurrences(roots, anna)
    story["lines_before"] = _landed_at_their_lines(warehouse, landing)
    story["columns_before"] = _columns(warehouse)
    story["customers_before"] = frame(warehouse, "select count(*) as n from marts.customer_360")[
        "n"
    ][0]
    untouched = _digest(roots)
    story["unknown"] = cli.invoke(main, ["forget", "--email", "nobody@nowhere.example"], env=env)
    story["dry_run"] = cli.invoke(main, ["forget", "--email", anna_asks, "--dry-run"], env=env)
    story["no_key"] = cli.invoke(
        main, ["forget", "--email", anna_asks, "--yes"], env={**env, SUPPRESSION_KEY_VARIABLE: None}
    )
    story["held"] = _while_held(
        warehouse, lambda: cli.invoke(main, ["forget", "--email", anna_asks, "--yes"], env=env)
    )
    story["unchanged"] = _digest(roots) == untouched

    with cli.isolated_filesystem(temp_dir=root) as folder:
        story["export_default"] = cli.invoke(main, ["export-person", "--email", anna_asks], env=env)
        story["export_files"] = sorted(p.name for p in Path(folder).iterdir())
        story["export_mode"] = [p.stat().st_mode & 0o777 for p in Path(folder).iterdir()]
    export = root / "export.json"
    story["export"] = cli.invoke(
        main, ["export-person", "--email", anna_asks, "--output", str(export)], env=env
    )
    story["export_text"] = export.read_text()

    story["forget"] = cli.invoke(main, ["forget", "--email", anna_asks, "--yes"], env=env)
    story["found_after"] = _occurrences(roots, anna)
    story["columns_after"] = _columns(warehouse)
    story["lines_after"] = _landed_at_their_lines(warehouse, landing)
    published = warehouse.parent / "published"
    story["releases"] = sorted(p.name for p in (published / RELEASES).iterdir())
    story["current"] = current_release(published)
    story["warehouse_folder"] = sorted(p.name for p in warehouse.parent.iterdir())
    spill = warehouse.parent / "spill"
    story["spill_left"] = sorted(p.name for p in spill.iterdir()) if spill.is_dir() else []
    story["again"] = cli.invoke(main, ["forget", "--email", anna["email"], "--yes"], env=env)

    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        story["job"] = _forget_by_job(warehouse, bob["email"])
    story["bob_found_after"] = _occurrences(roots, bob)
    story["audit"] = (warehouse.parent / "erasure" / "audit.jsonl").read_text()
    story["suppressions"] = (warehouse.parent / "erasure" / "suppressions.csv").read_text()

    # The shop delivers its old exports again, both people in them.
    shutil.rmtree(landing)
    shutil.copytree(originals, landing)
    story["rerun"] = run_pipeline(landing, warehouse)
    story["found_after_rerun"] = _occurrences([root / "warehouse"], anna)
    story["bob_found_after_rerun"] = _occurrences([root / "warehouse"], bob)
    return story


# --- requests that change nothing ---------------------------------------------------------------


def test_the_byte_search_finds_the_person_before_the_erasure(story):
    assert story["first"].success
    found = story["found_before"]
    assert found["email"]
    assert found["phone"]
    assert found["name"]
    # The warehouse file holds the address as bytes: what the search after the erasure must miss.
    assert "warehouse/klantbeeld.duckdb" in found["email"]


def test_an_unknown_address_is_an_error_and_changes_nothing(story):
    result = story["unknown"]
    assert result.exit_code == 1
    assert "Nothing is held about this email address" in result.output
    assert story["unchanged"]


def test_a_dry_run_counts_without_changing_anything(story):
    result = story["dry_run"]
    assert result.exit_code == 0, result.output
    assert "Dry run (nothing changed)" in result.output
    assert "raw_shop.customers" in result.output
    assert "marts.customer_360" in result.output
    assert "shop/2026-11-01/customers.csv" in result.output
    assert story["anna"]["email"].lower() not in result.output.lower()
    assert story["unchanged"]


def test_without_the_secret_or_with_the_warehouse_held_nothing_is_erased(story):
    assert story["no_key"].exit_code == 1
    assert f"{SUPPRESSION_KEY_VARIABLE} is not set" in story["no_key"].output
    assert story["held"].exit_code == 1
    assert "in use by another process" in story["held"].output
    assert story["unchanged"]


# --- access ------------------------------------------------------------------------------------


def test_export_person_writes_all_of_theirs_and_nothing_of_anyone_else(story):
    assert story["export"].exit_code == 0, story["export"].output
    export = json.loads(story["export_text"])
    anna, bob = story["anna"], story["bob"]
    assert len(export["customer_ids"]) == 1
    record_ids = {r["record_id"] for r in export["identity_records"]}
    assert record_ids <= set(anna["ids"])
    assert any(i in record_ids for i in anna["ids"])
    customers = export["landing"]["shop/2026-11-01/customers.csv"]
    assert {row["email"].strip().lower() for row in customers} == {anna["email"].lower()}
    (person,) = export["warehouse"]["marts.customer_360"]
    assert person["email"] == anna["email"].lower()
    assert person["customer_id"] == export["customer_ids"][0]
    assert "T" in person["first_seen_at"]  # ISO 8601
    for table in ("raw_shop.orders", "intermediate.identity_records", "marts.customer_rfm"):
        assert export["warehouse"][table], table
    text = story["export_text"].lower()
    assert bob["email"].lower() not in text
    assert not any(i in text for i in bob["ids"])


def test_the_default_export_name_does_not_name_the_person(story):
    assert story["export_default"].exit_code == 0, story["export_default"].output
    (name,) = story["export_files"]
    assert name.startswith("person-export-")
    assert name.endswith(".json")
    assert story["anna"]["email"].split("@")[0].lower() not in name.lower()
    assert story["export_mode"] == [0o600]


# --- erasure -----------------------------------------------------------------------------------


def test_after_forget_no_file_under_data_or_warehouse_holds_the_person(story):
    assert story["forget"].exit_code == 0, story["forget"].output
    assert story["found_after"] == {"email": [], "phone": [], "name": []}
    assert story["anna"]["email"].lower() not in story["forget"].output.lower()


def test_the_warehouse_keeps_its_shape_and_only_the_new_release_is_left(story):
    assert story["columns_after"] == story["columns_before"]
    assert story["releases"] == [story["current"].name]
    # No scratch copy, no WAL: only the warehouse, its published copy, the erasure log, dbt's
    # working folders (the byte search above covers them too) and DuckDB's spill folder, empty:
    # no staged rows or spill files of ingestion or dbt outlive their step.
    assert set(story["warehouse_folder"]) - {"spill"} == {
        "dbt", "erasure", "klantbeeld.duckdb", "published"
    }  # fmt: skip
    assert story["spill_left"] == []


def test_quarantined_rows_and_loaded_rows_still_name_their_landed_line(story):
    before, after = story["lines_before"], story["lines_after"]
    assert before["wrong"] == []
    assert after["wrong"] == []
    # Lines below the removed ones moved up: the check above saw renumbered rows.
    moved = [row for row, line in after["quarantine"].items() if before["quarantine"][row] != line]
    assert moved


def test_forgetting_again_says_it_was_erased_before(story):
    result = story["again"]
    assert result.exit_code == 1
    assert "erased before" in result.output


def test_the_dagster_job_erases_with_the_same_function(story):
    assert story["job"].success
    assert story["bob_found_after"] == {"email": [], "phone": [], "name": []}


def test_the_audit_has_a_line_per_erasure_without_personal_data(story):
    lines = [json.loads(line) for line in story["audit"].splitlines()]
    assert [line["via"] for line in lines] == ["cli", "dagster"]
    for line in lines:
        assert len(line["subject"]) == 64
        assert line["warehouse_rows_removed"]["marts.customer_360"] == 1
        assert line["landing_rows_removed"]["shop/2026-11-01/customers.csv"] >= 1
        assert line["suppression_entries_added"] > 0
        assert line["residue"] == []
        assert line["erased_at"].endswith("+00:00")
    for text in (story["audit"], story["suppressions"]):
        lowered = text.lower()
        for person in (story["anna"], story["bob"]):
            assert not any(s.decode() in lowered for s in person["spellings"])
            assert not any(p.decode() in text for p in person["phones"])
            assert person["name"].decode() not in text
            assert not any(i in text for i in person["ids"])


# --- the old exports again ---------------------------------------------------------------------


def _checks(result) -> dict[str, bool]:
    return {
        f"{e.event_specific_data.asset_key.to_user_string()}:{e.event_specific_data.check_name}": (
            e.event_specific_data.passed
        )
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }


def test_re_ingesting_the_original_exports_does_not_bring_them_back(story):
    assert story["rerun"].success
    assert story["found_after_rerun"] == {"email": [], "phone": [], "name": []}
    assert story["bob_found_after_rerun"] == {"email": [], "phone": [], "name": []}
    warehouse = story["warehouse"]
    for person in (story["anna"], story["bob"]):
        ids, email = person["ids"], person["email"].lower()
        for relation, column in (
            ("raw_shop.customers", "customer_id"),
            ("raw_shop.orders", "order_id"),
            ("raw_shop.order_lines", "order_id"),
            ("raw_email.contacts", "contact_id"),
            ("raw_email.events", "contact_id"),
            ("intermediate.identity_records", "record_id"),
        ):
            held = rows(
                warehouse,
                f"select count(*) as n from {relation} where list_contains({ids}, {column})",
            )
            assert held == [{"n": 0}], relation
        for relation in (
            "marts.customer_360",
            "marts.consent_ledger",
            "intermediate.identity_records",
        ):
            held = rows(
                warehouse, f"select count(*) as n from {relation} where lower(email) = '{email}'"
            )
            assert held == [{"n": 0}], relation
        quarantined = rows(
            warehouse,
            f"select count(*) as n from ops.quarantine where lower(raw_text) like '%{email}%'",
        )
        assert quarantined == [{"n": 0}]
    persons = frame(warehouse, "select count(*) as n from marts.customer_360")["n"][0]
    assert persons == story["customers_before"] - 2


def test_every_landed_row_is_still_accounted_for_with_the_suppressed_ones_counted(story):
    checks = _checks(story["rerun"])
    reconcile = {k: v for k, v in checks.items() if k.endswith(":landed_rows_reconcile")}
    assert len(reconcile) == len(TABLES)
    assert all(reconcile.values())
    logged = frame(
        story["warehouse"],
        "select table_name, landed, loaded, duplicates, quarantined, suppressed "
        "from ops.ingest_log where run_id = ?".replace("?", f"'{story['rerun'].run_id}'"),
    )
    assert logged.filter(pl.col("table_name") == SHOP_CUSTOMERS.name)["suppressed"][0] >= 2
    assert (
        logged["landed"]
        == logged["loaded"] + logged["duplicates"] + logged["quarantined"] + logged["suppressed"]
    ).all()
