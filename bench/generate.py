"""A synthetic register at scale N: N counties of 5 partnerships, 60 groups,
600 people and 1,500 memberships each. Built once per database."""

import datetime
import random

from django.db import transaction

from accounts.models import User
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


@transaction.atomic
def build(scale):
    rng = random.Random(scale)
    if not Partnership.objects.filter(name="County 1 Partnership 1").exists():
        for county in range(1, scale + 1):
            _county(county, rng)
    return _users()


def _county(n, rng):
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


def _users():
    first = Partnership.objects.order_by("pk").first()
    users = {}
    for role in ("officer", "scrutiny", "admin"):
        user, created = User.objects.get_or_create(
            email=f"{role}@bench.test",
            defaults={"role": role, "is_staff": role == "admin", "is_superuser": role == "admin"},
        )
        if created and role == "officer":
            user.partnerships.set([first])
        users[role] = user
    return users
