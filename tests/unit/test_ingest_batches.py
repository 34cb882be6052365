"""Ingestion reads files in bounded batches: the outcome must not depend on the batch size.

Whatever the batch boundaries cut through (a quoted field spanning lines, a blank line, CRLF, a
byte that is not UTF-8), the records, their line numbers, the warehouse tables, the quarantine
and the reconciliation are those of reading the file in one piece.
"""

import datetime as dt
from pathlib import Path

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.csv_records import stream_records
from pipelines.ingest.load import load_table
from pipelines.ingest.schemas import SOCIAL_INTERACTIONS
from pipelines.ingest.warehouse_writes import write_deliveries

WHOLE_FILE = 2**30
DAY = dt.date(2026, 11, 1)
HEADER = "interaction_id,profile_id,platform,interaction_type,post_id,text,occurred_at"

# Bytes that make CSV hard: separators, quotes, line ends, multi-byte UTF-8, invalid UTF-8.
csv_bytes = st.lists(
    st.sampled_from([b"a", b",", b'"', b"\n", b"\r\n", b" ", "é".encode(), b"\xff"]),
    max_size=80,
).map(b"".join)


def _as_rows(batches) -> list[tuple]:
    columns = ("line", "text", "fields", "quoting_ok", "utf8_ok", "unterminated")
    return [row for batch in batches for row in batch.select(columns).rows()]


@settings(max_examples=300, deadline=None)
@given(
    content=csv_bytes,
    batch_bytes=st.integers(min_value=1, max_value=24),
    max_record_lines=st.integers(min_value=1, max_value=4),
)
def test_records_do_not_depend_on_the_batch_size(
    tmp_path_factory, content, batch_bytes, max_record_lines
):
    """Also where stray quotes are read past (a small record limit makes them common here)."""
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(content)
    whole = _as_rows(stream_records(path, WHOLE_FILE, max_record_lines))
    assert _as_rows(stream_records(path, batch_bytes, max_record_lines)) == whole


def _interactions(landing: Path) -> dict[str, int]:
    """A social interactions delivery of ~1,000 records, each kind of hard record repeated;
    returns the line each interaction id's (first) record starts on."""
    lines, starts = [HEADER], {}
    for n in range(1, 1001):
        line_number = sum(line.count("\n") + 1 for line in lines) + 1
        kind = n % 7
        if kind == 0:  # a comment over three lines
            record = f'i{n},p{n},instagram,comment,,"line one\nline ""two""\nthree",1769917267'
        elif kind == 1:  # a copy of the previous interaction: a duplicate
            record = f"i{n - 1},p{n - 1},instagram,like,,,1769917267"
        elif kind == 2:  # ragged: quarantined
            record = f"i{n},p{n},instagram"
        elif kind == 3:  # a blank line, then the record
            lines.append("")
            line_number += 1
            record = f"i{n},p{n},facebook,share,post{n},,1769917267"
        else:
            record = f"i{n},p{n},instagram,like,post{n},nice,1769917267"
        starts.setdefault(record.split(",")[0], line_number)
        lines.append(record)
    folder = landing / "social" / DAY.isoformat()
    folder.mkdir(parents=True)
    (folder / "interactions.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return starts


def _warehouse_state(load) -> tuple:
    with duckdb.connect() as connection:
        counts = write_deliveries(connection, load, [DAY], run_id="test")
        raw = connection.execute("select * from raw_social.interactions order by all").fetchall()
        quarantine = connection.execute(
            "select file, line, reason, raw_text from ops.quarantine order by line"
        ).fetchall()
    return counts, raw, quarantine


def test_a_file_larger_than_a_batch_loads_as_if_read_whole(tmp_path):
    starts = _interactions(tmp_path)
    whole = load_table(tmp_path, SOCIAL_INTERACTIONS, batch_bytes=WHOLE_FILE)
    batched = load_table(tmp_path, SOCIAL_INTERACTIONS, batch_bytes=1000)
    # ~60 KB in 1,000-byte batches: many boundaries, some inside the three-line comments.
    assert len(batched.delivered.files) > 40
    assert len(whole.delivered.files) == 2  # the schema's empty file and the one batch

    assert _warehouse_state(batched) == _warehouse_state(whole)
    assert batched.quarantine.equals(whole.quarantine)
    assert (batched.landed, batched.loaded, batched.duplicates, batched.quarantined) == (
        whole.landed,
        whole.loaded,
        whole.duplicates,
        whole.quarantined,
    )
    assert batched.landed == 1000
    assert batched.reconciles
    lines = dict(batched.rows.select("interaction_id", "_source_line").iter_rows())
    assert lines == {key: starts[key] for key in lines}
    assert batched.quarantine["line"].to_list() == [
        starts[f"i{n}"] for n in range(1, 1001) if n % 7 == 2
    ]


def test_closing_a_load_removes_its_staged_rows(tmp_path):
    _interactions(tmp_path / "landing")
    load = load_table(
        tmp_path / "landing", SOCIAL_INTERACTIONS, staging_dir=tmp_path / "spill", batch_bytes=4096
    )
    assert list((tmp_path / "spill").glob("*/part-*.parquet"))
    load.close()
    assert not list((tmp_path / "spill").iterdir())


def test_a_stray_quote_quarantines_its_line_and_the_rows_after_it_load(tmp_path):
    """A comment opened with a quote that never closes: its line is quarantined as
    unterminated, the 300 interactions after it load, and the counts reconcile."""
    lines = [HEADER, 'i0,p0,instagram,comment,,"five stars,1769917267']
    lines += [f"i{n},p{n},instagram,like,post{n},nice,1769917267" for n in range(1, 301)]
    folder = tmp_path / "social" / DAY.isoformat()
    folder.mkdir(parents=True)
    (folder / "interactions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    load = load_table(tmp_path, SOCIAL_INTERACTIONS, batch_bytes=1000)
    assert load.quarantine["line"].to_list() == [2]
    assert load.quarantine["reason"][0].startswith("unterminated quoted field")
    assert sorted(load.rows["_source_line"].to_list()) == list(range(3, 303))
    assert (load.landed, load.loaded, load.quarantined) == (301, 300, 1)
    assert load.reconciles
