"""A table as a CSV or XLSX download, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula gets a leading quote; numbers
stay numbers (Decimal for money), so totals can be checked in Excel; dates stay
dates (a date cell in XLSX, YYYY-MM-DD in CSV).
"""

import csv
import datetime
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    if isinstance(value, datetime.date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def table_bytes(headers, rows, fmt, *, sheet="Sheet1"):
    rows = [[safe_cell(v) for v in row] for row in rows]
    headers = [safe_cell(h) for h in headers]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        ws = book.active
        ws.title = _sheet_title(sheet)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for row in rows:
            ws.append([_naive(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ValueError(f"Unknown format {fmt!r}: use csv or xlsx.")


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
