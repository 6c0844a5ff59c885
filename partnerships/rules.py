"""Who may view and change the register: the one place that answers it.

Every view asks through `user.has_perm(name, obj)`; these predicates answer.
"""

import rules

READER_ROLES = {"officer", "scrutiny", "chair", "admin"}


@rules.predicate
def is_admin(user):
    return user.is_authenticated and user.is_admin


@rules.predicate
def is_reader(user):
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in READER_ROLES)
    )


@rules.predicate
def is_officer(user):
    return user.is_authenticated and user.is_active and user.is_officer


@rules.predicate
def supports_partnership(user, partnership):
    return is_officer(user) and partnership is not None and partnership.pk in user.partnership_ids


@rules.predicate
def supports_groups_partnership(user, group):
    return is_officer(user) and group is not None and group.partnership_id in user.partnership_ids


@rules.predicate
def supports_either_board(user, link):
    """An officer of either board a link joins."""
    if not is_officer(user) or link is None:
        return False
    ids = user.partnership_ids
    return link.from_partnership_id in ids or link.to_partnership_id in ids


rules.add_perm("partnerships.view_register", is_reader)
# Email addresses of people in the register: for those who keep it, not every reader.
rules.add_perm("partnerships.view_contact_details", is_admin | is_officer)
rules.add_perm("partnerships.change_register", is_admin | is_officer)
rules.add_perm("partnerships.view_partnership", is_reader)
rules.add_perm("partnerships.change_partnership", is_admin | supports_partnership)
rules.add_perm("partnerships.view_group", is_reader)
rules.add_perm("partnerships.change_group", is_admin | supports_groups_partnership)
rules.add_perm("partnerships.change_board_link", is_admin | supports_either_board)
