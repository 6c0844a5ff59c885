"""Every list and table of the product as a CSV or XLSX download of exactly
what the page shows.

A table declares its columns once: the header the page shows and how to read
the cell from a row. A view builds the rows its page shows (the same filtered,
ordered query, every page of it, with the same permission checks already run)
and asks `download(request, *tables)` before it renders: with `?format=csv` or
`?format=xlsx` in the query string the answer is the file, otherwise None and
the page renders as before. On a page with several tables, `&table=<name>`
says which one; without it the first is meant.

Cells go through `config.spreadsheets.safe_cell`: text a spreadsheet would run
as a formula gets a leading quote; numbers stay numbers (money in pounds, as
exact decimals), dates stay dates.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.text import slugify

from config.spreadsheets import FORMATS, table_response

# Query-string keys of a download; the page's own filters are everything else.
FORMAT, TABLE = "format", "table"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    numeric: bool = False
    unit: str = ""  # "£", "%", "days": said in the download's header, the cell holds the number
    on_page: bool = True  # False: the page shows it inside another column (a tag, a second line)

    @property
    def download_header(self):
        return f"{self.header} ({self.unit})" if self.unit else self.header


def field(header, path, **options):
    """A column read along a path ("partnership.name", or "grant.title" from a row that is a
    dictionary); empty where a link on the way is missing. A misspelt name still fails."""

    def value(row):
        for name in path.split("."):
            if row is None:
                return None
            row = row[name] if isinstance(row, dict) else getattr(row, name)
        return row

    return Column(header, value, **options)


def choice(header, name, **options):
    """The label of a choices field, as `get_<name>_display` gives it."""
    return Column(header, lambda row: getattr(row, f"get_{name}_display")(), **options)


def yes_no(header, read, **options):
    return Column(header, lambda row: "Yes" if read(row) else "No", **options)


def number(header, read, **options):
    return Column(header, read, numeric=True, **options)


def money(header, read, **options):
    """Pence in the records, pounds (an exact decimal) in the download."""
    return Column(header, lambda row: _pounds(read(row)), numeric=True, unit="£", **options)


def _pounds(pence):
    return None if pence is None else (Decimal(int(pence)) / 100).quantize(Decimal("0.01"))


@dataclass
class Table:
    name: str  # "groups": the file's name, and `table=` in the links of a page with several
    title: str  # "Groups in the register": the link text and the worksheet's name
    columns: list
    rows: Any  # a queryset or a list in the page's order, or a function that returns one
    subject: str = ""  # "Swindon CSP": joins the name in the file's name

    @property
    def page_headers(self):
        return [c.header for c in self.columns if c.on_page]

    def filename(self):
        stem = slugify(f"{self.name} {self.subject}")[:80].rstrip("-")
        return f"{stem}-{timezone.localdate().isoformat()}"

    def response(self, fmt):
        headers = [c.download_header for c in self.columns]
        source = self.rows() if callable(self.rows) else self.rows
        rows = ([c.value(row) for c in self.columns] for row in source)
        return table_response(self.filename(), headers, rows, fmt, sheet=self.title)


def download(request, *tables):
    """The file the query string asks for, or None when it asks for none.

    A format or table that does not exist is a 400 with a message, never a 500.
    """
    fmt = request.GET.get(FORMAT)
    if fmt is None:
        return None
    if fmt not in FORMATS:
        return _refuse(f"There is no download as '{fmt}'. Choose csv or xlsx.")
    wanted = request.GET.get(TABLE) or tables[0].name
    table = next((t for t in tables if t.name == wanted), None)
    if table is None:
        names = ", ".join(t.name for t in tables)
        return _refuse(f"This page has no table called '{wanted}'. Its tables: {names}.")
    return table.response(fmt)


def page_query(request):
    """The page's own query string (its filters), without the keys of a download."""
    query = request.GET.copy()
    for key in (FORMAT, TABLE):
        query.pop(key, None)
    return query


def _refuse(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
