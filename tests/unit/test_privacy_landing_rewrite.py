"""Finding a person's rows in landed files and rewriting the files without them: every other
byte stays as delivered (line endings, quoting, encoding, a missing final newline)."""

from pathlib import Path

import polars as pl

from pipelines.ingest.csv_records import read_records
from pipelines.ingest.load import load_table
from pipelines.ingest.schemas import SHOP_CUSTOMERS
from pipelines.privacy.ground_truth import forget_in_ground_truth
from pipelines.privacy.landing_rewrite import (
    find_in_landing,
    remove_lines,
    removed_lines,
    rewrite_landing,
)
from pipelines.privacy.person import Person

ANNA = Person(
    customer_ids=frozenset({"p-anna"}),
    tokens=frozenset({"email:anna@example.nl", "phone:+31612345670", "shop_customer:1001"}),
)


def _deliver(landing: Path, source: str, name: str, content: bytes, day="2026-11-01") -> Path:
    folder = landing / source / day
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    path.write_bytes(content)
    return path


def test_removing_lines_keeps_every_other_byte(tmp_path):
    lines = [
        b"\xef\xbb\xbfa,b\r\n",  # BOM and CRLF
        b'1,"two\r\n',  # a quoted field over two lines (record at line 2)
        b'lines, and a comma"\r\n',
        b"\r\n",  # a blank line
        b"3,M\xfcller\r\n",  # Latin-1, not UTF-8
        b'4,"say ""hi"""\r\n',
        b"5,last without newline",
    ]
    path = tmp_path / "file.csv"
    path.write_bytes(b"".join(lines))

    remove_lines(path, [2, 3, 7])

    assert path.read_bytes() == b"".join(lines[0:1] + lines[3:6])


def test_removing_nothing_or_the_first_data_line(tmp_path):
    path = tmp_path / "file.csv"
    path.write_bytes(b"h\n1\n2\n")
    remove_lines(path, [])
    assert path.read_bytes() == b"h\n1\n2\n"
    remove_lines(path, [2])
    assert path.read_bytes() == b"h\n2\n"


def test_a_record_over_several_lines_is_removed_whole(tmp_path):
    landing = tmp_path / "landing"
    path = _deliver(
        landing,
        "shop",
        "customers",
        b"customer_id,email,address1,created_at\n"
        b'1001,anna@example.nl,"Dorpsstraat 1\nachterom",2025-01-10 09:00:00 +0100\n'
        b'1002,bob@example.nl,"Kerkweg 2\nboven",2025-01-10 09:00:00 +0100\n',
    )

    found, _ = find_in_landing(landing, ANNA)
    assert [rows.physical_lines() for rows in found] == [[2, 3]]
    rewrite_landing(landing, found)

    assert path.read_bytes() == (
        b"customer_id,email,address1,created_at\n"
        b'1002,bob@example.nl,"Kerkweg 2\nboven",2025-01-10 09:00:00 +0100\n'
    )


def test_a_cr_only_file_loses_the_persons_record_and_keeps_its_line_endings(tmp_path):
    # An old-Mac export: lines end in a lone CR, and a quoted field spans two of them. The
    # reader and the rewrite must agree on where lines end, or the wrong rows would go.
    landing = tmp_path / "landing"
    content = (
        b"customer_id,email,address1,created_at\r"
        b"1002,bob@example.nl,Kerkweg 2,2025-01-10 09:00:00 +0100\r"
        b'1001,anna@example.nl,"Dorpsstraat 1\rachterom",2025-01-10 09:00:00 +0100\r'
        b"1003,carla@example.nl,Laan 3,2025-01-10 09:00:00 +0100\r"
    )
    path = _deliver(landing, "shop", "customers", content)

    found, _ = find_in_landing(landing, ANNA)
    assert [rows.physical_lines() for rows in found] == [[3, 4]]
    rewrite_landing(landing, found)

    assert path.read_bytes() == (
        b"customer_id,email,address1,created_at\r"
        b"1002,bob@example.nl,Kerkweg 2,2025-01-10 09:00:00 +0100\r"
        b"1003,carla@example.nl,Laan 3,2025-01-10 09:00:00 +0100\r"
    )


def test_lines_end_at_lf_crlf_or_a_lone_cr_when_removing(tmp_path):
    path = tmp_path / "file.csv"
    path.write_bytes(b"h\r\n1\r2\n3\r\n4")
    remove_lines(path, [2, 4])
    assert path.read_bytes() == b"h\r\n2\n4"


def test_a_person_is_found_by_any_spelling_and_by_the_records_of_theirs(tmp_path):
    landing = tmp_path / "landing"
    customers = (
        b"customer_id,email,first_name,last_name,phone,created_at\r\n"
        b"1001,anna@example.nl,Anna,de Vries,,2025-01-10 09:00:00 +0100\r\n"
        b'1002,bob@example.nl,"Bob, Jr.",Smit,,2025-01-10 09:00:00 +0100\r\n'
        b"1009, ANNA+old@Example.NL ,Anna,de Vries,,2025-01-10 09:00:00 +0100\r\n"
        b'1003,carla@example.nl,Carla,"van ""Dijk""",,2025-01-10 09:00:00 +0100\r\n'
        b"1010,,A.,de Vries,06-12345670,2025-01-10 09:00:00 +0100\r\n"
        b"1011,anna@example.nl,Anna,extra,field,,gisteren\r\n"
        b"1004,dave@example.nl,Dave,M\xfcller,,2025-01-10 09:00:00 +0100"
    )
    _deliver(landing, "shop", "customers", customers)
    # An older delivery: the account that the newer one shows with Anna's address.
    _deliver(
        landing,
        "shop",
        "customers",
        b"customer_id,email,created_at\n1009,a.old@example.nl,2024-01-01 09:00:00 +0100\n"
        b"1002,bob@example.nl,2024-01-01 09:00:00 +0100\n",
        day="2026-10-01",
    )
    _deliver(
        landing,
        "shop",
        "orders",
        b"order_id,customer_id,email,created_at,currency,total_price,financial_status,"
        b"sales_channel,is_test\n"
        b"5001,1009,,2025-02-01 10:00:00 +0100,EUR,10.00,paid,web,false\n"
        b"5002,1002,bob@example.nl,2025-02-01 10:00:00 +0100,EUR,10.00,paid,web,false\n"
        b"5003,1001,,2025-02-01 10:00:00 +0100,EUR,0.00,paid,web,true\n",
    )
    _deliver(
        landing,
        "shop",
        "order_lines",
        b"line_id,order_id,sku,quantity,unit_price\nl1,5001,A,1,5\nl2,5002,A,1,5\nl3,5003,B,1,0\n",
    )
    before = {p: p.read_bytes() for p in landing.rglob("*.csv")}

    found, person = find_in_landing(landing, ANNA)

    assert {(rows.file, rows.rows) for rows in found} == {
        ("shop/2026-11-01/customers.csv", 4),
        ("shop/2026-10-01/customers.csv", 1),
        ("shop/2026-11-01/orders.csv", 2),
        ("shop/2026-11-01/order_lines.csv", 2),
    }
    assert {"shop_customer:1009", "shop_customer:1010", "shop_order:5001", "shop_order:5003"} <= (
        person.tokens
    )

    rewrite_landing(landing, found)

    assert (landing / "shop/2026-11-01/customers.csv").read_bytes() == b"\r\n".join(
        line for i, line in enumerate(customers.split(b"\r\n")) if i in (0, 2, 4, 7)
    )
    assert (landing / "shop/2026-11-01/order_lines.csv").read_bytes() == (
        b"line_id,order_id,sku,quantity,unit_price\nl2,5002,A,1,5\n"
    )
    assert find_in_landing(landing, person)[0] == []
    untouched = [p for p in before if p.read_bytes() == before[p]]
    assert untouched == []  # every file held one of hers
    _, records = read_records(landing / "shop/2026-11-01/customers.csv")
    assert records["line"].to_list() == [2, 3, 4]
    load = load_table(landing, SHOP_CUSTOMERS)  # Bob twice, Carla, Dave in Latin-1
    assert (load.loaded, load.duplicates, load.quarantined) == (2, 1, 1)


def test_the_ground_truth_loses_the_person_and_follows_the_new_line_numbers(tmp_path):
    landing, truth = tmp_path / "landing", tmp_path / "truth"
    _deliver(
        landing,
        "shop",
        "customers",
        b"customer_id,email,created_at\n1002,bob@example.nl,x\n1001,anna@example.nl,x\n"
        b"1003,carla@example.nl,x\n1004,dave@example.nl,oops,extra\n",
    )
    truth.mkdir()
    (truth / "persons.csv").write_text(
        "person_id,email,other_email,phone\nP1,bob@example.nl,,\nP2,Anna@example.nl,,\n"
        "P3,carla@example.nl,,06-12345670\n"
    )
    (truth / "record_links.csv").write_text(
        "source,table,record_id,person_id\nshop,customers,1001,P2\nshop,customers,1002,P1\n"
        "email,contacts,c9,P2\n"
    )
    (truth / "malformed_rows.csv").write_text(
        "source,table,file,line,defect\nshop,customers,shop/2026-11-01/customers.csv,5,bad\n"
        "shop,customers,shop/2026-11-01/customers.csv,3,bad\n"
    )

    found, person = find_in_landing(landing, ANNA)
    assert removed_lines(found).to_dicts() == [{"file": "shop/2026-11-01/customers.csv", "line": 3}]
    counts = forget_in_ground_truth(truth, person, found, dry_run=False)

    assert counts == {"persons.csv": 2, "record_links.csv": 2, "malformed_rows.csv": 1}
    persons = pl.read_csv(truth / "persons.csv", infer_schema=False)
    assert persons["person_id"].to_list() == ["P1"]  # Carla's phone is Anna's: P3 goes too
    links = pl.read_csv(truth / "record_links.csv", infer_schema=False)
    assert links["record_id"].to_list() == ["1002"]
    assert (truth / "malformed_rows.csv").read_text().splitlines()[1:] == [
        "shop,customers,shop/2026-11-01/customers.csv,4,bad"
    ]
