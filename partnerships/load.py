"""Membership load: who sits on how many groups, which organisations fill the
seats, and which groups share so many members that they may be one group.

Two groups overlap by the share of everyone on either group who sits on both
(4 members in common out of 5 people in all is 80%); pairs with fewer than two
members in common are never listed, nor pairs with a group that acts on cases
(`may_merge`). `overlap` says which pairs are candidates to merge, for this page
(the share in OVERLAP_THRESHOLD, or the one asked for) and for the health checks
membership_overlap and membership_overlap_across (the share in their thresholds).
"""

from collections import Counter, defaultdict
from itertools import combinations

from partnerships.models import Group, Membership


def may_merge(kind):
    """Whether a group of this kind may be a candidate to merge: one that governs (a
    board, an executive, a sub-group, a task and finish group, a forum), not one that
    acts on cases or tasks (a tasking group, an operational panel). Practitioners
    sit on several panels by design, each panel for its own cases, and a panel is
    not merged with the board that oversees it: the Swindon 2020 review kept every
    operational group as it was (appendix 1) and looked for merges among the rest."""
    return kind not in Group.ACTING_KINDS


def overlap(members, other_members, share):
    """(people on both, people on either) of two groups' members when the groups are
    candidates to merge: at least two people sit on both, and they are at least
    `share` (above 0, at most 1) of everyone on either; otherwise None."""
    common = len(members & other_members)
    if common < 2:
        return None
    either = len(members | other_members)
    return (common, either) if common / either >= share else None


def membership_load(partnership, threshold):
    """All from one query over the current memberships of the partnership's groups."""
    rows = list(
        Membership.objects.current()
        .filter(group__partnership=partnership, group__archived_at__isnull=True)
        .select_related("person", "group", "on_behalf_of", "person__organisation")
        .order_by("person__name", "group__name")
    )
    groups, people, seats = {}, {}, Counter()
    members_of = defaultdict(set)
    groups_of = defaultdict(list)
    for m in rows:
        groups[m.group_id] = m.group
        people[m.person_id] = m.person
        members_of[m.group_id].add(m.person_id)
        groups_of[m.person_id].append(m.group)
        organisation = m.on_behalf_of or m.person.organisation
        seats[organisation.name if organisation else "No organisation recorded"] += 1

    per_person = sorted(
        (
            {
                "person": people[pid],
                "groups": gs,
                "meetings_a_year": sum(Group.MEETINGS_A_YEAR[g.meets] for g in gs),
            }
            for pid, gs in groups_of.items()
        ),
        key=lambda r: (-len(r["groups"]), -r["meetings_a_year"], r["person"].name),
    )

    shared = Counter()
    for gs in groups_of.values():
        for a, b in combinations(sorted({g.pk for g in gs}), 2):
            shared[(a, b)] += 1
    overlaps = []
    for a, b in shared:
        if not (may_merge(groups[a].kind) and may_merge(groups[b].kind)):
            continue
        found = overlap(members_of[a], members_of[b], threshold)
        if found:
            common, either = found
            smaller = min(len(members_of[a]), len(members_of[b]))
            overlaps.append(
                {
                    "a": groups[a],
                    "b": groups[b],
                    "common": common,
                    "either": either,
                    "share": round(common / either * 100),
                    "of_smaller": round(common / smaller * 100),
                }
            )
    overlaps.sort(key=lambda o: (-o["share"], -o["common"], o["a"].name))

    return {
        "per_person": per_person,
        "per_organisation": seats.most_common(),
        "overlaps": overlaps,
    }
