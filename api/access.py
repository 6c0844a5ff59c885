"""What a reader of the API may see, asked of the same rules as the pages. Agenda
items and actions: AgendaItem.objects.visible_to and Action.objects.visible_to
(meetings/models.py), which the pages use too."""


def sees_contact_details(user):
    return user.has_perm("partnerships.view_contact_details")
