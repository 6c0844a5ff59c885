"""A table as a CSV or XLSX download, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula gets a leading quote; numbers
stay numbers (Decimal for money), so totals can be checked in Excel.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
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

        book = Workbook()
        ws = book.active
        ws.title = sheet[:31]
        ws.append(headers)
        for row in rows:
            ws.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ValueError(f"Unknown format {fmt!r}: use csv or xlsx.")


def table_response(filename, headers, rows, fmt, *, sheet="Sheet1"):
    """An attachment `filename.fmt` holding the headers and rows."""
    response = HttpResponse(table_bytes(headers, rows, fmt, sheet=sheet), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
