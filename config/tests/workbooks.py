"""Workbooks for the tests of uploads: long ones, ones whose dimension lies, zip bombs."""

import functools
import io
import re
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows):
    """The bytes of an .xlsx workbook of one sheet holding `rows`."""
    return workbook_of({"Sheet1": rows})


def workbook_of(sheets):
    """The bytes of an .xlsx workbook: {sheet title: rows}, in order."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@functools.cache
def long_workbook(header=("action id", "status", "update", "due"), rows=200_000):
    """A header row, then `rows` empty rows, written as openpyxl's write-only mode
    writes them: with no <dimension>, so only counting the rows finds the length."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(list(header))
    for _ in range(rows):
        sheet.append([])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data, name, change):
    """The workbook with member `name` replaced by change(its bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == name:
                body = change(body)
            target.writestr(member, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def with_dimension(data, ref):
    """The workbook with its sheet's <dimension> saying `ref` (such as "A1:D200000")."""

    def change(xml):
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
        return xml.replace(b"<sheetViews>", f'<dimension ref="{ref}"/><sheetViews>'.encode(), 1)

    return rewrite(data, SHEET, change)


def with_member(data, name, body):
    """The workbook with one more member."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, body)
    return out.getvalue()


def zip_bomb(size):
    """A small workbook holding a member that unpacks to `size` bytes of zeros."""
    return with_member(workbook([["a", "b"], [1, 2]]), "xl/media/image1.png", bytes(size))
