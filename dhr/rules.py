"""Who may see and keep a partnership's domestic homicide reviews: the one place that
answers it (and `Review.objects.visible_to`, the same rule for every list).

They are confidential beyond exempt items: only the officers who support the
partnership and the chair of its board see them; only those officers change them.
Never administrators (who administer the system, not the partnership), never
scrutiny members, never an officer of another partnership, never the board's other
members (who see the actions of the recommendations in their tracker, as they see
the actions of exempt items, and nothing else of a review).
"""

import rules

from dhr.models import board_partnerships_chaired
from partnerships.rules import is_admin, supports_partnership


@rules.predicate
def is_scrutiny(user):
    return user.is_authenticated and user.is_scrutiny


@rules.predicate
def chairs_partnerships_board(user, partnership):
    """The user's person chairs a board (a group of kind board) of the partnership."""
    return (
        user.is_authenticated
        and user.is_active
        and partnership is not None
        and partnership.pk in board_partnerships_chaired(user)
    )


may_see_reviews = (supports_partnership | chairs_partnerships_board) & ~is_admin & ~is_scrutiny
may_change_reviews = supports_partnership & ~is_admin & ~is_scrutiny

# Rules, not permissions: `user.has_perm` grants a superuser everything before any rule
# is asked, and a superuser is an administrator. Pages ask `sees_reviews`, templates
# `{% test_rule "dhr.sees_reviews" user partnership as … %}`.
rules.add_rule("dhr.sees_reviews", may_see_reviews)
rules.add_rule("dhr.keeps_reviews", may_change_reviews)


def sees_reviews(user, partnership):
    return may_see_reviews.test(user, partnership)


def keeps_reviews(user, partnership):
    return may_change_reviews.test(user, partnership)
