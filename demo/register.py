"""The demo register from data/register/: get-or-create only, so a second run
finds everything in place and changes nothing.

Drawn from four published reports: Wiltshire Council (2011), Worcestershire
(2011 and 2015) and Swindon Borough Council (2020). Organisations, partnerships,
groups and the figures in the notes come from those reports; every person is
fictional, and every purpose and note is a short summary written for this
register. References are by name: organisations and partnerships by name, people
by email, and groups as "Partnership name / Group name".
"""

from demo import facts
from partnerships.models import (
    BoardLink,
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)


def load_register():
    orgs = {}
    for row in facts.read("register/organisations"):
        orgs[row["name"]], _ = Organisation.objects.get_or_create(
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "statutory_responsible_authority": row.get(
                    "statutory_responsible_authority", False
                ),
                "identifier": row.get("identifier", ""),
            },
        )
        facts.note(orgs[row["name"]], row["source"])

    partnerships = {}
    for row in facts.read("register/partnerships"):
        partnerships[row["name"]], _ = Partnership.objects.get_or_create(
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "area": row["area"],
                "statutory": row["statutory"],
                "status": row["status"],
                "parent": partnerships.get(row.get("parent")),
                "reports_to": partnerships.get(row.get("reports_to")),
                "merged_into": partnerships.get(row.get("merged_into")),
            },
        )
        facts.note(partnerships[row["name"]], row["source"])

    wiltshire = partnerships["Wiltshire Community Safety Partnership"]
    if not wiltshire.notes:
        plan = next(p for p in facts.read("strategy/plans") if p["partnership"] == wiltshire.name)
        priorities = "\n".join(f"{i}. {p}" for i, p in enumerate(plan["priorities"], 1))
        wiltshire.notes = f"Aim 2011-12: {plan['aim']}.\nPriorities 2011-12:\n{priorities}"
        wiltshire.save(update_fields=["notes"])

    for row in facts.read("register/partnership_members"):
        PartnershipMember.objects.get_or_create(
            partnership=partnerships[row["partnership"]],
            organisation=orgs[row["organisation"]],
            defaults={"role": row["role"]},
        )

    groups = {}
    for row in facts.read("register/groups"):
        partnership = partnerships[row["partnership"]]
        key = f"{partnership.name} / {row['name']}"
        parent = groups.get(f"{partnership.name} / {row['parent']}") if "parent" in row else None
        groups[key], _ = Group.objects.get_or_create(
            partnership=partnership,
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "purpose": row["purpose"],
                "statutory_function": row["statutory_function"],
                "parent": parent,
                "reports_to": groups.get(row["reports_to"]) if "reports_to" in row else None,
                "meets": row["meets"],
                "quorum": row.get("quorum"),
                "tor_approved": row.get("tor_approved"),
                "tor_review_due": row.get("tor_review_due"),
                "expected_seniority": row.get("expected_seniority", ""),
                "notes": row["notes"],
            },
        )
        facts.note(groups[key], row["source"])

    people = {}
    for row in facts.read("register/people"):
        people[row["email"]], _ = Person.objects.get_or_create(
            email=row["email"],
            defaults={
                "name": row["name"],
                "organisation": orgs[row["organisation"]],
                "job_title": row["job_title"],
                "seniority": row["seniority"],
            },
        )
        facts.note(people[row["email"]], row["source"])

    for row in facts.read("register/memberships"):
        Membership.objects.get_or_create(
            person=people[row["person_email"]],
            group=groups[row["group"]],
            end=row.get("end"),
            defaults={
                "role": row["role"],
                "voting": row["voting"],
                "on_behalf_of": orgs[row["on_behalf_of"]] if "on_behalf_of" in row else None,
                "start": row["start"],
            },
        )
    for row in facts.read("register/board_links"):
        link, _ = BoardLink.objects.get_or_create(
            from_partnership=partnerships[row["from"]],
            to_partnership=partnerships[row["to"]],
            kind=row["kind"],
            defaults={
                "protocol_agreed": row.get("protocol_agreed"),
                "review_due": row.get("review_due"),
                "notes": " ".join(row.get("notes", "").split()),
            },
        )
        facts.note(link, row["source"])
    return {"partnerships": partnerships, "groups": groups, "people": people}
