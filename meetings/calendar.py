"""iCalendar feeds of meetings, per group and per person; and the one event
builder the public and open-data calendars use too.

A feed is addressed by a signed token, so a calendar program can subscribe
without a session. It holds dates, places and a link back to the meeting page;
never agenda items, so never an exempt title.
"""

import datetime

from django.core import signing
from django.http import Http404
from django.utils import timezone
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


# How each status shows in a calendar program, and in the event's title.
STATUS = {
    Meeting.Status.CANCELLED: ("CANCELLED", " (cancelled)"),
    Meeting.Status.POSTPONED: ("TENTATIVE", " (postponed)"),
}


def event_of(meeting, *, stamp, location=None, url=None, description=None):
    """One meeting as a VEVENT: the one builder of every feed (members', public
    and open-data). Its start and end are in the meeting's own time zone, whose
    VTIMEZONE the calendar carries; DTSTAMP is when the feed was made (RFC 5545)."""
    status, note = STATUS.get(meeting.status, ("CONFIRMED", ""))
    ends = (
        meeting.end_time
        or (
            datetime.datetime.combine(meeting.date, meeting.start_time)
            + datetime.timedelta(hours=2)
        ).time()
    )
    event = Event()
    event.add("uid", f"{meeting.uid}@partnership-governance")
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.group.name + note)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at.replace(hour=ends.hour, minute=ends.minute))
    event.add("dtstamp", stamp)
    event.add("status", status)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def calendar_of(name, meetings, *, prodid="Meetings", **details):
    """An iCalendar of `meetings`, each event given what `details` says of it:
    location, url and description, each a function of the meeting (or left out)."""
    cal = Calendar()
    cal.add("prodid", f"-//Partnership governance//{prodid}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    days = []
    for meeting in meetings:
        made = {key: of(meeting) for key, of in details.items()}
        cal.add_component(event_of(meeting, stamp=stamp, **made))
        days.append(meeting.date)
    if days:
        # The zone's changes over the years the meetings span, a year either side:
        # a short VTIMEZONE that every calendar program reads alike.
        cal.add_missing_timezones(
            first_date=min(days).replace(month=1, day=1) - datetime.timedelta(days=365),
            last_date=max(days).replace(month=1, day=1) + datetime.timedelta(days=730),
        )
    return cal.to_ical()


def members_calendar(name, meetings, base_url):
    """For members: each event links to the meeting's page and gives where it is,
    in person, and its joining link."""
    return calendar_of(
        name,
        meetings,
        location=lambda m: m.place or m.online_link,
        description=lambda m: f"Join online: {m.online_link}" if m.online_link else None,
        url=lambda m: base_url.rstrip("/") + m.get_absolute_url(),
    )


def meeting_calendar(meeting, base_url):
    """One meeting, as an invitation to add to a calendar (the agenda's email)."""
    return members_calendar(meeting.group.name, [meeting], base_url).decode()


def feed_for_group(group, base_url):
    meetings = Meeting.objects.filter(group=group).select_related("group").order_by("date")
    return members_calendar(f"{group.name} meetings", meetings, base_url)


def feed_for_person(person, base_url):
    meetings = (
        Meeting.objects.filter(
            group__memberships__person=person, group__memberships__end__isnull=True
        )
        .select_related("group")
        .distinct()
        .order_by("date")
    )
    return members_calendar(f"Meetings of {person.name}", meetings, base_url)
