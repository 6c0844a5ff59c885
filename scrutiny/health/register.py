"""The checks of the register: groups and their Terms of Reference, and the
partnership's make-up."""

from collections import Counter, defaultdict
from itertools import combinations

from django.db.models import Count, Prefetch, Q

from partnerships.load import overlap
from partnerships.models import Group, Membership, Partnership, PartnershipMember, Person
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
    """Two groups sharing N% or more of everyone on either, two people at least:
    two groups of one partnership, or a group of the partnership and one of
    another active partnership of the same area (the safeguarding partnership's
    groups beside the community safety partnership's, say). A pair is found
    through the people the two share, each person's groups taken two by two, so
    the work grows with the seats people share, not with the square of the groups.
    A pair across two partnerships is a finding of each: each answers it."""
    members = defaultdict(set)  # group -> the people on it
    group_of = {}  # group -> (its name, its partnership)
    for group_id, group_name, partnership_id, person_id, *_seat in run.seats:
        members[group_id].add(person_id)
        group_of[group_id] = (group_name, partnership_id)
    ours = set(group_of)
    partnerships = _partnerships_and_neighbours(run, members, group_of)

    shared = Counter()  # (group, group) -> the people on both
    groups_of = defaultdict(list)  # person -> the groups they sit on
    for group_id, people in members.items():
        for person_id in people:
            groups_of[person_id].append(group_id)
    for groups in groups_of.values():
        for a, b in combinations(sorted(groups), 2):
            shared[a, b] += 1

    share = (threshold or 0) / 100
    for (a, b), both in shared.items():
        if both < 2 or not (a in ours or b in ours):
            continue
        (a_name, a_partnership), (b_name, b_partnership) = group_of[a], group_of[b]
        if a_partnership == b_partnership:
            found = overlap(members[a], members[b], share)
            if found:
                if a_name.lower() > b_name.lower():
                    a, b, a_name, b_name = b, a, b_name, a_name
                _overlap(run, name, found, (a, a_name, a_partnership), (b_name, None))
            continue
        area = partnerships[a_partnership][1]
        if not area or area != partnerships[b_partnership][1]:
            continue
        found = overlap(members[a], members[b], share)
        if found:
            for own, other in ((a, b), (b, a)):
                if own in ours:
                    other_name, other_partnership = group_of[other]
                    _overlap(
                        run,
                        name,
                        found,
                        (own, *group_of[own]),
                        (other_name, partnerships[other_partnership][0]),
                    )


def _overlap(run, name, found, own, other):
    """The finding of a pair for the partnership of its first group; `other` names
    the second group's partnership when it is another."""
    both, either = found
    group_id, group_name, partnership_id = own
    other_name, other_partnership = other
    pair = f"{group_name} and {other_name}"
    if other_partnership:
        pair = f"{pair} ({other_partnership})"
    run.add(
        name,
        "group",
        pair,
        f"{pair} share {both} of the {either} people on either "
        f"({round(100 * both / either)}%): candidates to merge.",
        run.url("partnerships:load", partnership_id),
        partnership_id,
        group_id,
    )


def _partnerships_and_neighbours(run, members, group_of):
    """{partnership: (its name, its area as compared)} of the partnerships the pairs
    may span. For one partnership, also adds to `members` and `group_of` the groups
    of the other active partnerships of its area that share someone with its
    groups, with all their current members. One query either way."""
    if run.partnership is None:  # every active partnership's seats are the run's
        return {
            pk: (partnership_name, _area(area))
            for pk, partnership_name, area in Partnership.objects.active().values_list(
                "id", "name", "area"
            )
        }
    partnerships = {run.partnership.pk: (run.partnership.name, _area(run.partnership.area))}
    seats = Membership.objects.current().filter(group__archived_at__isnull=True)
    theirs = (
        seats.filter(
            person__in=seats.filter(group__partnership=run.partnership).values("person"),
            group__partnership__status=Partnership.Status.ACTIVE,
            group__partnership__area__iexact=run.partnership.area.strip(),
        )
        .exclude(group__partnership=run.partnership)
        .exclude(group__partnership__area="")
    )
    for group_id, group_name, partnership_id, partnership_name, area, person_id in seats.filter(
        group__in=theirs.values("group")
    ).values_list(
        "group_id",
        "group__name",
        "group__partnership_id",
        "group__partnership__name",
        "group__partnership__area",
        "person_id",
    ):
        members[group_id].add(person_id)
        group_of[group_id] = (group_name, partnership_id)
        partnerships[partnership_id] = (partnership_name, _area(area))
    return partnerships


def _area(area):
    return area.strip().lower()
