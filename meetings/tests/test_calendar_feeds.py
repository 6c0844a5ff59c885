"""Every calendar feed, read back by a second parser (vobject): each carries the
VTIMEZONE of the zone its times are in, and DTSTAMP is when the feed was made."""

import datetime
import zoneinfo

import pytest
import vobject
from django.utils import timezone

from meetings.calendar import feed_token
from meetings.models import Meeting
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def meetings(board):
    summer = MeetingFactory(
        group=board,
        date=datetime.date(2026, 7, 2),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 0),
        online_link="https://meet.example.test/room",
    )
    winter = MeetingFactory(
        group=board,
        date=datetime.date(2026, 12, 3),
        start_time=datetime.time(10, 0),
        status=Meeting.Status.POSTPONED,
    )
    for meeting in (summer, winter):
        AgendaItemFactory(meeting=meeting)
    return summer, winter


def _read(body):
    return vobject.readOne(body.decode())


@pytest.mark.parametrize("feed", ["members", "public record", "open data"])
def test_each_feed_carries_its_time_zone_and_is_stamped_when_made(
    client, settings, board, meetings, feed
):
    settings.OPEN_DATA_ENABLED = True
    url = {
        "members": f"/calendar/{feed_token('group', board.pk)}.ics",
        "public record": f"/open-data/meetings/groups/{board.pk}/meetings.ics",
        "open data": "/open-data/meetings.ics",
    }[feed]
    before = timezone.now().replace(microsecond=0)
    calendar = _read(client.get(url).content)
    after = timezone.now()

    assert [tz.tzid.value for tz in calendar.vtimezone_list] == ["Europe/London"]
    events = {event.uid.value: event for event in calendar.vevent_list}
    summer, winter = meetings
    first = events[f"{summer.uid}@partnership-governance"]
    # 14:00 in London in July is 13:00 UTC: the zone's rules came with the feed.
    assert first.dtstart.value == datetime.datetime(2026, 7, 2, 14, 0, tzinfo=LONDON)
    assert first.dtstart.value.utcoffset() == datetime.timedelta(hours=1)
    assert first.dtend.value.hour == 16
    stamp = first.dtstamp.value
    assert stamp.utcoffset() == datetime.timedelta(0) and before <= stamp <= after
    postponed = events[f"{winter.uid}@partnership-governance"]
    assert postponed.status.value == "TENTATIVE"
    assert postponed.summary.value.endswith("(postponed)")
    assert postponed.dtstart.value.utcoffset() == datetime.timedelta(0)  # GMT in December


def test_only_the_members_feed_gives_the_joining_link(client, settings, board, meetings):
    settings.OPEN_DATA_ENABLED = True
    members = client.get(f"/calendar/{feed_token('group', board.pk)}.ics").content
    public = client.get(f"/open-data/meetings/groups/{board.pk}/meetings.ics").content
    assert b"meet.example.test" in members
    assert b"meet.example.test" not in public
