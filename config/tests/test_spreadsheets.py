"""Reading an uploaded spreadsheet: its rows as text, and the files refused before
they can hold a worker (too many rows, too many bytes once unpacked, a zip bomb)."""

import datetime
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from config import spreadsheets
from config.spreadsheets import SpreadsheetError, read_rows, read_workbook, safe_cell, unquote
from config.tests.workbooks import (
    SHEET,
    long_workbook,
    rewrite,
    with_dimension,
    workbook,
    workbook_of,
    zip_bomb,
)


def _refused(name, data):
    with pytest.raises(SpreadsheetError) as refused:
        read_rows(name, data)
    return str(refused.value)


def _unopened(monkeypatch):
    """Make openpyxl's loader fail the test if it is reached."""

    def fail(*args, **kwargs):
        raise AssertionError("openpyxl opened a workbook the checks should have refused")

    monkeypatch.setattr(spreadsheets, "load_workbook", fail)


def test_it_reads_a_workbook_as_rows_of_text():
    data = workbook(
        [
            ["name", "when", "count", "share", "formula"],
            [" Safe Homes ", datetime.date(2026, 4, 1), 3, 0.5, "'=1+2"],
            [None, datetime.datetime(2026, 4, 2, 9, 30), 4.0, None, "'-fine"],
        ]
    )
    assert read_rows("book.xlsx", data) == [
        ["name", "when", "count", "share", "formula"],
        ["Safe Homes", "2026-04-01", "3", "0.5", "=1+2"],
        ["", "2026-04-02", "4", "", "-fine"],
    ]


def test_it_reads_every_sheet_of_a_workbook_in_order():
    data = workbook_of({"first": [["a"]], "second": [["b", "c"], [None, "d", None], [None]]})
    # A row ends at its last cell that holds something.
    assert read_workbook(data) == {"first": [["a"]], "second": [["b", "c"], ["", "d"], []]}


def test_it_reads_csv_in_utf8_or_windows_1252():
    assert read_rows("a.csv", "name,amount\r\n Café ,'=SUM(A1)\r\n".encode("utf-8-sig")) == [
        ["name", "amount"],
        ["Café", "=SUM(A1)"],
    ]
    assert read_rows("a.csv", "name\nCafé\n".encode("cp1252")) == [["name"], ["Café"]]
    assert "not text in UTF-8 or Windows-1252" in _refused("a.csv", b"\x00\x01")


def test_an_exported_cell_comes_back_as_it_was():
    for text in ("=1+2", "+44 1793", "-5", "@sum", "plain", "'quoted"):
        assert unquote(safe_cell(text)) == text


def test_it_refuses_a_long_workbook_before_openpyxl_parses_it(monkeypatch):
    # 200,000 rows in well under a megabyte, with no <dimension>: the rows are
    # counted in the sheet's XML as it unpacks, and openpyxl is never reached.
    data = long_workbook()
    assert len(data) < 1024 * 1024
    _unopened(monkeypatch)
    assert _refused("tracker.xlsx", data) == (
        "the file has more than 20,000 rows: at most 20,000 can be read at once, "
        "so split it into smaller files"
    )


def test_it_refuses_a_workbook_whose_dimension_says_it_is_too_long(monkeypatch):
    data = with_dimension(workbook([["a"], ["b"]]), "A1:D200000")
    _unopened(monkeypatch)
    assert _refused("tracker.xlsx", data) == (
        "the file has 200,000 rows: at most 20,000 can be read at once, "
        "so split it into smaller files"
    )


def test_a_dimension_that_understates_the_rows_does_not_help(monkeypatch):
    data = with_dimension(long_workbook(), "A1:D2")
    _unopened(monkeypatch)
    assert "the file has more than 20,000 rows" in _refused("tracker.xlsx", data)


def test_it_stops_reading_at_the_limit_when_the_rows_are_implied(monkeypatch):
    # Two <row> elements, the second numbered 1,000,000 and the dimension lying:
    # openpyxl would yield the 999,998 rows between as empty ones. The reader
    # counts the rows as they stream and stops at the first past the limit.
    book = workbook([["a"]])
    far = rewrite(
        book,
        SHEET,
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="1000000"><c r="A1000000"><v>1</v></c></row></sheetData>'
        ),
    )
    far = with_dimension(far, "A1:A2")
    drawn = []
    rows = ReadOnlyWorksheet._cells_by_row

    def counted(*args, **kwargs):
        for row in rows(*args, **kwargs):
            drawn.append(1)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counted)
    assert "the file has more than 20,000 rows" in _refused("tracker.xlsx", far)
    assert len(drawn) == 20_001


def test_the_row_limit_counts_every_sheet(settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    data = workbook_of({"one": [["a"], ["b"]], "two": [["c"]], "three": [["d"]]})
    with pytest.raises(SpreadsheetError, match="^the file has more than 3 rows"):
        read_workbook(data)
    settings.SPREADSHEET_MAX_ROWS = 4
    assert len(read_workbook(data)) == 3


def test_it_refuses_a_zip_bomb(monkeypatch):
    data = zip_bomb(51 * 1024 * 1024)
    assert len(data) < 200 * 1024
    _unopened(monkeypatch)
    assert _refused("register.xlsx", data) == (
        "the workbook unpacks to 51.0\xa0MB: at most 50.0\xa0MB can be read"
    )


def test_it_refuses_a_part_compressed_far_beyond_any_spreadsheet(monkeypatch):
    _unopened(monkeypatch)
    message = _refused("register.xlsx", zip_bomb(5 * 1024 * 1024))
    assert message.startswith("the workbook holds a part (xl/media/image1.png) compressed ")
    assert message.endswith("times over, far beyond any spreadsheet: it cannot be read")


def test_it_refuses_a_part_that_unpacks_to_more_than_it_says(monkeypatch):
    # The directory at the end of the zip says the part unpacks to 1,000 bytes;
    # it holds a megabyte. Reading stops at 1,000 bytes and the check sum fails.
    data = bytearray(zip_bomb(1024 * 1024))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.rfind(signature)
        data[at + offset : at + offset + 4] = struct.pack("<I", 1000)
    _unopened(monkeypatch)
    assert _refused("register.xlsx", bytes(data)) == (
        "this is not an .xlsx workbook that can be read"
    )


def test_it_refuses_a_file_that_is_not_a_workbook():
    assert (
        _refused("book.xlsx", b"name,email\n") == "this is not an .xlsx workbook that can be read"
    )


def test_it_refuses_a_long_csv_file():
    data = b"action id\n" + b"1\n" * 20_000
    assert _refused("tracker.csv", data).startswith("the file has more than 20,000 rows")
    assert len(read_rows("tracker.csv", data[:-2])) == 20_000


def test_it_refuses_a_csv_file_beyond_the_byte_limit(settings):
    settings.SPREADSHEET_MAX_UNPACKED_BYTES = 1000
    assert _refused("tracker.csv", b"x" * 1001) == (
        "the file is 1001\xa0bytes: at most 1000\xa0bytes can be read"
    )


def test_it_refuses_a_csv_field_too_long_for_the_reader():
    message = _refused("tracker.csv", b'a\n"' + b"x" * 200_000 + b'"\n')
    assert message.startswith("the file is not CSV that can be read")


def test_the_limits_come_from_the_environment():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SPREADSHEET_MAX_ROWS, settings.SPREADSHEET_MAX_UNPACKED_BYTES)",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SPREADSHEET_MAX_ROWS": "500",
            "SPREADSHEET_MAX_UNPACKED_BYTES": "1048576",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "1048576"]
