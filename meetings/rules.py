"""Who may see and change meetings, minutes and actions."""

import rules

from partnerships.rules import (
    is_admin,
    is_reader,
    supports_groups_partnership,
    supports_partnership,
)


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
# group's own members, and administrators. Never scrutiny members. Which items and
# actions that leaves a reader: AgendaItem.objects.visible_to, Action.objects.visible_to.
may_see_exempt = (is_admin | supports_groups_partnership | sits_on_group) & ~is_scrutiny
# The exempt items of every group of a partnership, as its dashboard and its
# governance report count them: administrators and the officers who support it (a
# seat on one of its groups is not enough). Of every partnership: administrators.
may_see_partnerships_exempt = is_admin | supports_partnership


def sees_exempt_across(user, partnership=None):
    """Whether the user may see the exempt items of all the partnership's groups, or
    of all partnerships' (None). Asked of the predicate, not has_perm, whose
    fallback for a refusal with no object reads the user's permissions from the
    database."""
    return may_see_partnerships_exempt.test(user, partnership)


rules.add_perm("meetings.view_meetings", is_reader)
rules.add_perm("meetings.view_exempt", may_see_exempt)
rules.add_perm("meetings.change_meetings", is_admin | supports_groups_partnership)
# Who approves a meeting's minutes, and when, depends on the meeting (its day's chair
# and today's, the chair's attendance): Meeting.may_be_approved_by and
# Meeting.approval_refused, not a permission of the group. Never an administrator.
