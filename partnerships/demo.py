"""Build the demo register from `demo_data`: get-or-create only, so a second
run finds everything in place and changes nothing."""

from partnerships import demo_data
from partnerships.models import (
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)


def load_register():
    orgs = {}
    for row in demo_data.ORGANISATIONS:
        orgs[row["name"]], _ = Organisation.objects.get_or_create(
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "statutory_responsible_authority": row["statutory_responsible_authority"],
                "identifier": row["identifier"],
            },
        )

    partnerships = {}
    for row in demo_data.PARTNERSHIPS:
        partnerships[row["name"]], _ = Partnership.objects.get_or_create(
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "area": row["area"],
                "statutory": row["statutory"],
                "status": row["status"],
                "parent": partnerships.get(row["parent"]),
                "reports_to": partnerships.get(row["reports_to"]),
                "merged_into": partnerships.get(row["merged_into"]),
            },
        )

    wiltshire = partnerships["Wiltshire Community Safety Partnership"]
    if not wiltshire.notes:
        priorities = "\n".join(
            f"{i}. {p}" for i, p in enumerate(demo_data.WILTSHIRE_PRIORITIES_2011, 1)
        )
        wiltshire.notes = (
            f"Aim 2011-12: {demo_data.WILTSHIRE_AIM}.\nPriorities 2011-12:\n{priorities}"
        )
        wiltshire.save(update_fields=["notes"])

    for row in demo_data.PARTNERSHIP_MEMBERS:
        PartnershipMember.objects.get_or_create(
            partnership=partnerships[row["partnership"]],
            organisation=orgs[row["organisation"]],
            defaults={"role": row["role"]},
        )

    groups = {}
    for row in demo_data.GROUPS:
        partnership = partnerships[row["partnership"]]
        key = f"{partnership.name} / {row['name']}"
        parent = groups.get(f"{partnership.name} / {row['parent']}") if row["parent"] else None
        groups[key], _ = Group.objects.get_or_create(
            partnership=partnership,
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "purpose": row["purpose"],
                "statutory_function": row["statutory_function"],
                "parent": parent,
                "reports_to": groups.get(row["reports_to"]) if row["reports_to"] else None,
                "meets": row["meets"],
                "quorum": row["quorum"],
                "tor_approved": row["tor_approved"],
                "tor_review_due": row["tor_review_due"],
                "notes": row["notes"],
            },
        )

    people = {}
    for row in demo_data.PEOPLE:
        people[row["email"]], _ = Person.objects.get_or_create(
            email=row["email"],
            defaults={
                "name": row["name"],
                "organisation": orgs[row["organisation"]],
                "job_title": row["job_title"],
                "seniority": row["seniority"],
            },
        )

    for row in demo_data.MEMBERSHIPS:
        Membership.objects.get_or_create(
            person=people[row["person_email"]],
            group=groups[row["group"]],
            end=row["end"],
            defaults={
                "role": row["role"],
                "voting": row["voting"],
                "on_behalf_of": orgs[row["on_behalf_of"]] if row["on_behalf_of"] else None,
                "start": row["start"],
            },
        )
    return {"partnerships": partnerships, "groups": groups, "people": people}
