"""The minutes as a PDF: the same record as the meeting's page, numbered alike,
DRAFT on every page until approved, exempt items only in Part 2 of the copy for
those entitled."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from meetings.models import Declaration, ItemMinutes, Meeting
from meetings.tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory
from partnerships.tests.factories import PersonFactory
from reports import access, documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(group=board, minutes_status=Meeting.Minutes.DRAFT)
    AgendaItemFactory(meeting=meeting, position=1, title="Apologies for absence")
    plan = AgendaItemFactory(meeting=meeting, position=2, title="Community safety plan")
    case = AgendaItemFactory(
        meeting=meeting, position=3, title="Named family case", exempt=True, exempt_paragraph=1
    )
    ItemMinutes.objects.create(item=plan, discussion="Leads spoke.", resolution="Plan adopted.")
    ItemMinutes.objects.create(item=case, resolution="Rehouse the family.")
    member = PersonFactory(name="Ann Lee")
    AttendanceFactory(meeting=meeting, person=member, status="present")
    Declaration.objects.create(
        item=plan, person=member, kind="pecuniary", did="left", interest="Owns a bar"
    )
    return meeting


def _pages(meeting, include_exempt):
    pdf = documents.render("minutes", meeting, include_exempt=include_exempt).pdf
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_minutes_pdf_is_numbered_as_the_page_and_marked_draft(meeting):
    pages = _pages(meeting, include_exempt=False)
    text = " ".join(pages)
    assert "2. Community safety plan" in text and "Resolved: Plan adopted." in text
    assert "Ann Lee declared an interest (disclosable pecuniary interest): Owns a bar." in text
    assert all("DRAFT" in page for page in pages)
    assert "Named family case" not in text and "Rehouse the family" not in text

    meeting.minutes_status = Meeting.Minutes.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.save()
    assert not any("DRAFT" in page for page in _pages(meeting, include_exempt=False))


def test_exempt_minutes_are_in_part_2_for_those_entitled(meeting, officer, scrutiny_member):
    assert access.sees_exempt(officer, "minutes", meeting)
    assert not access.sees_exempt(scrutiny_member, "minutes", meeting)
    text = " ".join(_pages(meeting, include_exempt=True))
    assert text.index("Part 2: not for publication") < text.index("3. Named family case")
    assert "Resolved: Rehouse the family." in text
