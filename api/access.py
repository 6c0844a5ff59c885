"""What a reader of the API may see, asked of the same rules as the pages.

Lists span many groups, so the entitlement to exempt (Schedule 12A) items is
asked of `meetings.view_exempt` group by group, for the groups that have any,
and the answer is used to filter in the database: an item or action the reader
may not see is never loaded.
"""

from django.db.models import Exists, OuterRef, Q

from meetings.models import Action, AgendaItem
from partnerships.models import Group


def exempt_group_ids(user):
    """The groups with exempt agenda items whose exempt items this user may see."""
    has_exempt = AgendaItem.objects.filter(meeting__group=OuterRef("pk"), exempt=True)
    groups = Group.objects.filter(Exists(has_exempt)).only("id", "partnership_id").order_by()
    return {group.pk for group in groups if user.has_perm("meetings.view_exempt", group)}


def visible_items(user):
    """Agenda items: the open ones, and the exempt ones of the groups the user is entitled to."""
    return AgendaItem.objects.filter(
        Q(exempt=False) | Q(meeting__group_id__in=exempt_group_ids(user))
    )


def visible_actions(user):
    """Actions as the tracker and the action page show them: a reader sees every action
    but those raised on an exempt item of a group they are not entitled to; anyone sees
    the actions they own. Someone who reads no meetings sees only their own."""
    own = Q(owner_id=user.person_id) if user.person_id else Q(pk__in=[])
    if not user.has_perm("meetings.view_meetings"):
        return Action.objects.filter(own)
    open_item = Q(item__isnull=True) | Q(item__exempt=False)
    return Action.objects.filter(open_item | Q(group_id__in=exempt_group_ids(user)) | own)


def sees_contact_details(user):
    return user.has_perm("partnerships.view_contact_details")
