"""The public record of meetings: what anyone may read of a public group's meetings."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import Decision, ItemMinutes, Meeting, Paper
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from partnerships.models import Group
from partnerships.tests.factories import GroupFactory

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2026, 9, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting():
    board = GroupFactory(name="Northshire CSP Board", kind=Group.Kind.BOARD)
    meeting = MeetingFactory(
        group=board,
        date=datetime.date(2026, 10, 1),
        agenda_published_at=PUBLISHED,
        online_link="https://meet.example.test/private-room",
    )
    plan = AgendaItemFactory(meeting=meeting, position=1, title="Community safety plan")
    case = AgendaItemFactory(
        meeting=meeting, position=2, title="Named family case", exempt=True, exempt_paragraph=2
    )
    Paper.objects.create(item=plan, title="Plan refresh", file=ContentFile(b"%PDF", name="p.pdf"))
    Paper.objects.create(item=case, title="Case file", file=ContentFile(b"%PDF", name="c.pdf"))
    Decision.objects.create(item=plan, text="The plan is endorsed.")
    ItemMinutes.objects.create(item=plan, resolution="Endorse the plan.")
    ItemMinutes.objects.create(item=case, resolution="Rehouse the family.")
    return meeting


def test_a_meeting_shows_its_public_items_papers_and_decisions(client, meeting):
    page = client.get(f"/open-data/meetings/{meeting.uid}/").content.decode()
    assert "Community safety plan" in page and "Plan refresh" in page
    assert "The plan is endorsed." in page
    for secret in ("Named family case", "Case file", "meet.example.test", "Rehouse the family"):
        assert secret not in page


def test_minutes_are_public_once_approved(client, meeting):
    url = f"/open-data/meetings/{meeting.uid}/"
    meeting.minutes_status = Meeting.Minutes.DRAFT
    meeting.save()
    page = client.get(url).content.decode()
    assert "Endorse the plan." not in page
    assert "published here once the chair has approved them" in page
    meeting.minutes_status = Meeting.Minutes.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.save()
    page = client.get(url).content.decode()
    assert "Resolved:</strong> Endorse the plan." in page
    assert "Rehouse the family" not in page


def test_the_feed_has_each_public_paper_dated_from_its_agendas_publication(client, meeting):
    feed = client.get(f"/open-data/meetings/groups/{meeting.group.pk}/papers.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "1 October 2026, item 1: Plan refresh" in body
    assert "Case file" not in body
    paper = Paper.objects.get(title="Plan refresh")
    assert f"/open-data/papers/{paper.pk}/" in body
    # Filed after the agenda was published: its own date. Before: the publication's.
    assert paper.added_at > PUBLISHED and paper.added_at.strftime("%Y-%m-%d") in body
    Paper.objects.filter(pk=paper.pk).update(added_at=PUBLISHED - datetime.timedelta(days=3))
    body = client.get(f"/open-data/meetings/groups/{meeting.group.pk}/papers.atom").content
    assert b"2026-09-20T" in body


def test_a_group_that_meets_in_private_has_no_public_record(client, meeting):
    panel = GroupFactory(partnership=meeting.group.partnership, kind=Group.Kind.TASKING)
    private = MeetingFactory(group=panel, agenda_published_at=PUBLISHED)
    assert client.get(f"/open-data/meetings/groups/{panel.pk}/").status_code == 404
    assert client.get(f"/open-data/meetings/{private.uid}/").status_code == 404
    index = client.get("/open-data/meetings/").content.decode()
    assert meeting.group.name in index and panel.name not in index


def test_the_group_calendar_links_to_public_pages_and_gives_no_joining_link(client, meeting):
    body = client.get(f"/open-data/meetings/groups/{meeting.group.pk}/meetings.ics").content
    text = body.decode().replace("\r\n ", "")
    assert f"/open-data/meetings/{meeting.uid}/" in text
    assert "meet.example.test" not in text


def test_the_open_data_page_and_index_list_the_record(client, meeting):
    assert "/open-data/meetings/" in client.get("/open-data/").content.decode()
    catalogue = client.get("/open-data/index.json").json()
    assert catalogue["dataset"][-1]["landingPage"] == "http://testserver/open-data/meetings/"
