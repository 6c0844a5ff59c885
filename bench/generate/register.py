"""The register of each county: its organisations, partnerships, groups, people and
memberships, and the years of each group's meetings, in the county's shape."""

import datetime
from dataclasses import dataclass

from bench.generate.dates import TODAY
from bench.generate.rows import BATCH, insert
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
STATUSES = ["present", "present", "present", "apologies", "absent"]


@dataclass(frozen=True)
class Shape:
    """What each county holds: its partnerships, the groups of each (a board and
    the groups reporting to it), its people and their seats, and the years of
    meetings behind it."""

    partnerships: int = 5
    groups: int = 12
    people: int = 600
    seats: int = 1500
    years: int = 10


COUNTY = Shape()
# The large register of a metropolitan area: three partnerships of 2,000 groups,
# 60,000 people in 120,000 seats, two years of meetings.
WIDE = Shape(partnerships=3, groups=2000, people=60_000, seats=120_000, years=2)


def build_meetings(county, rng, shape=COUNTY):
    """The years of meetings at each group's frequency, with 5 agenda items (the
    last exempt), attendance of every member and 6 actions a meeting, 30% of
    them open."""
    groups = list(
        Group.objects.filter(partnership__name__startswith=f"County {county} ").order_by("pk")
    )
    members = {}
    for group_id, person_id, on_behalf_of_id in Membership.objects.filter(
        group__in=groups
    ).values_list("group_id", "person_id", "on_behalf_of_id"):
        members.setdefault(group_id, []).append((person_id, on_behalf_of_id))
    meetings = []
    for group in groups:
        per_year = MEETINGS_A_YEAR[group.meets]
        step = datetime.timedelta(days=365 // per_year)
        meetings += [
            Meeting(
                group=group, date=TODAY - step * i, place="Town Hall", status=Meeting.Status.HELD
            )
            for i in range(1, per_year * shape.years + 1)
        ]
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    insert(
        AgendaItem,
        ("meeting_id", "position", "title", "exempt", "exempt_paragraph"),
        (
            (meeting.pk, i, f"Item {i}", i == 5, 1 if i == 5 else None)
            for meeting in meetings
            for i in range(1, 6)
        ),
    )
    item_of = {
        (meeting_id, position): pk
        for meeting_id, position, pk in AgendaItem.objects.filter(
            meeting__group__in=groups
        ).values_list("meeting_id", "position", "pk")
    }
    attendance, actions = [], []
    for meeting in meetings:
        people = members.get(meeting.group_id, [])
        attendance += [
            (meeting.pk, person_id, on_behalf_of_id, rng.choice(STATUSES))
            for person_id, on_behalf_of_id in people
        ]
        for i in range(6):
            open_ = rng.random() < 0.3
            actions.append(
                (
                    meeting.group_id,
                    item_of[meeting.pk, i % 5 + 1],
                    f"Synthetic action {i} of {meeting.date}",
                    rng.choice(people)[0] if people else None,
                    meeting.date + datetime.timedelta(days=60),
                    meeting.date,
                    "open" if open_ else "done",
                    None if open_ else meeting.date + datetime.timedelta(days=30),
                )
            )
    insert(Attendance, ("meeting_id", "person_id", "on_behalf_of_id", "status"), attendance)
    insert(
        Action,
        (
            "group_id",
            "item_id",
            "description",
            "owner_id",
            "due",
            "created_on",
            "status",
            "completed_on",
        ),
        actions,
    )


def build_register(n, rng, shape=COUNTY):
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
        for i in range(1, shape.partnerships + 1)
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
    # Written in bulk, as every row here: a saved record would ask for its
    # partnership's findings to be recomputed (the bench times that on its own).
    boards = Group.objects.bulk_create(
        Group(partnership=p, name="Board", kind="board", meets="quarterly") for p in partnerships
    )
    groups = []
    for p, board in zip(partnerships, boards, strict=True):
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
            for i in range(1, shape.groups)
        )
    people = Person.objects.bulk_create(
        (
            Person(
                name=f"Person {n}.{i}",
                email=f"person{n}.{i}@bench.test",
                organisation=rng.choice(orgs),
                seniority=rng.choice(SENIORITY),
            )
            for i in range(shape.people)
        ),
        batch_size=BATCH,
    )
    seats = set()
    while len(seats) < shape.seats:
        seats.add((rng.randrange(len(people)), rng.randrange(len(groups))))
    chaired = set()
    rows = []
    for person_i, group_i in sorted(seats):
        role = "chair" if group_i not in chaired else rng.choice(ROLES)
        chaired.add(group_i)
        person = people[person_i]
        rows.append(
            (person.pk, groups[group_i].pk, role, person.organisation_id, datetime.date(2023, 4, 1))
        )
    insert(Membership, ("person_id", "group_id", "role", "on_behalf_of_id", "start"), rows)
