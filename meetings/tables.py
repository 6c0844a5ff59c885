"""The columns of the meetings' lists and tables, declared once for the page
and its CSV and XLSX downloads (see config.exports)."""

import datetime

from config.exports import Column, choice, field, number


def _timeliness(action, today, soon):
    """What the Status column of a tracker shows: overdue and due soon before the status."""
    if action.is_open and action.due and action.due < today:
        return "Overdue"
    if action.is_open and action.due and action.due <= soon:
        return "Due soon"
    return action.get_status_display()


def action_columns(today, *, with_group):
    """A tracker's columns: a group's tracker names the owner, a person's the group."""
    soon = today + datetime.timedelta(days=14)
    return [
        number("No.", lambda a: a.pk),
        field("Action", "description"),
        field("Group", "group.name") if with_group else field("Owner", "owner.name"),
        field("Owner's organisation", "owner.organisation.name", on_page=False),
        field("Due", "due"),
        Column("Status", lambda a: _timeliness(a, today, soon)),
        choice("Recorded status", "status", on_page=False),
        number("Age (days)", lambda a: (today - a.created_on).days),
        field("Last update", "last_update"),
    ]


PAST_MEETINGS = [
    field("Date", "date"),
    field("Starts", "start_time", on_page=False),
    choice("Status", "status"),
    field("Reason for cancelling", "cancellation_reason", on_page=False),
    choice("Minutes", "minutes_status"),
    field("Minutes circulated", "minutes_circulated_on", on_page=False),
]

# Attendance over the year, from meetings.stats.
ATTENDANCE_BY_MEMBER = [
    field("Member", "name"),
    number("Meetings", lambda r: r.expected),
    number("In person", lambda r: r.in_person),
    number("Represented", lambda r: r.represented),
    number("Rate", lambda r: r.percent, unit="%"),
]

ATTENDANCE_BY_ORGANISATION = [
    field("Organisation", "name"),
    number("Meetings", lambda r: r.expected),
    number("Represented", lambda r: r.represented),
    number("Rate", lambda r: r.percent, unit="%"),
]

ATTENDANCE_BY_SENIORITY = [
    Column("Seniority", lambda r: r["seniority"]),
    number("Attendances", lambda r: r["count"]),
    number("Share", lambda r: r["percent"], unit="%"),
]

# One meeting's attendance record.
MEETING_ATTENDANCE = [
    field("Member", "person.name"),
    field("Representing", "on_behalf_of.name"),
    choice("Attendance", "status"),
    field("Substitute", "substitute.name", on_page=False),
    Column(
        "Substitute's seniority",
        lambda a: a.substitute.get_seniority_display() if a.substitute else None,
        on_page=False,
    ),
    Column(
        "Substitute could take decisions",
        lambda a: ("Yes" if a.substitute_can_decide else "No") if a.substitute else None,
        on_page=False,
    ),
]
