"""Attendance statistics of a group, from one query over its held meetings.

Cancelled, postponed and future meetings count against nobody. A member who
sends a substitute counts as represented (not as present in person); an
organisation is represented at a meeting when anyone came for it; seniority
is that of whoever actually came.
"""

from collections import defaultdict
from dataclasses import dataclass

from meetings.models import Attendance, Meeting
from partnerships.models import Seniority

PRESENT, SUBSTITUTED = Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED


@dataclass
class Rate:
    name: str
    expected: int = 0
    represented: int = 0
    in_person: int = 0

    @property
    def percent(self):
        return round(100 * self.represented / self.expected) if self.expected else None


def attendance_stats(group, since=None, until=None):
    """Rates over the held meetings between since and until (dates, inclusive)."""
    return _stats(Attendance.objects.filter(meeting__group=group), since, until)


def partnership_attendance_stats(partnership, since=None, until=None):
    """The same rates over the meetings of all a partnership's current groups: an
    organisation is expected at every meeting of a group it has a seat on."""
    rows = Attendance.objects.filter(
        meeting__group__partnership=partnership, meeting__group__archived_at__isnull=True
    )
    return _stats(rows, since, until)


def _stats(rows, since, until):
    rows = rows.filter(meeting__status=Meeting.Status.HELD)
    if since:
        rows = rows.filter(meeting__date__gte=since)
    if until:
        rows = rows.filter(meeting__date__lte=until)
    rows = rows.values_list(
        "meeting_id",
        "person_id",
        "person__name",
        "status",
        "on_behalf_of__name",
        "person__organisation__name",
        "person__seniority",
        "substitute__seniority",
    )
    members = {}
    org_meetings = defaultdict(dict)
    seniority = defaultdict(int)
    meetings = set()
    for meeting_id, person_id, name, status, behalf, own_org, own_level, sub_level in rows:
        meetings.add(meeting_id)
        represented = status in (PRESENT, SUBSTITUTED)
        member = members.setdefault(person_id, Rate(name))
        member.expected += 1
        member.represented += represented
        member.in_person += status == PRESENT
        org = behalf or own_org or "No organisation recorded"
        org_meetings[org][meeting_id] = org_meetings[org].get(meeting_id, False) or represented
        if status == PRESENT:
            seniority[own_level or ""] += 1
        elif status == SUBSTITUTED:
            seniority[sub_level or ""] += 1
    organisations = [
        Rate(name, len(by_meeting), sum(by_meeting.values()))
        for name, by_meeting in org_meetings.items()
    ]
    labels = dict(Seniority.choices)
    order = list(labels)
    came = sum(seniority.values())
    by_seniority = [
        {
            "seniority": labels.get(key, "Not recorded"),
            "count": count,
            "percent": round(100 * count / came) if came else None,
        }
        for key, count in sorted(
            seniority.items(), key=lambda kv: order.index(kv[0]) if kv[0] in labels else 99
        )
    ]
    return {
        "meetings_held": len(meetings),
        "members": sorted(members.values(), key=lambda r: r.name),
        "organisations": sorted(organisations, key=lambda r: r.name),
        "seniority": by_seniority,
    }
