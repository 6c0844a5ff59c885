"""What each person has to do next: the sections of their home page.

Each task is a sentence, the day it is due (if it has one), whether that day has
passed, and a link to the page where it is done. A section lists its most pressing
tasks first and says how many more there are; an empty section says what is done.
Every section reads only what its reader may see (exempt items as everywhere).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from funding.models import Grant, MonitoringReturn, return_period_ends
from meetings.models import Action, Meeting
from partnerships.models import Group, Partnership
from scrutiny.finding_views import readable_findings
from scrutiny.models import HealthCheck, Recommendation, Review
from strategy.models import UPDATE_EVERY_DAYS, Priority

AHEAD = datetime.timedelta(weeks=6)  # meetings an officer prepares for
BEHIND = datetime.timedelta(days=91)  # meetings an officer still writes up
SOON = datetime.timedelta(days=14)  # what is "due soon"
NEW = datetime.timedelta(days=14)  # how long a finding is "new" to an officer
RETURNS_SINCE = datetime.timedelta(days=365)  # how far back a missing return is a task
SHOWN = 10  # tasks a section shows before "and N more"


@dataclass(frozen=True)
class Task:
    text: str
    url: str
    due: datetime.date | None = None
    late: bool = False
    notes: tuple = ()
    status: str = "To do"  # shown when it has no due date


@dataclass
class Section:
    key: str
    heading: str
    done: str  # what an empty section says
    tasks: list = field(default_factory=list)
    more: int = 0  # tasks not shown

    def cut(self, rows, make=None):
        """Keep the first SHOWN of `rows` (already in order), each made a task by
        `make`, and count the rest: a partnership of thousands of groups has thousands
        of rows, of which only those shown are made into tasks."""
        rows = list(rows)
        shown = rows[:SHOWN]
        self.tasks = [make(row) for row in shown] if make else shown
        self.more = max(len(rows) - SHOWN, 0)
        return self


def _day(date):
    return f"{date:%-d %B %Y}"


# The chair ------------------------------------------------------------------------


def for_chair(user, on):
    groups = Group.objects.chaired_by(user.person_id) if user.person_id else Group.objects.none()
    group_ids = list(
        groups.filter(partnership__status=Partnership.Status.ACTIVE).values_list("pk", flat=True)
    )
    return [
        _minutes_to_approve(group_ids, on),
        _agendas_to_agree(group_ids, on),
        _escalated(user, group_ids, on),
        _new_on_my_groups(user, group_ids, on),
    ]


def _minutes_to_approve(group_ids, on):
    section = Section(
        "minutes",
        "Minutes awaiting your approval",
        "No draft minutes are waiting for you.",
    )
    meetings = (
        Meeting.objects.filter(group_id__in=group_ids, minutes_status=Meeting.Minutes.DRAFT)
        .select_related("group")
        .order_by("date", "pk")
    )
    tasks = []
    for meeting in meetings:
        due = meeting.minutes_due_by()
        tasks.append(
            Task(
                f"Approve the minutes of the {meeting.group.name} meeting of {_day(meeting.date)}",
                meeting.get_absolute_url() + "#minutes",
                due,
                due < on,
            )
        )
    return section.cut(tasks)


def _agendas_to_agree(group_ids, on):
    section = Section(
        "agendas",
        "Agendas to agree",
        "Every meeting in the next six weeks has its agenda published.",
    )
    meetings = (
        Meeting.objects.filter(
            group_id__in=group_ids,
            status=Meeting.Status.SCHEDULED,
            date__range=(on, on + AHEAD),
            agenda_published_at__isnull=True,
        )
        .select_related("group")
        .order_by("date", "start_time", "pk")
    )
    tasks = []
    for meeting in meetings:
        due = meeting.agenda_due_by()
        tasks.append(
            Task(
                f"Agree the agenda for the {meeting.group.name} meeting on {_day(meeting.date)} "
                "with your officer",
                meeting.get_absolute_url() + "#agenda",
                due,
                due < on,
            )
        )
    return section.cut(tasks)


def _escalated(user, group_ids, on):
    after = settings.ESCALATE_AFTER_DAYS
    section = Section(
        "escalated",
        "Actions long overdue on your groups",
        f"No action on your groups is more than {after} days overdue.",
    )
    actions = (
        Action.objects.open()
        .filter(group_id__in=group_ids, due__lt=on - datetime.timedelta(days=after))
        .on_items_visible_to(user, within=Group.objects.filter(pk__in=group_ids))
        .select_related("group", "owner")
        .order_by("due", "pk")
    )
    return section.cut(
        Task(
            Truncator(action.description).words(20),
            action.get_absolute_url(),
            action.due,
            True,
            (action.group.name, f"owner: {action.owner}" if action.owner else "no owner"),
        )
        for action in actions
    )


def _new_on_my_groups(user, group_ids, on):
    section = Section(
        "findings",
        "New findings on your groups since their last meeting",
        "Nothing new has been found on your groups since they last met.",
    )
    last_met = (
        Meeting.objects.filter(group=OuterRef("group"), status=Meeting.Status.HELD)
        .order_by()
        .values("group")
        .annotate(last=Max("date"))
        .values("last")
    )
    findings = (
        readable_findings(user)
        .filter(group_id__in=group_ids)
        .annotate(last_met=Subquery(last_met))
        .filter(Q(last_met__isnull=True) | Q(first_found__date__gt=F("last_met")))
        .counted(on)
        .select_related("group")
        .order_by("rank", "-first_found", "pk")
    )
    return section.cut(findings, make=_finding_task)


def _finding_task(finding):
    return Task(
        f"{finding.subject}: {finding.detail}",
        reverse("scrutiny:health_finding", args=[finding.pk]),
        status="To review",
        notes=(
            f"{HealthCheck.Severity(finding.severity).label} severity",
            f"found {_day(timezone.localdate(finding.first_found))}",
        ),
    )


# The officer ----------------------------------------------------------------------


def for_officer(user, on):
    ids = user.partnership_ids
    return [
        _meetings_ahead(ids, on),
        _meetings_behind(ids, on),
        _actions_due(user, ids, on),
        _updates_due(ids, on),
        _responses_due(ids, on),
        _new_high_findings(user, ids, on),
    ]


def _meetings_ahead(ids, on):
    section = Section(
        "ahead",
        "Meetings in the next six weeks",
        "No meeting of your groups is arranged for the next six weeks.",
    )
    meetings = (
        Meeting.objects.filter(
            group__partnership_id__in=ids,
            group__partnership__status=Partnership.Status.ACTIVE,
            group__archived_at__isnull=True,
            status=Meeting.Status.SCHEDULED,
            date__range=(on, on + AHEAD),
        )
        .annotate(
            item_count=Count("items", distinct=True),
            bare=Count("items", filter=Q(items__papers__isnull=True), distinct=True),
        )
        .select_related("group")
        .order_by("date", "start_time", "pk")
    )
    tasks = []
    for meeting in meetings:
        lacks = []
        due = None
        if meeting.agenda_published_at is None:
            due = meeting.agenda_due_by()
            lacks.append(f"agenda not published (due {_day(due)})")
        if not meeting.item_count:
            lacks.append("no agenda items yet")
        elif meeting.bare:
            lacks.append(f"{meeting.bare} of {meeting.item_count} items have no papers")
        tasks.append(
            Task(
                f"{meeting.group.name}, {meeting.date:%A} {_day(meeting.date)}",
                meeting.get_absolute_url(),
                due,
                due is not None and due < on,
                tuple(lacks) or ("agenda published, every item has its papers",),
                status="To do" if lacks else "Ready",
            )
        )
    return section.cut(tasks)


def _meetings_behind(ids, on):
    section = Section(
        "behind",
        "Meetings to write up",
        "Every meeting of the last three months has its attendance and circulated minutes.",
    )
    meetings = (
        Meeting.objects.filter(
            group__partnership_id__in=ids,
            group__partnership__status=Partnership.Status.ACTIVE,
            group__archived_at__isnull=True,
            status__in=[Meeting.Status.SCHEDULED, Meeting.Status.HELD],
            date__range=(on - BEHIND, on - datetime.timedelta(days=1)),
        )
        .annotate(recorded=Count("attendance"))
        .filter(
            Q(status=Meeting.Status.SCHEDULED)
            | Q(recorded=0)
            | ~Q(minutes_status=Meeting.Minutes.CIRCULATED)
        )
        .select_related("group")
        .order_by("date", "start_time", "pk")
    )
    minutes = {
        Meeting.Minutes.NONE: "minutes not written",
        Meeting.Minutes.DRAFT: "draft minutes await the chair's approval",
        Meeting.Minutes.APPROVED: "approved minutes not circulated",
    }
    tasks = []
    for meeting in meetings:
        lacks = []
        if meeting.status == Meeting.Status.SCHEDULED:
            lacks.append("not yet recorded as held, postponed or cancelled")
        if not meeting.recorded:
            lacks.append("attendance not recorded")
        if meeting.minutes_status in minutes:
            lacks.append(minutes[meeting.minutes_status])
        due = meeting.minutes_due_by()
        tasks.append(
            Task(
                f"{meeting.group.name}, {meeting.date:%A} {_day(meeting.date)}",
                meeting.get_absolute_url(),
                due,
                due < on and meeting.minutes_status != Meeting.Minutes.CIRCULATED,
                tuple(lacks),
            )
        )
    return section.cut(tasks)


def _actions_due(user, ids, on):
    section = Section(
        "actions",
        "Actions overdue or due in the next two weeks",
        "No open action on your groups is overdue or due in the next two weeks.",
    )
    rows = (
        Action.objects.open()
        .filter(
            group__partnership_id__in=ids,
            group__partnership__status=Partnership.Status.ACTIVE,
            group__archived_at__isnull=True,
            due__lte=on + SOON,
        )
        .on_items_visible_to(user, within=Group.objects.filter(partnership_id__in=ids))
        .order_by()
        .values("group_id", "group__name")
        .annotate(
            first=Min("due"),
            overdue=Count("pk", filter=Q(due__lt=on)),
            soon=Count("pk", filter=Q(due__gte=on)),
        )
        .order_by("first", "group__name")
    )

    def task(row):
        counts = []
        if row["overdue"]:
            counts.append(f"{row['overdue']} overdue")
        if row["soon"]:
            counts.append(f"{row['soon']} due by {_day(on + SOON)}")
        return Task(
            f"{row['group__name']}: {' and '.join(counts)}",
            reverse("meetings:tracker", args=[row["group_id"]]),
            row["first"],
            bool(row["overdue"]),
        )

    return section.cut(rows, make=task)


def _updates_due(ids, on):
    section = Section(
        "updates",
        "Monitoring returns and priority updates due",
        "No monitoring return or priority update is due in the next two weeks.",
    )
    tasks = []
    priorities = (
        Priority.objects.update_due(on, by=on + SOON)
        .filter(plan__partnership_id__in=ids)
        .select_related("plan")
    )
    for priority in priorities:
        last = priority.last_update
        due = (last or priority.plan.starts) + datetime.timedelta(days=UPDATE_EVERY_DAYS)
        tasks.append(
            Task(
                f"Record the quarterly update on “{priority.title}”",
                priority.get_absolute_url() + "#update",
                due,
                due < on,
                (str(priority.plan),) + (() if last else ("no update recorded yet",)),
            )
        )
    # Returns due in the last year or soon; older missing returns stay in the
    # governance findings (return_late), not in the day's tasks.
    # Rows, not models: a partnership has hundreds of grants, and only the periods
    # of each and the returns received are needed (as Grant.return_schedule has them).
    grants = list(
        Grant.objects.with_returns_due()
        .filter(
            partnership_id__in=ids,
            planned_start__lte=on + SOON,
            planned_end__gte=on - RETURNS_SINCE,
        )
        .order_by("title", "pk")
        .values(
            "pk",
            "title",
            "returns_every",
            "return_days",
            "planned_start",
            "planned_end",
            "award_date",
        )
    )
    received = set(
        MonitoringReturn.objects.filter(grant_id__in=[g["pk"] for g in grants]).values_list(
            "grant_id", "period_end"
        )
    )
    for grant in grants:
        every, days = grant["returns_every"], datetime.timedelta(days=grant["return_days"])
        schedule = return_period_ends(
            grant["planned_start"], grant["planned_end"], every, grant["award_date"]
        )
        for end in schedule:
            due = end + days
            if (grant["pk"], end) in received or not on - RETURNS_SINCE <= due <= on + SOON:
                continue
            tasks.append(
                Task(
                    f"Record the monitoring return from {grant['title']} "
                    f"for the period ending {_day(end)}",
                    reverse("funding:return_create", args=[grant["pk"]])
                    + f"?period_end={end:%Y-%m-%d}",
                    due,
                    due < on,
                )
            )
    tasks.sort(key=lambda t: (t.due, t.text))
    return section.cut(tasks)


def _responses_due(ids, on):
    section = Section(
        "responses",
        "Responses due to scrutiny recommendations",
        "No response to a scrutiny recommendation is due in the next two weeks.",
    )
    recommendations = (
        Recommendation.objects.response_due(by=on + SOON)
        .filter(
            review__partnerships__in=ids,
            review__partnerships__status=Partnership.Status.ACTIVE,
        )
        .select_related("review")
        .distinct()
        .order_by("response_due", "pk")
    )
    return section.cut(
        Task(
            f"Get the response to recommendation {r.reference} of “{r.review.title}”",
            reverse("scrutiny:recommendation_respond", args=[r.review_id, r.pk]),
            r.response_due,
            r.response_due < on,
            (Truncator(r.text).words(20),),
        )
        for r in recommendations
    )


def _new_high_findings(user, ids, on):
    section = Section(
        "findings",
        "New high-severity findings",
        "No high-severity finding has been raised in the last two weeks.",
    )
    findings = (
        readable_findings(user)
        .filter(
            partnership_id__in=ids,
            severity=HealthCheck.Severity.HIGH,
            first_found__date__gt=on - NEW,
        )
        .counted(on)
        .order_by("-first_found", "pk")
    )
    return section.cut(findings, make=_finding_task)


# The scrutiny member --------------------------------------------------------------


def for_scrutiny(user, on, since):
    ids = user.partnership_ids
    recommendations = Recommendation.objects.current().select_related("review")
    if ids:
        recommendations = recommendations.filter(
            Q(review__partnerships__in=ids) | Q(addressed_to_partnership_id__in=ids)
        ).distinct()
    return [
        _follow_ups(recommendations, on),
        _responses_received(recommendations, since),
        _review_steps(user, on),
    ]


def _follow_ups(recommendations, on):
    section = Section(
        "follow-ups",
        "Follow-ups due",
        "No recommendation is due a follow-up in the next two weeks.",
    )
    due = recommendations.awaiting_follow_up().filter(follow_up_due__lte=on + SOON)
    return section.cut(
        Task(
            f"Follow up recommendation {r.reference} of “{r.review.title}”",
            r.review.get_absolute_url() + f"#rec-{r.pk}",
            r.follow_up_due,
            r.follow_up_due < on,
            (Truncator(r.text).words(20),),
        )
        for r in due.order_by("follow_up_due", "pk")
    )


def _responses_received(recommendations, since):
    section = Section(
        "received",
        "Responses received since your last visit",
        "No response has come in since your last visit.",
    )
    recorded = Recommendation.history.filter(id=OuterRef("pk"), history_date__gte=since).exclude(
        response=Recommendation.Response.PENDING
    )
    received = recommendations.exclude(response=Recommendation.Response.PENDING).filter(
        Exists(recorded)
    )
    return section.cut(
        Task(
            f"Read the response to recommendation {r.reference} of “{r.review.title}”",
            r.review.get_absolute_url() + f"#rec-{r.pk}",
            notes=(
                r.get_response_display()
                + (f" on {_day(r.response_date)}" if r.response_date else ""),
            ),
            status="To read",
        )
        for r in received.order_by("-response_date", "pk")
    )


def _waiting(count):
    if not count:
        return ()
    if count == 1:
        return ("1 recommendation awaits a response",)
    return (f"{count} recommendations await a response",)


NEXT_STEP = {
    Review.Status.SCOPING: "Agree the scope and the questions",
    Review.Status.EVIDENCE: "Take the evidence and record the findings",
    Review.Status.REPORTING: "Write the recommendations and report",
    Review.Status.MONITORING: "Monitor the responses and follow them up",
}


def _review_steps(user, on):
    section = Section(
        "reviews",
        "Your reviews' next steps",
        "You are not a member of a review in progress.",
    )
    reviews = (
        Review.objects.filter(Q(members__user=user) | Q(created_by=user))
        .exclude(status=Review.Status.CLOSED)
        .annotate(
            waiting=Count(
                "recommendations",
                filter=Q(
                    recommendations__withdrawn_at__isnull=True,
                    recommendations__response=Recommendation.Response.PENDING,
                ),
                distinct=True,
            )
        )
        .distinct()
        .order_by("-started", "title")
    )
    return section.cut(
        Task(
            f"{review.title}: {NEXT_STEP[review.status].lower()}",
            review.get_absolute_url(),
            notes=_waiting(review.waiting),
            status=review.get_status_display(),
        )
        for review in reviews
    )
