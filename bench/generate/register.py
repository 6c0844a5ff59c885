"""The register of each county: its organisations, partnerships, groups, people and
memberships, and ten years of each group's meetings."""

import datetime

from bench.generate.dates import TODAY
from meetings.models import Action, AgendaItem, Attendance, Meeting
from partnerships.models import (
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)

KINDS = [k for k, _ in Organisation.Kind.choices]
GROUP_KINDS = [k for k, _ in Group.Kind.choices]
MEETS = [k for k, _ in Group.Meets.choices]
ROLES = ["member"] * 8 + ["vice_chair", "adviser"]
SENIORITY = [k for k, _ in Person._meta.get_field("seniority").choices]


MEETINGS_A_YEAR = {**Group.MEETINGS_A_YEAR, "ad_hoc": 1}


def build_meetings(county, rng):
    """Ten years of meetings at each group's frequency, with attendance of
    every member and 6 actions a meeting, 30% of them open."""
    groups = Group.objects.filter(partnership__name__startswith=f"County {county} ")
    members = {}
    for m in Membership.objects.filter(group__in=groups).values(
        "group_id", "person_id", "on_behalf_of_id"
    ):
        members.setdefault(m["group_id"], []).append(m)
    for group in groups:
        per_year = MEETINGS_A_YEAR[group.meets]
        step = datetime.timedelta(days=365 // per_year)
        days = [TODAY - step * i for i in range(1, per_year * 10 + 1)]
        meetings = Meeting.objects.bulk_create(
            Meeting(group=group, date=day, place="Town Hall", status=Meeting.Status.HELD)
            for day in days
        )
        items = AgendaItem.objects.bulk_create(
            (
                AgendaItem(
                    meeting=meeting,
                    position=i,
                    title=f"Item {i}",
                    exempt=i == 5,
                    exempt_paragraph=1 if i == 5 else None,
                )
                for meeting in meetings
                for i in range(1, 6)
            ),
            batch_size=5000,
        )
        items_of = {}
        for item in items:
            items_of.setdefault(item.meeting_id, []).append(item)
        rows, actions = [], []
        for meeting in meetings:
            for m in members.get(group.pk, []):
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person_id=m["person_id"],
                        on_behalf_of_id=m["on_behalf_of_id"],
                        status=rng.choice(["present", "present", "present", "apologies", "absent"]),
                    )
                )
            people = members.get(group.pk) or [None]
            for i in range(6):
                open_ = rng.random() < 0.3
                actions.append(
                    Action(
                        group=group,
                        item=items_of[meeting.pk][i % 5],
                        description=f"Synthetic action {i} of {meeting.date}",
                        owner_id=rng.choice(people)["person_id"] if people[0] else None,
                        due=meeting.date + datetime.timedelta(days=60),
                        created_on=meeting.date,
                        status="open" if open_ else "done",
                        completed_on=None if open_ else meeting.date + datetime.timedelta(days=30),
                    )
                )
        Attendance.objects.bulk_create(rows, batch_size=5000)
        Action.objects.bulk_create(actions, batch_size=5000)


def build_register(n, rng):
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"County {n} {kind.replace('_', ' ')} {i}",
            kind=kind,
            statutory_responsible_authority=kind in Organisation.STATUTORY_KINDS,
        )
        for i, kind in enumerate(KINDS * 3)
    )
    partnerships = Partnership.objects.bulk_create(
        Partnership(
            name=f"County {n} Partnership {i}",
            kind="community_safety_partnership",
            area=f"Area {n}.{i}",
        )
        for i in range(1, 6)
    )
    PartnershipMember.objects.bulk_create(
        PartnershipMember(
            partnership=p,
            organisation=o,
            role="responsible_authority" if o.statutory_responsible_authority else "partner",
        )
        for p in partnerships
        for o in rng.sample(orgs, 12)
    )
    groups = []
    for p in partnerships:
        board = Group.objects.create(partnership=p, name="Board", kind="board", meets="quarterly")
        groups.append(board)
        groups += Group.objects.bulk_create(
            Group(
                partnership=p,
                name=f"Group {i}",
                kind=rng.choice(GROUP_KINDS),
                meets=rng.choice(MEETS),
                reports_to=board,
                purpose="Synthetic group for the benchmark.",
                tor_approved=datetime.date(2024, 1, 1) if i % 3 else None,
                tor_review_due=datetime.date(2025 + i % 3, 1, 1) if i % 3 else None,
            )
            for i in range(1, 12)
        )
    people = Person.objects.bulk_create(
        Person(
            name=f"Person {n}.{i}",
            email=f"person{n}.{i}@bench.test",
            organisation=rng.choice(orgs),
            seniority=rng.choice(SENIORITY),
        )
        for i in range(600)
    )
    seats = set()
    while len(seats) < 1500:
        seats.add((rng.randrange(len(people)), rng.randrange(len(groups))))
    chaired = set()
    memberships = []
    for person_i, group_i in sorted(seats):
        role = "chair" if group_i not in chaired else rng.choice(ROLES)
        chaired.add(group_i)
        memberships.append(
            Membership(
                person=people[person_i],
                group=groups[group_i],
                role=role,
                on_behalf_of=people[person_i].organisation,
                start=datetime.date(2023, 4, 1),
            )
        )
    Membership.objects.bulk_create(memberships)
