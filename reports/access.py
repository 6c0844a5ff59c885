"""Who may have which report. A reader gets the copy their entitlement allows:
exempt (not for publication) items are in it only for those who may see them in
the pages, and the request picks the copy, so nobody is handed the other one."""

from django.http import Http404

from meetings.models import Meeting
from meetings.rules import sees_exempt_across
from partnerships.models import Group, Partnership
from reports.models import Report
from scrutiny.models import Review

Kind = Report.Kind

SUBJECTS = {
    Kind.BOARD_PACK: Meeting.objects.select_related("group__partnership"),
    Kind.MINUTES: Meeting.objects.select_related("group__partnership"),
    Kind.TRACKER: Group.objects.select_related("partnership"),
    Kind.REVIEW: Review.objects.prefetch_related("members", "partnerships"),
    Kind.GOVERNANCE: Partnership.objects.all(),
    Kind.FUNDING: Partnership.objects.all(),
    Kind.INDUCTION: Partnership.objects.all(),
}
FIELDS = {
    Kind.BOARD_PACK: "meeting",
    Kind.MINUTES: "meeting",
    Kind.TRACKER: "group",
    Kind.REVIEW: "review",
    Kind.GOVERNANCE: "partnership",
    Kind.FUNDING: "partnership",
    Kind.INDUCTION: "partnership",
}
# Reports whose contents depend on seeing exempt items.
WITH_EXEMPT = {Kind.BOARD_PACK, Kind.MINUTES, Kind.TRACKER, Kind.GOVERNANCE}
# Reports of one meeting.
OF_A_MEETING = {Kind.BOARD_PACK, Kind.MINUTES}


def subject(kind, pk):
    """The record a report is about; 404 for an unknown kind or record."""
    if kind not in SUBJECTS:
        raise Http404("No such kind of report.")
    try:
        return SUBJECTS[kind].get(pk=pk)
    except (SUBJECTS[kind].model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record.") from None


def _group(kind, record):
    if kind in OF_A_MEETING:
        return record.group
    return record if kind == Kind.TRACKER else None


def may_read(user, kind, record):
    if kind in (*OF_A_MEETING, Kind.TRACKER):
        return user.has_perm("meetings.view_meetings", _group(kind, record))
    if kind == Kind.REVIEW:
        return user.has_perm("scrutiny.view_review", record)
    if kind == Kind.FUNDING:
        return user.has_perm("funding.view_funding", record)
    return user.has_perm("partnerships.view_partnership", record)


def sees_exempt(user, kind, record):
    if kind not in WITH_EXEMPT:
        return False
    if kind == Kind.GOVERNANCE:
        return sees_exempt_across(user, record)  # as the partnership's dashboard
    return user.has_perm("meetings.view_exempt", _group(kind, record))


def may_download(user, report):
    """The reader may read the subject, and the copy is the one they are entitled to."""
    kind = report.kind
    record = report.subject
    return may_read(user, kind, record) and report.include_exempt == sees_exempt(user, kind, record)
