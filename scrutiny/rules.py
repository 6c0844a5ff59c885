"""Who may read and change scrutiny reviews: every reader sees them all (reviews
hold no exempt items); a review's own people change it; officers of a
partnership in its scope record the responses to its recommendations."""

import rules

from meetings.rules import chairs_group, sees_exempt_across
from partnerships.rules import is_admin, is_officer, is_reader


@rules.predicate
def is_scrutiny_member(user):
    return user.is_authenticated and user.is_active and user.is_scrutiny


@rules.predicate
def owns_review(user, review):
    """The review's author, or a member of it with an account. Reads the review's
    members from a prefetch when there is one."""
    if not user.is_authenticated or review is None:
        return False
    if review.created_by_id == user.pk:
        return True
    return any(member.user_id == user.pk for member in review.members.all())


@rules.predicate
def supports_partnership_in_scope(user, review):
    if not is_officer(user) or review is None:
        return False
    return any(p.pk in user.partnership_ids for p in review.partnerships.all())


rules.add_perm("scrutiny.view_review", is_reader)
rules.add_perm("scrutiny.view_library", is_reader)  # the library of past reviews
rules.add_perm("scrutiny.add_review", is_admin | is_scrutiny_member | is_officer)
rules.add_perm("scrutiny.change_review", is_admin | (is_reader & owns_review))
rules.add_perm("scrutiny.respond", is_admin | supports_partnership_in_scope)


# Governance health findings: every reader sees them and their answers (an answer is
# never hidden), except a finding only actions on exempt items raise, seen only by
# those who see the partnership's exempt items. The officers who support the
# partnership, and the chair of the group concerned, answer them.
@rules.predicate
def sees_finding(user, finding):
    return finding is not None and (
        not finding.exempt or sees_exempt_across(user, finding.partnership)
    )


@rules.predicate
def supports_findings_partnership(user, finding):
    return (
        is_officer(user) and finding is not None and finding.partnership_id in user.partnership_ids
    )


@rules.predicate
def chairs_findings_group(user, finding):
    return (
        finding is not None and finding.group_id is not None and chairs_group(user, finding.group)
    )


rules.add_perm("scrutiny.view_finding", is_reader & sees_finding)
rules.add_perm(
    "scrutiny.answer_finding",
    is_reader & sees_finding & (is_admin | supports_findings_partnership | chairs_findings_group),
)
