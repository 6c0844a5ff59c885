"""The checks of the register: groups and their Terms of Reference, and the
partnership's make-up."""

from collections import Counter, defaultdict
from itertools import combinations
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q

from partnerships.load import may_merge, overlap
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


def reports_to_none(run, name, threshold):
    for group in run.groups:
        # One that acts on cases and tasks is unaccountable_group's finding.
        if group.reports_to_no_one and group.kind not in Group.ACTING_KINDS:
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
        if group.reports_to_no_one and group.kind in Group.ACTING_KINDS:
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


class SharedSeats(NamedTuple):
    """What the checks of overlapping membership read: the pairs of groups that may
    merge and share two people or more, one of them the run's, each pair (a, b) in
    `within` (of one partnership) or `across` (of two active partnerships of the
    same area), with the people on each group, each group's (name, partnership),
    each partnership's (name, area as compared), and the run's own groups."""

    within: list
    across: list
    members: dict
    group_of: dict
    partnerships: dict
    ours: set


def shared_seats(run):
    """The pairs of groups sharing people, found through the people they share: each
    person's groups taken two by two, so the work grows with the seats people share,
    not with the square of the groups. Only groups that may merge count
    (partnerships.load.may_merge: not tasking groups and operational panels). One
    query of its own (see _partnerships_and_neighbours)."""
    members = defaultdict(set)  # group -> the people on it
    group_of = {}  # group -> (its name, its partnership)
    mergeable = {group.pk for group in run.groups if may_merge(group.kind)}
    for group_id, group_name, partnership_id, person_id, *_seat in run.seats:
        if group_id in mergeable:
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

    within, across = [], []
    for (a, b), both in shared.items():
        if both < 2 or not (a in ours or b in ours):
            continue
        a_partnership, b_partnership = group_of[a][1], group_of[b][1]
        if a_partnership == b_partnership:
            within.append((a, b))
            continue
        area = partnerships[a_partnership][1]
        if area and area == partnerships[b_partnership][1]:
            across.append((a, b))
    return SharedSeats(within, across, members, group_of, partnerships, ours)


def membership_overlap(run, name, threshold):
    """Two groups of one partnership sharing N% or more of everyone on either, two
    people at least: candidates to merge. Tasking groups and operational panels are
    left out (partnerships.load.may_merge says why): with them, most pairs were a
    board and a panel it oversees, or two panels of the same practitioners, and no
    one would merge those."""
    share = (threshold or 0) / 100
    shared = run.shared_seats
    for a, b in shared.within:
        found = overlap(shared.members[a], shared.members[b], share)
        if found:
            (a_name, partnership_id), (b_name, _p) = shared.group_of[a], shared.group_of[b]
            if a_name.lower() > b_name.lower():
                a, a_name, b_name = b, b_name, a_name
            _overlap(run, name, found, (a, a_name, partnership_id), (b_name, None))


def membership_overlap_across(run, name, threshold):
    """A group of the partnership and one of another active partnership of the same
    area (the safeguarding partnership's beside the community safety partnership's,
    say) sharing N% or more of everyone on either, two people at least: candidates
    to merge across the two, as the Swindon 2020 review proposed (recommendation 3).
    Tasking groups and operational panels are left out, as within one partnership.
    The pair is a finding of each partnership: each answers it."""
    share = (threshold or 0) / 100
    shared = run.shared_seats
    for a, b in shared.across:
        found = overlap(shared.members[a], shared.members[b], share)
        if not found:
            continue
        for own, other in ((a, b), (b, a)):
            if own in shared.ours:
                other_name, other_partnership = shared.group_of[other]
                _overlap(
                    run,
                    name,
                    found,
                    (own, *shared.group_of[own]),
                    (other_name, shared.partnerships[other_partnership][0]),
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
    that may merge of the other active partnerships of its area that share someone
    with its groups, with all their current members. One query either way."""
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
    for (
        group_id,
        group_name,
        kind,
        partnership_id,
        partnership_name,
        area,
        person_id,
    ) in seats.filter(group__in=theirs.values("group")).values_list(
        "group_id",
        "group__name",
        "group__kind",
        "group__partnership_id",
        "group__partnership__name",
        "group__partnership__area",
        "person_id",
    ):
        if not may_merge(kind):
            continue
        members[group_id].add(person_id)
        group_of[group_id] = (group_name, partnership_id)
        partnerships[partnership_id] = (partnership_name, _area(area))
    return partnerships


def _area(area):
    return area.strip().lower()
