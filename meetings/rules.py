"""Who may see and change meetings, minutes and actions."""

import rules

from partnerships.rules import is_admin, is_reader, supports_groups_partnership


@rules.predicate
def sits_on_group(user, group):
    if not user.is_authenticated or not user.person_id or group is None:
        return False
    cache = user.__dict__.setdefault("_current_group_ids", None)
    if cache is None:
        cache = set(
            user.person.memberships.filter(end__isnull=True).values_list("group_id", flat=True)
        )
        user.__dict__["_current_group_ids"] = cache
    return group.pk in cache


@rules.predicate
def chairs_group(user, group):
    if not user.is_authenticated or not user.person_id or group is None:
        return False
    from partnerships.models import Group

    return Group.objects.chaired_by(user.person_id).filter(pk=group.pk).exists()


@rules.predicate
def is_scrutiny(user):
    return user.is_authenticated and user.is_scrutiny


# Exempt (Schedule 12A) items: the officers who support the partnership, the
# group's own members, and administrators. Never scrutiny members.
may_see_exempt = (is_admin | supports_groups_partnership | sits_on_group) & ~is_scrutiny

rules.add_perm("meetings.view_meetings", is_reader)
rules.add_perm("meetings.view_exempt", may_see_exempt)
rules.add_perm("meetings.change_meetings", is_admin | supports_groups_partnership)
rules.add_perm("meetings.approve_minutes", is_admin | chairs_group)
