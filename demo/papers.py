"""The demo's meeting papers: short PDFs written here, a page of text each, so the
agenda pack has papers to merge; and a spreadsheet, which the pack attaches."""

import io

from django.core.files.base import ContentFile
from openpyxl import Workbook

from meetings.models import Paper

A4 = (595, 842)


def load_papers(meeting, items, spec):
    """The papers of `spec` (meetings.yaml), filed under the meeting's items."""
    for paper in spec:
        item = items[paper["item"] - 1]
        if paper.get("spreadsheet"):
            data, name = _workbook(paper), "applications.xlsx"
        else:
            pages = [
                [paper["title"], f"{item.title}", f"{meeting.group.name}, {meeting.date:%-d %B %Y}"]
                + [f"Page {n} of {paper['pages']}."]
                + paper.get("text", [])
                for n in range(1, paper["pages"] + 1)
            ]
            data, name = pdf_of(pages), f"paper-{paper['item']}.pdf"
        Paper.objects.create(item=item, title=paper["title"], file=ContentFile(data, name=name))


def pdf_of(pages):
    """A PDF of A4 pages, each a list of lines: the first as a heading."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        stream = _text(lines)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (*A4, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _text(lines):
    heading, *rest = lines
    parts = [b"BT /F1 18 Tf 60 770 Td (%s) Tj" % _escape(heading), b"/F1 11 Tf 0 -30 Td"]
    for line in rest:
        parts.append(b"(%s) Tj 0 -16 Td" % _escape(line))
    parts.append(b"ET")
    return b"\n".join(parts)


def _escape(text):
    plain = text.replace("’", "'").replace("–", "-").encode("cp1252", "replace")
    return plain.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _workbook(paper):
    book = Workbook()
    sheet = book.active
    sheet.title = "Applications"
    sheet.append(["Applicant", "Amount asked (£)", "Recommended"])
    for row in paper.get("rows", []):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
