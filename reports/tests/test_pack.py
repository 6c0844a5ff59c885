"""The agenda pack is one PDF: its PDF papers merged page by page in agenda order,
with a bookmark for each item and paper and one run of page numbers; other papers
attached; exempt papers only in Part 2 of the copy for those entitled."""

import io

from django.core.files.base import ContentFile
from pypdf import PdfReader

from meetings.models import ItemMinutes, Meeting, Paper
from reports import access, documents, services
from reports.models import Report
from reports.pack import read_paper


def _meeting_with_papers():
    return (
        Meeting.objects.filter(
            items__papers__isnull=False, group__name="Wiltshire CSP Executive Board"
        )
        .distinct()
        .order_by("-date")
        .first()
    )


def _outline(reader):
    """[(depth, title, page number)] of the PDF's bookmarks."""
    found = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return found


def _pdf_papers(meeting, exempt):
    return [
        paper
        for paper in Paper.objects.filter(item__meeting=meeting, item__exempt=exempt)
        .select_related("item")
        .order_by("item__position", "pk")
        if paper.file.name.endswith(".pdf")
    ]


def test_the_pack_merges_every_pdf_paper_in_agenda_order_with_bookmarks(demo):
    meeting = _meeting_with_papers()
    public = _pdf_papers(meeting, exempt=False)
    assert len(public) == 3
    rendered = documents.render("board-pack", meeting, include_exempt=True)
    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert len(reader.pages) == rendered.pages
    texts = [page.extract_text() for page in reader.pages]
    outline = _outline(reader)
    bookmarks = {title: page for _, title, page in outline}
    at = 0
    for paper in [*public, *_pdf_papers(meeting, exempt=True)]:
        pages = len(PdfReader(paper.file.path).pages)
        first = bookmarks[paper.title]  # a bookmark for the paper, at its first page
        assert bookmarks[f"Item {paper.item.position}. {paper.item.title}"] < first
        assert first > at  # in agenda order, public papers before Part 2
        for n in range(pages):
            text = texts[first - 1 + n]
            assert f"Page {n + 1} of {pages}." in text  # the paper's own page
            assert f"Page {first + n} of {rendered.pages}" in text  # the pack's number
            assert paper.title in text
        at = first + pages - 1
    exempt_paper = _pdf_papers(meeting, exempt=True)[0]
    assert "NOT FOR PUBLICATION" in texts[bookmarks[exempt_paper.title] - 1]
    # The spreadsheet cannot be drawn: it is attached, and the pack says so.
    assert list(reader.attachments) == ["grant-applications-received.xlsx"]
    assert any("attached to this PDF file" in text for text in texts)
    # The contents lead to each item's papers.
    contents = texts[0]
    for paper in public:
        assert f"Item {paper.item.position}. {paper.item.title}" in contents


def test_the_pack_has_the_last_meetings_minutes_by_item(demo):
    meeting = _meeting_with_papers()
    last = Meeting.objects.filter(group=meeting.group, status="held").order_by("-date").first()
    item = last.items.get(position=2)
    ItemMinutes.objects.create(item=item, resolution="The board noted the performance report.")
    rendered = documents.render("board-pack", meeting, include_exempt=False)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages)
    assert "Minutes of the last meeting" in text
    assert "Resolved: The board noted the performance report." in text


def test_a_scrutiny_members_pack_has_no_part_2(demo, django_user_model):
    meeting = _meeting_with_papers()
    scrutiny = django_user_model.objects.get(email="scrutiny@demo.test")
    assert not access.sees_exempt(scrutiny, "board-pack", meeting)
    rendered = documents.render("board-pack", meeting, include_exempt=False)
    reader = PdfReader(io.BytesIO(rendered.pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    exempt = _pdf_papers(meeting, exempt=True)[0]
    assert "NOT FOR PUBLICATION" not in text and "Part 2" not in text
    assert exempt.title not in text and exempt.item.title not in text
    assert exempt.title not in [title for _, title, _ in _outline(reader)]
    public = _pdf_papers(meeting, exempt=False)
    assert sum(len(PdfReader(p.file.path).pages) for p in public) == 7
    assert all(p.title in text for p in public)


def test_a_paper_whose_file_is_gone_is_named_and_the_pack_still_builds(demo):
    meeting = _meeting_with_papers()
    paper = _pdf_papers(meeting, exempt=False)[0]
    paper.file.storage.delete(paper.file.name)
    assert read_paper(paper).missing
    rendered = documents.render("board-pack", meeting, include_exempt=False)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages)
    assert "the file could not be found" in text


def test_a_file_that_is_not_a_readable_pdf_is_attached_not_merged(demo):
    meeting = _meeting_with_papers()
    item = meeting.items.get(position=2)
    broken = Paper.objects.create(
        item=item, title="Broken scan", file=ContentFile(b"%PDF-1.4 not really", name="scan.pdf")
    )
    assert read_paper(broken).attachment[0] == "broken-scan.pdf"
    rendered = documents.render("board-pack", meeting, include_exempt=False)
    assert "broken-scan.pdf" in PdfReader(io.BytesIO(rendered.pdf)).attachments


def test_the_pack_is_built_once_until_something_in_it_changes(
    demo, django_user_model, django_capture_on_commit_callbacks
):
    meeting = _meeting_with_papers()
    officer = django_user_model.objects.get(email="officer@demo.test")
    with django_capture_on_commit_callbacks(execute=True):
        first, created = services.request_report("board-pack", meeting, user=officer)
    assert created
    first.refresh_from_db()
    assert first.status == Report.Status.READY  # built inline once it was committed
    again, created = services.request_report("board-pack", meeting, user=officer)
    assert (again, created) == (first, False)
    # A decision recorded on one of its items: the pack is built again.
    item = meeting.items.get(position=3)
    item.decisions.create(text="The leads' updates are noted.")
    fresh, created = services.request_report("board-pack", meeting, user=officer)
    assert created and fresh != first
    # So is another reader's copy: the one with Part 2 is another pack.
    other, created = services.request_report(
        "board-pack", meeting, include_exempt=True, user=officer
    )
    assert created and other.fingerprint != fresh.fingerprint
