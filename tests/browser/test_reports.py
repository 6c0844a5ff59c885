"""Asking for PDF reports in the browser: the officer's board pack with its
confidential part, the scrutiny member's governance report and review report.
Axe on every report page."""

import io

import pytest
from pypdf import PdfReader

from meetings.models import AgendaItem, Paper
from reports.models import Report
from tests.browser.conftest import axe_violations, crawl, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "partnership-demo"


def _ask(page, button, failures, name):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text()
    assert "Ready" in page.locator("#report-status").inner_text()
    screenshot(page, f"reports-{name}")
    if violations := axe_violations(page):
        failures[name] = violations
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    return pdf


def _bookmarks(reader):
    """{title: first page number} of the PDF's bookmarks, at every depth."""
    found = {}

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found[entry.title] = reader.get_destination_page_number(entry) + 1

    walk(reader.outline)
    return found


def _papers_in(pdf, papers):
    """Each PDF paper's pages are in the pack, in agenda order, from its bookmark."""
    reader = PdfReader(io.BytesIO(pdf))
    bookmarks = _bookmarks(reader)
    last = 0
    for paper in papers:
        pages = len(PdfReader(paper.file.path).pages)
        first = bookmarks[paper.title]
        assert first > last, paper.title
        for n in range(pages):
            assert f"Page {n + 1} of {pages}." in reader.pages[first - 1 + n].extract_text()
        last = first + pages - 1
    return reader, bookmarks


def test_each_role_asks_for_its_reports(page, live_server, demo):
    failures = {}
    # A demo meeting whose agenda has three PDF papers, a spreadsheet and an exempt paper.
    secret = (
        AgendaItem.objects.filter(exempt=True, papers__isnull=False)
        .select_related("meeting")
        .order_by("-meeting__date")
        .first()
    )
    papers = [
        p
        for p in Paper.objects.filter(item__meeting=secret.meeting)
        .select_related("item")
        .order_by("item__position", "pk")
        if p.file.name.endswith(".pdf")
    ]
    public = [p for p in papers if not p.item.exempt]
    assert len(public) == 3
    sign_in(page, live_server.url, "officer@demo.test", PASSWORD)
    page.goto(f"{live_server.url}{secret.meeting.get_absolute_url()}")
    pdf = _ask(page, "Download the board pack (PDF)", failures, "officer-board-pack")
    assert "Included, in a part marked NOT FOR PUBLICATION" in page.locator("main").inner_text()
    assert Report.objects.get(kind="board-pack").include_exempt is True
    _, bookmarks = _papers_in(pdf, [*public, *[p for p in papers if p.item.exempt]])
    assert "Part 2: not for publication" in bookmarks

    page.context.clear_cookies()
    sign_in(page, live_server.url, "scrutiny@demo.test", PASSWORD)
    page.goto(f"{live_server.url}{secret.meeting.get_absolute_url()}")
    pdf = _ask(page, "Download the board pack (PDF)", failures, "scrutiny-board-pack")
    assert "NOT FOR PUBLICATION" not in page.locator("main").inner_text()
    reader, bookmarks = _papers_in(pdf, public)
    assert "Part 2: not for publication" not in bookmarks
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "NOT FOR PUBLICATION" not in text and secret.title not in text
    page.goto(f"{live_server.url}/partnerships/{secret.meeting.group.partnership_id}/dashboard/")
    _ask(page, "Download the annual governance report (PDF)", failures, "scrutiny-governance")
    failures.update(crawl(page, live_server.url, {"list": "/reports/"}, "reports-scrutiny"))
    assert "Annual governance report" in page.locator("main").inner_text()
    assert failures == {}
    assert page.csp_violations == []
