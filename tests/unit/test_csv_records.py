"""The record reader against Python's csv module (the reference), plus the cases csv hides."""

import csv
import io
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.csv_records import MAX_RECORD_LINES, read_records, stream_records

# Text that stresses quoting: separators, quotes, spaces, non-ASCII, embedded newlines.
field_text = st.text(alphabet=st.sampled_from([*'ab ,"é\n\r;', "ĳ", "€"]), min_size=0, max_size=8)
rows_strategy = st.lists(st.lists(field_text, min_size=3, max_size=3), min_size=1, max_size=12)


def _write(path: Path, header: list[str], rows: list[list[str]], line_end: str = "\n") -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@settings(max_examples=150, deadline=None)
@given(rows=rows_strategy, line_end=st.sampled_from(["\n", "\r\n", "\r"]))
def test_fields_and_line_numbers_match_the_csv_module(tmp_path_factory, rows, line_end):
    """Also with CRLF and old-Mac CR-only line endings: the reference reads the file with
    Python's universal newlines, where LF, CRLF and a lone CR each end a line."""
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    _write(path, ["a", "b", "c"], rows, line_end)

    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
    next(reader)
    expected, expected_lines, line_before = [], [], reader.line_num
    for record in reader:
        # A line of only spaces is blank to us (the rule of read_records), a field to csv;
        # an unquoted lone CR in a field ends a line in both, so it can make one.
        if record and not (len(record) == 1 and not record[0].strip()):
            expected.append([value if value != "" else None for value in record])
            expected_lines.append(line_before + 1)
        line_before = reader.line_num

    header, records = read_records(path)
    # A field that is empty, quoted or not, reads as null in both.
    got = [[v if v != "" else None for v in fields] for fields in records["fields"].to_list()]
    assert header == ["a", "b", "c"]
    assert got == expected
    assert records["line"].to_list() == expected_lines
    assert records["quoting_ok"].all()


def test_blank_lines_are_skipped_but_line_numbers_stay_true(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n\n3,4\n", encoding="utf-8")
    _, records = read_records(path)
    assert records["line"].to_list() == [2, 4]


def test_invalid_utf8_marks_only_its_own_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,M\xfcller\n2,ok\n")
    _, records = read_records(path)
    assert records["utf8_ok"].to_list() == [False, True]


def test_ragged_rows_keep_their_true_field_count(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n1,2,3\n1,2\n1,2,3,4\n", encoding="utf-8")
    _, records = read_records(path)
    assert records["fields"].list.len().to_list() == [3, 2, 4]


def test_text_after_a_closing_quote_is_flagged(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n"x"y,2\n"x",2\n', encoding="utf-8")
    _, records = read_records(path)
    assert records["quoting_ok"].to_list() == [False, True]


def test_byte_order_mark_and_crlf_are_not_part_of_the_data(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffa,b\r\n1,2\r\n".encode())
    header, records = read_records(path)
    assert header == ["a", "b"]
    assert records["fields"].to_list() == [["1", "2"]]


def test_a_cr_only_file_is_lines_not_one_header(tmp_path):
    # An old-Mac export: every line ends in a lone CR. Read as one line, its header would be the
    # whole file, customer emails included.
    path = tmp_path / "t.csv"
    path.write_bytes(b"id,email\r1,anna@example.nl\r\r2,bob@example.nl\r")
    header, records = read_records(path)
    assert header == ["id", "email"]
    assert records["fields"].to_list() == [["1", "anna@example.nl"], ["2", "bob@example.nl"]]
    assert records["line"].to_list() == [2, 4]


def test_line_endings_split_across_batches_read_as_in_one_batch(tmp_path):
    """A CRLF cut between two batches is one line end, not two; a lone CR at a batch's end is
    one too. Every batch size gives the records of reading the file at once."""
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\r\n1,2\r3,"x\r\ny"\r\n\r\n5,6\r7,8')
    _, whole = read_records(path)
    assert whole["line"].to_list() == [2, 3, 6, 7]
    assert whole["fields"].to_list() == [["1", "2"], ["3", "x\ny"], ["5", "6"], ["7", "8"]]
    for batch_bytes in range(1, 40):
        batches = pl.concat(list(stream_records(path, batch_bytes)), how="vertical")
        assert batches.slice(1).select("line", "fields").equals(whole.select("line", "fields"))


def test_a_quote_that_never_closes_is_one_bad_line_and_the_rows_after_it_are_read(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"open\n2,3\n4,5\n', encoding="utf-8")
    _, records = read_records(path)
    assert records["line"].to_list() == [2, 3, 4]
    assert records["unterminated"].to_list() == [True, False, False]
    assert records["fields"].to_list()[1:] == [["2", "3"], ["4", "5"]]


def test_a_stray_quote_holds_back_at_most_the_record_limit(tmp_path):
    """A quote still open after MAX_RECORD_LINES lines is a stray, however much file follows;
    one that closes within them is a record spanning lines, as the csv module reads it."""
    rows = [f"{n},{n}" for n in range(3 * MAX_RECORD_LINES)]
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + '1,"stray\n' + "\n".join(rows) + "\n", encoding="utf-8")
    _, records = read_records(path)
    assert records.height == 1 + len(rows)
    assert records.filter(pl.col("unterminated"))["line"].to_list() == [2]
    assert records["fields"].to_list()[1:] == [row.split(",") for row in rows]

    spanning = "\n".join(["x"] * (MAX_RECORD_LINES - 1))
    path.write_text(f'a,b\n1,"{spanning}"\n2,3\n', encoding="utf-8")
    _, records = read_records(path)
    assert records["fields"].to_list() == [["1", spanning], ["2", "3"]]
    assert not records["unterminated"].any()


def _records_by_the_rule(lines: list[str], max_record_lines: int) -> list[tuple[int, str, bool]]:
    """The reference, a line at a time: a record starting at a line ends on the first line that
    balances its quotes, within max_record_lines lines; if none does, that line alone is a stray
    (unterminated) and the next line starts a record."""
    records, start = [], 0
    while start < len(lines):
        open_quotes, end = 0, None
        for row in range(start, min(len(lines), start + max_record_lines)):
            open_quotes = (open_quotes + lines[row].count('"')) % 2
            if open_quotes == 0:
                end = row
                break
        if end is None:
            records.append((start + 1, lines[start], True))
            start += 1
        else:
            records.append((start + 1, "\n".join(lines[start : end + 1]), False))
            start = end + 1
    return [record for record in records if record[1].strip()]


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.text(alphabet=st.sampled_from('a," '), max_size=5), min_size=1, max_size=60),
    max_record_lines=st.integers(min_value=1, max_value=4),
)
def test_stray_quotes_are_read_past_as_the_rule_says(tmp_path_factory, lines, max_record_lines):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = pl.concat(list(stream_records(path, max_record_lines=max_record_lines)))
    assert records.select("line", "text", "unterminated").rows() == _records_by_the_rule(
        lines, max_record_lines
    )
