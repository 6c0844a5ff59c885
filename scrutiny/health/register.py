"""The checks of the register: groups and their Terms of Reference, and the
partnership's make-up."""

from collections import defaultdict
from itertools import combinations

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from partnerships.load import overlap
from partnerships.models import Group, Partnership, PartnershipMember, Person
from scrutiny.health.dates import in_days, long_date


def tor_missing(run, name, threshold):
    for group in run.groups:
        if group.tor_approved is None:
            run.add(
                name,
                "group",
                group,
                f"{group.name} ({group.partnership.name}) has no approved Terms of Reference.",
                group.get_absolute_url(),
                group.partnership_id,
                group.pk,
            )


def tor_review_overdue(run, name, threshold):
    cutoff = run.on - in_days(threshold)
    for group in run.groups:
        if (
            group.tor_approved is not None
            and group.tor_review_due is not None
            and group.tor_review_due < cutoff
        ):
            run.add(
                name,
                "group",
                group,
                f"The Terms of Reference of {group.name} were due for review on "
                f"{long_date(group.tor_review_due)}, {(run.on - group.tor_review_due).days} days ago.",
                group.get_absolute_url(),
                group.partnership_id,
                group.pk,
            )


# The groups that act on cases and tasks: one that reports to no group is
# unaccountable_group's finding, not reports_to_none's.
ACTING = frozenset({Group.Kind.TASKING, Group.Kind.OPERATIONAL_PANEL})


def reports_to_none(run, name, threshold):
    for group in run.groups:
        if group.reports_to_no_one and group.kind not in ACTING:
            run.add(
                name,
                "group",
                group,
                f"{group.name} reports to no group: nobody receives its reports.",
                group.get_absolute_url(),
                group.partnership_id,
                group.pk,
            )


def unaccountable_group(run, name, threshold):
    """A tasking group or operational panel that reports to no group: it acts,
    and nobody holds it to account for what it does."""
    for group in run.groups:
        if group.reports_to_no_one and group.kind in ACTING:
            run.add(
                name,
                "group",
                group,
                f"{group.name} ({group.get_kind_display().lower()}) reports to no group: "
                f"nobody holds it to account.",
                group.get_absolute_url(),
                group.partnership_id,
                group.pk,
            )


def statutory_authority_missing(run, name, threshold):
    members = PartnershipMember.objects.select_related("organisation")
    partnerships = Partnership.objects.filter(
        kind=Partnership.Kind.CSP, status=Partnership.Status.ACTIVE
    ).prefetch_related(Prefetch("members", queryset=members))
    if run.partnership is not None:
        partnerships = partnerships.filter(pk=run.partnership.pk)
    for partnership in partnerships:
        missing = partnership.missing_statutory_kinds()
        if missing:
            run.add(
                name,
                "partnership",
                partnership,
                f"{partnership.name} has no {', '.join(k.lower() for k in missing)} "
                f"responsible authority among its members.",
                partnership.get_absolute_url(),
                partnership.pk,
            )


def membership_overload(run, name, threshold):
    current = Q(memberships__end__isnull=True, memberships__group__archived_at__isnull=True)
    # distinct: the partnership's filter below joins the memberships a second time,
    # which would multiply each seat by the person's seats in the partnership.
    people = Person.objects.current().annotate(
        seats=Count("memberships", filter=current, distinct=True)
    )
    if run.partnership is not None:
        people = people.filter(
            memberships__end__isnull=True, memberships__group__partnership=run.partnership
        ).distinct()
    for person in people.filter(seats__gt=threshold or 0):
        run.add(
            name,
            "person",
            person,
            f"{person.name} sits on {person.seats} groups.",
            person.get_absolute_url(),
            run.partnership.pk if run.partnership else None,
        )


def membership_overlap(run, name, threshold):
    members = defaultdict(set)
    groups_of = defaultdict(dict)
    for group_id, group_name, partnership_id, person_id, *_seat in run.seats:
        members[group_id].add(person_id)
        groups_of[partnership_id][group_id] = group_name
    share = (threshold or 0) / 100
    for partnership_id, groups in groups_of.items():
        for a, b in combinations(sorted(groups, key=lambda g: groups[g].lower()), 2):
            found = overlap(members[a], members[b], share)
            if found:
                both, either = found
                run.add(
                    name,
                    "group",
                    f"{groups[a]} and {groups[b]}",
                    f"{groups[a]} and {groups[b]} share {both} of the {either} people on either "
                    f"({round(100 * both / either)}%): candidates to merge.",
                    reverse("partnerships:load", args=[partnership_id]),
                    partnership_id,
                    a,
                )
