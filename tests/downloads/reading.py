"""Reading a page's tables and a download's rows, to compare the two."""

import csv
import datetime
import io
from html.parser import HTMLParser

from openpyxl import load_workbook


class Tables(HTMLParser):
    """Each <table> of a page: its caption, header texts and rows of cells. A cell is
    (its text, the text of its first link); text a screen reader alone hears is left out."""

    def __init__(self):
        super().__init__()
        self.tables, self._hidden = [], []
        self._caption = self._head = False
        self._row = self._cell = self._link = None

    def handle_starttag(self, tag, attrs):
        if tag == "span":
            self._hidden.append("govuk-visually-hidden" in (dict(attrs).get("class") or ""))
        elif tag == "table":
            self.tables.append({"caption": "", "headers": [], "rows": []})
        elif tag == "caption":
            self._caption = True
        elif tag == "thead":
            self._head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell, self._link = [], None
        elif tag == "a" and self._cell is not None and self._link is None:
            self._link = []

    def handle_endtag(self, tag):
        if tag == "span" and self._hidden:
            self._hidden.pop()
        elif tag == "caption":
            self._caption = False
        elif tag == "thead":
            self._head = False
        elif tag == "a" and isinstance(self._link, list):
            self._link = _text(self._link)
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(
                (_text(self._cell), self._link if isinstance(self._link, str) else None)
            )
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[-1]
            if self._head:
                table["headers"] = [text for text, _ in self._row]
            else:
                table["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None and not any(self._hidden):
            self._cell.append(data)
            if isinstance(self._link, list):
                self._link.append(data)


def _text(parts):
    return " ".join("".join(parts).split())


def page_tables(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Tables()
    parser.feed(response.content.decode())
    return response, parser.tables


def find_table(tables, caption):
    found = [t for t in tables if " ".join(t["caption"].split()).startswith(caption)]
    assert found, f"no table captioned {caption!r} in {[t['caption'] for t in tables]}"
    return found


def read_csv(response):
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def read_xlsx(response):
    assert response.status_code == 200, response.content[:200]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def as_text(value):
    """An XLSX cell written as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def with_query(url, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"
