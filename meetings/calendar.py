"""iCalendar feeds of meetings, per group and per person.

A feed is addressed by a signed token, so a calendar program can subscribe
without a session. It holds dates, places and a link back to the meeting page;
never agenda items, so never an exempt title.
"""

import datetime

from django.core import signing
from django.http import Http404
from icalendar import Calendar, Event

from meetings.models import Meeting

FEED_SALT = "meetings.calendar-feed"


def feed_token(kind, pk):
    return signing.dumps([kind, pk], salt=FEED_SALT, compress=True)


def read_feed_token(token):
    try:
        kind, pk = signing.loads(token, salt=FEED_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404("No such calendar.") from None
    if kind not in ("group", "person"):
        raise Http404("No such calendar.")
    return kind, pk


def calendar_of(name, meetings, base_url, *, public_page=None):
    """An iCalendar of `meetings`. Given `public_page` (a meeting's public address),
    it is for anyone: each event links there and gives the place, never the joining
    link."""
    cal = Calendar()
    cal.add("prodid", "-//Partnership governance//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"{meeting.uid}@partnership-governance")
        event.add("sequence", meeting.sequence)
        event.add(
            "summary",
            f"{meeting.group.name}"
            + (" (cancelled)" if meeting.status == Meeting.Status.CANCELLED else ""),
        )
        event.add("dtstart", meeting.starts_at)
        end = (
            meeting.end_time
            or (
                datetime.datetime.combine(meeting.date, meeting.start_time)
                + datetime.timedelta(hours=2)
            ).time()
        )
        event.add("dtend", meeting.starts_at.replace(hour=end.hour, minute=end.minute))
        event.add("dtstamp", meeting.starts_at)
        event.add(
            "status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
        )
        if public_page:
            event.add("location", meeting.place or "Online")
            page = public_page(meeting)
        else:
            event.add("location", meeting.place or meeting.online_link)
            page = meeting.get_absolute_url()
        event.add("url", base_url.rstrip("/") + page)
        cal.add_component(event)
    return cal.to_ical()


def meeting_calendar(meeting, base_url):
    """One meeting, as an invitation to add to a calendar (the agenda's email)."""
    return calendar_of(meeting.group.name, [meeting], base_url).decode()


def feed_for_group(group, base_url):
    meetings = Meeting.objects.filter(group=group).select_related("group").order_by("date")
    return calendar_of(f"{group.name} meetings", meetings, base_url)


def feed_for_person(person, base_url):
    meetings = (
        Meeting.objects.filter(
            group__memberships__person=person, group__memberships__end__isnull=True
        )
        .select_related("group")
        .distinct()
        .order_by("date")
    )
    return calendar_of(f"Meetings of {person.name}", meetings, base_url)
