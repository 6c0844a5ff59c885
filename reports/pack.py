"""The papers of an agenda pack, merged into it page by page.

The pack's HTML holds one empty placeholder page for each page of each PDF paper,
so WeasyPrint numbers every page, points the contents at the papers and makes a
bookmark for each item and paper. Once it is laid out, each paper's page is drawn
onto its placeholder with pypdf, scaled to fit between the pack's header and its
page number. A Word, OpenDocument or spreadsheet paper cannot be drawn: it is
attached to the PDF file instead, and the pack says so."""

import io
from dataclasses import dataclass, field

from django.utils.text import slugify
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError

# The space kept clear at the top and bottom of a paper's page (12 mm, in points)
# for the pack's own marks: NOT FOR PUBLICATION above, the page number below.
CLEAR = 12 / 25.4 * 72
ANCHOR = "paper-page-"


@dataclass
class PackPaper:
    paper: object
    reader: PdfReader | None = None
    attachment: tuple | None = None
    pages: range = field(default_factory=lambda: range(0))
    missing: bool = False

    @property
    def kind(self):
        name = self.paper.file.name.lower()
        if name.endswith((".xlsx", ".ods", ".csv")):
            return "spreadsheet"
        return "document"


def read_paper(paper):
    """A paper as the pack holds it: a PDF's pages, or the file to attach."""
    try:
        with paper.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        return PackPaper(paper, missing=True)  # the pack says so; the rest is built
    extension = paper.file.name.rsplit(".", 1)[-1].lower()
    name = f"{slugify(paper.title) or 'paper'}.{extension}"
    if extension == "pdf":
        try:
            reader = PdfReader(io.BytesIO(data))
            return PackPaper(paper, reader=reader, pages=range(len(reader.pages)))
        except (PdfReadError, ValueError, KeyError):
            pass  # not a PDF pypdf can read: attached, as the other kinds are
    return PackPaper(paper, attachment=(name, paper.title, data))


def anchor(pack_paper, page):
    return f"{ANCHOR}{pack_paper.paper.pk}-{page}"


def placeholders(document):
    """{anchor: index of the laid-out page that holds it}."""
    return {
        name: index
        for index, page in enumerate(document.pages)
        for name in page.anchors
        if name.startswith(ANCHOR)
    }


def merge(pdf, document, papers):
    """The pack's PDF bytes with every paper's pages drawn onto their placeholders."""
    where = placeholders(document)
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for pack_paper in papers:
        for number in pack_paper.pages:
            target = writer.pages[where[anchor(pack_paper, number)]]
            _draw(target, pack_paper.reader.pages[number])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _draw(target, page):
    if page.rotation:  # a landscape page turned by the viewer: turn its content
        holder = PdfWriter()
        page = holder.add_page(page)
        page.transfer_rotation_to_content()
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    room_w = float(target.mediabox.width)
    room_h = float(target.mediabox.height) - 2 * CLEAR
    scale = min(room_w / width, room_h / height)
    x = (room_w - width * scale) / 2
    y = CLEAR + (room_h - height * scale) / 2
    move = (
        Transformation()
        .translate(-float(box.left), -float(box.bottom))
        .scale(scale)
        .translate(x, y)
    )
    target.merge_transformed_page(page, move)
