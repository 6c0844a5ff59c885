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
    rows = Attendance.objects.filter(meeting__group=group, meeting__status=Meeting.Status.HELD)
    if since:
        rows = rows.filter(meeting__date__gte=since)
    if until:
        rows = rows.filter(meeting__date__lte=until)
    rows = list(
        rows.select_related("person__organisation", "on_behalf_of", "substitute").order_by(
            "person__name", "meeting__date"
        )
    )
    members, organisations = {}, {}
    org_meetings = defaultdict(lambda: defaultdict(bool))
    seniority = defaultdict(int)
    for row in rows:
        member = members.setdefault(row.person_id, Rate(row.person.name))
        member.expected += 1
        member.represented += row.represented
        member.in_person += row.status == Attendance.Status.PRESENT
        org = row.on_behalf_of or row.person.organisation
        org_name = org.name if org else "No organisation recorded"
        org_meetings[org_name][row.meeting_id] |= row.represented
        came = (
            row.person
            if row.status == Attendance.Status.PRESENT
            else row.substitute
            if row.status == Attendance.Status.SUBSTITUTED
            else None
        )
        if came is not None:
            seniority[came.seniority or ""] += 1
    for name, meetings in org_meetings.items():
        organisations[name] = Rate(name, len(meetings), sum(meetings.values()))
    labels = dict(Seniority.choices)
    came_total = sum(seniority.values())
    by_seniority = [
        {
            "seniority": labels.get(key, "Not recorded"),
            "count": count,
            "percent": round(100 * count / came_total) if came_total else None,
        }
        for key, count in sorted(
            seniority.items(), key=lambda kv: list(labels).index(kv[0]) if kv[0] in labels else 99
        )
    ]
    return {
        "meetings_held": len({r.meeting_id for r in rows}),
        "members": sorted(members.values(), key=lambda r: r.name),
        "organisations": sorted(organisations.values(), key=lambda r: r.name),
        "seniority": by_seniority,
    }
