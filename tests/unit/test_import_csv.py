"""Reading import files: header rules, encodings, malformed CSV, line numbers (no database)."""

from __future__ import annotations

import pytest

from wms.core.domain.errors import ImportRefused, Problem
from wms.core.services.imports_csv import Cells, CsvFormat, read_csv

FMT = CsvFormat("things", columns=("sku", "name", "note"), required=("sku", "name"))


def refused(data: bytes | str) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        read_csv(data, "things.csv", FMT)
    assert caught.value.source == "things.csv"
    assert "nothing imported" in str(caught.value)
    return [str(p) for p in caught.value.problems]


def test_reads_rows_with_line_numbers_and_stripped_cells() -> None:
    table = read_csv(b"sku,name\n A1 , First \n\nB2,Second\n", "t.csv", FMT)
    assert table.header == ("sku", "name")
    assert table.rows == [(2, {"sku": "A1", "name": "First"}), (4, {"sku": "B2", "name": "Second"})]
    assert table.problems == []


def test_column_order_is_free_and_header_case_insensitive() -> None:
    table = read_csv(b"Name , SKU\nFirst,A1\n", "t.csv", FMT)
    assert table.rows == [(2, {"name": "First", "sku": "A1"})]


def test_byte_order_mark_is_accepted() -> None:
    table = read_csv("\ufeffsku,name\nA1,Café\n".encode(), "t.csv", FMT)
    assert table.header == ("sku", "name")
    assert table.rows[0][1]["name"] == "Café"


def test_crlf_line_endings_and_quoted_commas() -> None:
    table = read_csv(b'sku,name\r\nA1,"Box, large"\r\nB2,x\r\n', "t.csv", FMT)
    assert table.rows == [(2, {"sku": "A1", "name": "Box, large"}), (3, {"sku": "B2", "name": "x"})]


def test_line_number_is_where_a_multiline_record_starts() -> None:
    table = read_csv(b'sku,name,note\nA1,x,"two\nlines"\nB2,y,\n', "t.csv", FMT)
    assert [line for line, _ in table.rows] == [2, 4]
    assert table.rows[0][1]["note"] == "two\nlines"


def test_empty_file_is_refused() -> None:
    assert refused(b"") == [
        "line 1, column -: expected a header row with columns sku, name, note, found an empty file"
    ]
    assert len(refused(b"\n  \n")) == 1


def test_header_only_is_refused() -> None:
    assert refused(b"sku,name\n") == [
        "line 2, column -: expected at least one row of things after the header, found none"
    ]


def test_unknown_and_missing_columns_are_listed() -> None:
    problems = refused(b"sku,colour,size\nA1,red,XL\n")
    assert problems[0].startswith("line 1, column colour: unknown column: expected one of sku")
    assert problems[1].startswith("line 1, column size: unknown column")
    assert problems[2] == (
        "line 1, column name: required column missing: things files need sku, name"
    )


def test_all_missing_required_columns_are_named() -> None:
    assert refused(b"note\nx\n") == [
        "line 1, column sku, name: required columns missing: things files need sku, name"
    ]


def test_repeated_and_empty_column_names_are_refused() -> None:
    problems = refused(b"sku,name,sku,\nA,B,C,\n")
    assert "line 1, column sku: expected each column once, found it again" in problems
    assert "line 1, column #4: expected a column name, found an empty one" in problems


def test_unterminated_quote_is_refused_with_its_line() -> None:
    assert refused(b'sku,name\nA1,ok\nB2,"never closed\nC3,x\n') == [
        'line 3, column -: expected a closing quote ("), found the end of the file: '
        "a quote is never closed"
    ]


def test_text_after_a_closing_quote_is_refused() -> None:
    problems = refused(b'sku,name\nA1,"x"y\n')
    assert problems[0].startswith("line 2, column -: malformed quoting")


def test_nul_byte_becomes_a_cell_problem() -> None:
    table = read_csv(b"sku,name\nA\x001,x\n", "t.csv", FMT)
    problems: list[Problem] = []
    line, values = table.rows[0]
    Cells(line, values, problems).key("sku")
    assert [str(p) for p in problems] == [
        "line 2, column sku: expected printable characters, found 'A<0x00>1'"
    ]


def test_non_utf8_bytes_are_reported_per_cell_and_reading_goes_on() -> None:
    table = read_csv(b"sku,name\nA1,Caf\xe9\nB2,ok\nC\xff,x\n", "t.csv", FMT)
    assert [str(p) for p in table.problems] == [
        "line 2, column name: expected UTF-8 text, found byte 0xE9 (save the file as 'CSV UTF-8')",
        "line 4, column sku: expected UTF-8 text, found byte 0xFF (save the file as 'CSV UTF-8')",
    ]
    assert table.rows[0][1]["name"] == "Caf\ufffd"
    assert len(table.rows) == 3


def test_utf16_is_refused() -> None:
    problems = refused("sku,name\nA1,x\n".encode("utf-16"))
    assert problems == [
        "line 1, column -: expected UTF-8 text, found UTF-16 (save the file as 'CSV UTF-8')"
    ]


def test_rows_with_too_many_or_too_few_values() -> None:
    table = read_csv(b"sku,name\nA1,x,extra\nB2\nC3,ok\n", "t.csv", FMT)
    assert [str(p) for p in table.problems] == [
        "line 2, column #3: expected 2 values (one per header column), found 3; "
        "extra value 'extra' (a comma inside a value needs quotes)",
        "line 3, column name: expected 2 values (one per header column), found 1",
    ]
    assert table.rows == [(4, {"sku": "C3", "name": "ok"})]


def test_rows_of_empty_cells_are_skipped_like_blank_lines() -> None:
    table = read_csv(b"sku,name\n,\nA1,x\n , \n", "t.csv", FMT)
    assert table.rows == [(3, {"sku": "A1", "name": "x"})]


def test_text_input_is_accepted_too() -> None:
    table = read_csv("\ufeffsku,name\nA1,x\n", "t.csv", FMT)
    assert table.rows == [(2, {"sku": "A1", "name": "x"})]
