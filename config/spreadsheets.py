"""Spreadsheets in and out: a table as a CSV or XLSX download, and the rows of an
uploaded CSV file or .xlsx workbook.

Out: text that a spreadsheet would run as a formula gets a leading quote;
numbers stay numbers (Decimal for money), so totals can be checked in Excel;
dates stay dates (a date cell in XLSX, YYYY-MM-DD in CSV).

In: every cell comes back as text, stripped, with that leading quote taken off
again. A file that would hold a worker is refused (SpreadsheetError) before it
is parsed: more rows than SPREADSHEET_MAX_ROWS, or more bytes to parse than
SPREADSHEET_MAX_UNPACKED_BYTES. An .xlsx file is a zip archive, so its size on
upload says little: a few hundred kilobytes can hold 200,000 empty rows, and
less can unpack to gigabytes. So before openpyxl opens one, the zip's directory
gives each part's unpacked size (zipfile stops reading a part at that size), and
the parts are unpacked as a stream to count their rows, since a sheet's
<dimension> may be missing (openpyxl would then parse the whole sheet just to
size it) or wrong. openpyxl then reads the sheets in streaming mode, counting
the rows again as they come.
"""

import csv
import datetime
import io
import re
import zipfile
import zlib
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value):
    """A value as a cell: text that a spreadsheet would run as a formula gets a leading
    quote, and loses the control characters a workbook cannot hold."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    if isinstance(value, datetime.date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def unquote(text):
    """Text as it was before safe_cell quoted it."""
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_START:
        return text[1:]
    return text


def table_bytes(headers, rows, fmt, *, sheet="Sheet1"):
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([safe_cell(h) for h in headers])
        writer.writerows([safe_cell(v) for v in row] for row in rows)
        return out.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        return workbook_bytes({sheet: (headers, rows)})
    raise ValueError(f"Unknown format {fmt!r}: use csv or xlsx.")


def workbook_bytes(sheets):
    """An .xlsx workbook of {sheet name: (headers, rows)}, each header row bold and
    kept in view."""
    book = Workbook()
    book.remove(book.active)
    for name, (headers, rows) in sheets.items():
        ws = book.create_sheet(_sheet_title(name))
        ws.append([safe_cell(h) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for row in rows:
            ws.append([_naive(safe_cell(v)) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _naive(value):
    """A workbook has no time zones: an aware datetime as the local time the pages show."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _sheet_title(name):
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet1"


def table_response(filename, headers, rows, fmt, *, sheet="Sheet1"):
    """An attachment `filename.fmt` holding the headers and rows."""
    response = HttpResponse(table_bytes(headers, rows, fmt, sheet=sheet), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# Reading ---------------------------------------------------------------------

NOT_A_WORKBOOK = "this is not an .xlsx workbook that can be read"
NOT_TEXT = "the file is not text in UTF-8 or Windows-1252 (save it as CSV UTF-8)"
# The sheets of a workbook are XML, which compresses about ten times over; a zip
# bomb about a thousand. A part larger than a megabyte that is compressed more than
# this many times over is refused.
MOST_COMPRESSED = 100
COMPRESSED_PART = 1024 * 1024
# The columns read from a sheet: no import here reads more than 14, and a 360Giving
# file from another publisher about 60. A cell further right is not read.
MOST_COLUMNS = 200
CHUNK = 1024 * 1024
# What unpacking a damaged, encrypted or lying zip raises (zipfile stops a part
# at the size the zip's directory gives it, and then its checksum fails).
UNPACKING_FAILED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)
# The start of a row in a sheet's XML (<row r="1">, <x:row>, <row/>), and the
# sheet's <dimension ref="A1:D20"/>, which gives its last row when it is right.
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s/>]")
DIMENSION_TAG = re.compile(
    rb'<(?:[A-Za-z_][\w.-]{0,30}:)?dimension\s+ref="\$?[A-Z]*\$?(\d*)(?::\$?[A-Z]*\$?(\d+))?"'
)


class SpreadsheetError(Exception):
    """A file refused whole, before its rows are checked: not a spreadsheet that can
    be read, or beyond the limits. The message is for the person who sent it."""


def read_rows(name, data):
    """The rows of a CSV file, or of the first sheet of an .xlsx workbook (by the
    file's name), as lists of text."""
    if name.lower().endswith(".xlsx"):
        return next(iter(read_workbook(data).values()), [])
    return read_csv(data)


def read_csv(data):
    """The rows of CSV bytes in UTF-8 (with or without a BOM) or Windows-1252."""
    _check_size(len(data), "the file is")
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    rows = []
    try:
        for row in reader:
            if len(rows) == settings.SPREADSHEET_MAX_ROWS:
                raise _too_long()
            rows.append([unquote(cell.strip()) for cell in row])
    except csv.Error as error:
        raise SpreadsheetError(f"the file is not CSV that can be read: {error}") from None
    return rows


def read_workbook(data):
    """{sheet title: rows} of every sheet of an .xlsx workbook, in order; a row
    ends at its last cell that holds something."""
    _check_archive(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise SpreadsheetError(NOT_A_WORKBOOK) from None
    left = settings.SPREADSHEET_MAX_ROWS
    tables = {}
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # read every row, whatever the sheet says its size is
            table = tables[sheet.title] = []
            for row in sheet.iter_rows(max_col=MOST_COLUMNS, values_only=True):
                left -= 1
                if left < 0:
                    raise _too_long()
                cells = [_text(value) for value in row]
                while cells and not cells[-1]:
                    cells.pop()
                table.append(cells)
    except SpreadsheetError:
        raise
    except Exception:
        raise SpreadsheetError(NOT_A_WORKBOOK) from None
    finally:
        book.close()
    return tables


def _check_archive(data):
    """Refuse a workbook that unpacks to too much, or holds too many rows, by its
    zip directory and then by unpacking each part as a stream; nothing is parsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(NOT_A_WORKBOOK) from None
    parts = archive.infolist()
    _check_size(sum(part.file_size for part in parts), "the workbook unpacks to")
    for part in parts:
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size > COMPRESSED_PART and ratio > MOST_COMPRESSED:
            raise SpreadsheetError(
                f"the workbook holds a part ({part.filename}) compressed {ratio:,} times over, "
                "far beyond any spreadsheet: it cannot be read"
            )
    rows = 0
    for part in parts:
        try:
            with archive.open(part) as stream:
                rows += _rows_in(stream)
        except UNPACKING_FAILED:
            raise SpreadsheetError(NOT_A_WORKBOOK) from None
        if rows > settings.SPREADSHEET_MAX_ROWS:
            raise _too_long()


def _rows_in(stream):
    """The number of <row> elements in a part, counted as it unpacks; a sheet whose
    <dimension> says it has too many rows is refused from its first bytes."""
    chunk = stream.read(CHUNK)
    dimension = DIMENSION_TAG.search(chunk)
    if dimension:
        last = int(dimension[2] or dimension[1] or 0)
        if last > settings.SPREADSHEET_MAX_ROWS:
            raise _too_long(last)
    rows, carried = 0, b""
    while chunk:
        chunk = carried + chunk
        # A row's tag holds one "<", its first character, so none straddles the last "<".
        cut = chunk.rfind(b"<")
        cut = len(chunk) if cut < 0 else cut
        rows += len(ROW_TAG.findall(chunk, 0, cut))
        carried = chunk[cut:]
        if rows > settings.SPREADSHEET_MAX_ROWS:
            raise _too_long()
        chunk = stream.read(CHUNK)
    return rows + len(ROW_TAG.findall(carried))


def _check_size(size, what):
    limit = settings.SPREADSHEET_MAX_UNPACKED_BYTES
    if size > limit:
        raise SpreadsheetError(
            f"{what} {filesizeformat(size)}: at most {filesizeformat(limit)} can be read"
        )


def _too_long(found=None):
    limit = settings.SPREADSHEET_MAX_ROWS
    said = f"{found:,} rows" if found else f"more than {limit:,} rows"
    return SpreadsheetError(
        f"the file has {said}: at most {limit:,} can be read at once, so split it into "
        "smaller files"
    )


def _decode(data):
    """UTF-8 (with or without a BOM), else Windows-1252; never a guess that corrupts."""
    if b"\x00" in data:
        raise SpreadsheetError(NOT_TEXT)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetError(NOT_TEXT) from None


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unquote(str(value).strip())
