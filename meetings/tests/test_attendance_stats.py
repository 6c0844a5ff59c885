"""Attendance rates against a hand-worked example with a cancelled meeting and a substitute."""

import datetime

import pytest

from meetings.models import Attendance, Meeting
from meetings.stats import attendance_stats
from meetings.tests.factories import AttendanceFactory, MeetingFactory
from partnerships.tests.factories import GroupFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_it_matches_the_hand_worked_example():
    group = GroupFactory()
    council, police, health = (OrganisationFactory(name=n) for n in ("Council", "Police", "Health"))
    a = PersonFactory(name="A", organisation=council, seniority="senior_manager")
    b = PersonFactory(name="B", organisation=police, seniority="practitioner")
    c = PersonFactory(name="C", organisation=health, seniority="chief_officer")
    s = PersonFactory(name="S", organisation=police, seniority="manager")
    m1 = MeetingFactory(group=group, date=datetime.date(2026, 1, 10))
    m2 = MeetingFactory(group=group, date=datetime.date(2026, 4, 10))
    m3 = MeetingFactory(
        group=group,
        date=datetime.date(2026, 7, 10),
        status=Meeting.Status.CANCELLED,
        cancellation_reason="Not quorate",
    )
    present, apologies, absent = (
        Attendance.Status.PRESENT,
        Attendance.Status.APOLOGIES,
        Attendance.Status.ABSENT,
    )
    for meeting, person, status, sub in [
        (m1, a, present, None),
        (m1, b, Attendance.Status.SUBSTITUTED, s),
        (m1, c, apologies, None),
        (m2, a, present, None),
        (m2, b, absent, None),
        (m2, c, present, None),
        # the cancelled meeting must count against no one
        (m3, a, apologies, None),
        (m3, b, absent, None),
        (m3, c, absent, None),
    ]:
        AttendanceFactory(
            meeting=meeting,
            person=person,
            status=status,
            substitute=sub,
            on_behalf_of=person.organisation,
        )

    stats = attendance_stats(group)

    assert stats["meetings_held"] == 2
    members = {
        r.name: (r.expected, r.in_person, r.represented, r.percent) for r in stats["members"]
    }
    assert members == {"A": (2, 2, 2, 100), "B": (2, 0, 1, 50), "C": (2, 1, 1, 50)}
    organisations = {r.name: (r.expected, r.represented, r.percent) for r in stats["organisations"]}
    assert organisations == {"Council": (2, 2, 100), "Health": (2, 1, 50), "Police": (2, 1, 50)}
    # who came: A twice (senior manager), S once (manager), C once (chief officer)
    assert stats["seniority"] == [
        {"seniority": "Chief officer", "count": 1, "percent": 25},
        {"seniority": "Senior manager", "count": 2, "percent": 50},
        {"seniority": "Manager", "count": 1, "percent": 25},
    ]
