"""The assurance engine: governance health findings derived from the records.

Every check reads the records with one or two queries, whatever their number,
and returns findings with the check's name, its severity, the record concerned
and a link to fix it. Thresholds and severities are HealthCheck rows that an
admin may change; a disabled check finds nothing. Nothing here is typed in.
"""

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass
from itertools import combinations

from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from funding.models import Grant
from meetings.models import Action, Attendance, Meeting
from partnerships.models import Group, Membership, Partnership, Person, Priority
from scrutiny.models import HealthCheck, Recommendation

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
YEAR = datetime.timedelta(days=365)


@dataclass(frozen=True)
class HealthFinding:
    check: str
    severity: str
    subject_type: str
    subject: str
    detail: str
    url: str
    partnership_id: int | None = None

    def as_dict(self):
        data = asdict(self)
        data.pop("partnership_id")
        return data


class _Run:
    """What every check needs: the day, the partnership (or all), its settings."""

    def __init__(self, *, on, partnership, include_exempt, settings):
        self.on = on
        self.partnership = partnership
        self.include_exempt = include_exempt
        self.settings = settings
        self.findings = []

    def scope(self, queryset, path):
        """Only the partnership's records, when one is asked for; only active partnerships."""
        if self.partnership is not None:
            return queryset.filter(**{path: self.partnership})
        return queryset.filter(**{f"{path}__status": Partnership.Status.ACTIVE})

    def add(self, check, subject_type, subject, detail, url, partnership_id=None):
        self.findings.append(
            HealthFinding(
                check=check,
                severity=self.settings[check].severity,
                subject_type=subject_type,
                subject=str(subject),
                detail=detail,
                url=url,
                partnership_id=partnership_id,
            )
        )


def governance_health(*, partnership=None, on=None, include_exempt=False):
    """All findings, most severe first. `include_exempt` lets actions raised on
    exempt (not for publication) agenda items count; leave it off for anyone
    not entitled to see them."""
    settings = {c.name: c for c in HealthCheck.objects.all()}
    run = _Run(
        on=on or timezone.localdate(),
        partnership=partnership,
        include_exempt=include_exempt,
        settings=settings,
    )
    for name, check in CHECKS.items():
        if name in settings and settings[name].enabled:
            check(run, name, settings[name].threshold)
    return sorted(
        run.findings,
        key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.check, f.subject.lower(), f.url),
    )


def _days(n):
    return datetime.timedelta(days=n or 0)


def _date(day):
    return f"{day:%-d %b %Y}"


# Groups and their Terms of Reference ---------------------------------------------------


def _groups(run):
    return run.scope(Group.objects.current(), "partnership").select_related("partnership")


def tor_missing(run, name, threshold):
    for group in _groups(run).filter(tor_approved__isnull=True):
        run.add(
            name,
            "group",
            group,
            f"{group.name} ({group.partnership.name}) has no approved Terms of Reference.",
            group.get_absolute_url(),
            group.partnership_id,
        )


def tor_review_overdue(run, name, threshold):
    late = _groups(run).filter(
        tor_approved__isnull=False, tor_review_due__lt=run.on - _days(threshold)
    )
    for group in late:
        run.add(
            name,
            "group",
            group,
            f"The Terms of Reference of {group.name} were due for review on "
            f"{_date(group.tor_review_due)}, {(run.on - group.tor_review_due).days} days ago.",
            group.get_absolute_url(),
            group.partnership_id,
        )


def reports_to_none(run, name, threshold):
    for group in (
        _groups(run)
        .filter(reports_to__isnull=True, parent__isnull=True)
        .exclude(kind=Group.Kind.BOARD)
    ):
        run.add(
            name,
            "group",
            group,
            f"{group.name} reports to no group: nobody receives its reports.",
            group.get_absolute_url(),
            group.partnership_id,
        )


# Meetings ---------------------------------------------------------------------------


def group_not_meeting(run, name, threshold):
    groups = (
        _groups(run)
        .exclude(meets=Group.Meets.AD_HOC)
        .annotate(
            last_met=Max(
                "meetings__date",
                filter=Q(meetings__status=Meeting.Status.HELD, meetings__date__lte=run.on),
            )
        )
    )
    for group in groups:
        allowed = 365 // group.meetings_a_year + (threshold or 0)
        if group.last_met is None:
            detail = f"{group.name} meets {group.get_meets_display().lower()} but has no meeting on record."
        elif (run.on - group.last_met).days > allowed:
            detail = (
                f"{group.name} meets {group.get_meets_display().lower()} but last met on "
                f"{_date(group.last_met)}, {(run.on - group.last_met).days} days ago."
            )
        else:
            continue
        run.add(name, "group", group, detail, group.get_absolute_url(), group.partnership_id)


def _meetings_in_year(run):
    meetings = Meeting.objects.filter(date__gt=run.on - YEAR, date__lte=run.on)
    return run.scope(meetings, "group__partnership").filter(group__archived_at__isnull=True)


def meetings_cancelled(run, name, threshold):
    rows = (
        _meetings_in_year(run)
        .values("group_id", "group__name", "group__partnership_id")
        .annotate(
            total=Count("id"),
            cancelled=Count("id", filter=Q(status=Meeting.Status.CANCELLED)),
        )
        .order_by()
    )
    for row in rows:
        if row["total"] >= 2 and row["cancelled"] * 100 >= (threshold or 0) * row["total"]:
            run.add(
                name,
                "group",
                row["group__name"],
                f"{row['cancelled']} of {row['total']} meetings of {row['group__name']} in the "
                f"last 12 months were cancelled.",
                reverse("meetings:group_meetings", args=[row["group_id"]]),
                row["group__partnership_id"],
            )


def minutes_late(run, name, threshold):
    held = _meetings_in_year(run).filter(status=Meeting.Status.HELD).select_related("group")
    for meeting in held:
        late = meeting.minutes_late(on=run.on, working_days=threshold)
        if late:
            state = (
                f"circulated {late} days late"
                if meeting.minutes_circulated_on
                else f"not circulated, {late} days past the deadline"
            )
            run.add(
                name,
                "meeting",
                meeting,
                f"Minutes of {meeting.group.name} on {_date(meeting.date)}: {state}.",
                meeting.get_absolute_url(),
                meeting.group.partnership_id,
            )


def inquorate_meeting(run, name, threshold):
    counted = Q(attendance__voting=True) & (
        Q(attendance__status=Attendance.Status.PRESENT)
        | Q(
            attendance__status=Attendance.Status.SUBSTITUTED, attendance__substitute_can_decide=True
        )
    )
    meetings = (
        _meetings_in_year(run)
        .filter(status=Meeting.Status.HELD)
        .annotate(
            needed=Coalesce("quorum", "group__quorum"),
            recorded=Count("attendance"),
            quorate_count=Count("attendance", filter=counted),
        )
        .filter(needed__isnull=False, recorded__gt=0, quorate_count__lt=F("needed"))
        .select_related("group")
    )
    for meeting in meetings:
        run.add(
            name,
            "meeting",
            meeting,
            f"{meeting.group.name} on {_date(meeting.date)} was not quorate: "
            f"{meeting.quorate_count} of the {meeting.needed} needed.",
            meeting.get_absolute_url(),
            meeting.group.partnership_id,
        )


def authority_absent(run, name, threshold):
    """A statutory responsible authority with a seat on a group, represented at
    none of the group's last N held meetings since its seat began. Three queries."""
    n = threshold or 1
    seats = defaultdict(dict)  # group -> organisation -> (name, when its first seat began)
    memberships = run.scope(
        Membership.objects.current().filter(
            group__archived_at__isnull=True, on_behalf_of__statutory_responsible_authority=True
        ),
        "group__partnership",
    ).values_list(
        "group_id",
        "group__name",
        "group__partnership_id",
        "on_behalf_of_id",
        "on_behalf_of__name",
        "start",
    )
    names = {}
    for group_id, group_name, partnership_id, org_id, org_name, start in memberships:
        since = start or datetime.date.min
        earlier = seats[group_id].get(org_id, (org_name, since))[1]
        seats[group_id][org_id] = (org_name, min(since, earlier))
        names[group_id] = (group_name, partnership_id)
    if not seats:
        return
    held = (
        Meeting.objects.filter(
            group_id__in=seats,
            status=Meeting.Status.HELD,
            date__lte=run.on,
            date__gt=run.on - 2 * YEAR,
        )
        .order_by("group_id", "-date")
        .values_list("id", "group_id", "date")
    )
    last = defaultdict(list)
    for meeting_id, group_id, date in held:
        if len(last[group_id]) < n:
            last[group_id].append((meeting_id, date))
    wanted = [m for rows in last.values() if len(rows) == n for m, _ in rows]
    present = defaultdict(set)
    for meeting_id, org_id, person_org_id in Attendance.objects.filter(
        meeting_id__in=wanted,
        status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED],
    ).values_list("meeting_id", "on_behalf_of_id", "person__organisation_id"):
        present[meeting_id].add(org_id or person_org_id)
    for group_id, rows in last.items():
        if len(rows) < n:
            continue
        came = set().union(*(present[m] for m, _ in rows))
        first_of_them = min(date for _, date in rows)
        for org_id, (org_name, since) in seats[group_id].items():
            # A seat that began after the first of those meetings has not missed N yet.
            if org_id not in came and since <= first_of_them:
                group_name, partnership_id = names[group_id]
                run.add(
                    name,
                    "organisation",
                    f"{org_name} on {group_name}",
                    f"{org_name} was not represented at any of the last {n} meetings of "
                    f"{group_name}.",
                    reverse("meetings:group_meetings", args=[group_id]),
                    partnership_id,
                )


# The partnership's make-up ------------------------------------------------------------


def statutory_authority_missing(run, name, threshold):
    partnerships = Partnership.objects.filter(
        kind=Partnership.Kind.CSP, status=Partnership.Status.ACTIVE
    ).prefetch_related("members__organisation")
    if run.partnership is not None:
        partnerships = partnerships.filter(pk=run.partnership.pk)
    for partnership in partnerships:
        missing = partnership.missing_statutory_kinds()
        if missing:
            run.add(
                name,
                "partnership",
                partnership,
                f"{partnership.name} has no {', '.join(k.lower() for k in missing)} "
                f"responsible authority among its members.",
                partnership.get_absolute_url(),
                partnership.pk,
            )


def membership_overload(run, name, threshold):
    current = Q(memberships__end__isnull=True, memberships__group__archived_at__isnull=True)
    # distinct: the partnership's filter below joins the memberships a second time,
    # which would multiply each seat by the person's seats in the partnership.
    people = Person.objects.current().annotate(
        seats=Count("memberships", filter=current, distinct=True)
    )
    if run.partnership is not None:
        people = people.filter(
            memberships__end__isnull=True, memberships__group__partnership=run.partnership
        ).distinct()
    for person in people.filter(seats__gt=threshold or 0):
        run.add(
            name,
            "person",
            person,
            f"{person.name} sits on {person.seats} groups.",
            person.get_absolute_url(),
            run.partnership.pk if run.partnership else None,
        )


def membership_overlap(run, name, threshold):
    rows = run.scope(
        Membership.objects.current().filter(group__archived_at__isnull=True), "group__partnership"
    ).values_list("group_id", "group__name", "group__partnership_id", "person_id")
    members = defaultdict(set)
    groups_of = defaultdict(dict)
    for group_id, group_name, partnership_id, person_id in rows:
        members[group_id].add(person_id)
        groups_of[partnership_id][group_id] = group_name
    share = (threshold or 0) / 100
    for partnership_id, groups in groups_of.items():
        for a, b in combinations(sorted(groups, key=lambda g: groups[g].lower()), 2):
            both = len(members[a] & members[b])
            either = len(members[a] | members[b])
            if both >= 2 and both >= share * either:
                run.add(
                    name,
                    "group",
                    f"{groups[a]} and {groups[b]}",
                    f"{groups[a]} and {groups[b]} share {both} of the {either} people on either "
                    f"({round(100 * both / either)}%): candidates to merge.",
                    reverse("partnerships:load", args=[partnership_id]),
                    partnership_id,
                )


# Actions -------------------------------------------------------------------------------


def _open_actions(run):
    actions = run.scope(Action.objects.open(), "group__partnership")
    if not run.include_exempt:
        actions = actions.exclude(item__exempt=True)
    return actions


def action_no_owner(run, name, threshold):
    for action in _open_actions(run).filter(owner__isnull=True).select_related("group"):
        run.add(
            name,
            "action",
            action,
            f"An open action of {action.group.name} has no owner: {action.description[:120]}",
            action.get_absolute_url(),
            action.group.partnership_id,
        )


def action_overdue(run, name, threshold):
    late = (
        _open_actions(run)
        .filter(due__lt=run.on - _days(threshold))
        .select_related("group", "owner")
        .order_by("due", "id")
    )
    for action in late:
        owner = action.owner.name if action.owner_id else "no one"
        run.add(
            name,
            "action",
            action,
            f"Due {_date(action.due)}, {(run.on - action.due).days} days overdue; owner {owner}; "
            f"{action.group.name}.",
            action.get_absolute_url(),
            action.group.partnership_id,
        )


def tracker_stale(run, name, threshold):
    rows = (
        _open_actions(run)
        .values("group_id", "group__name", "group__partnership_id")
        .annotate(
            open=Count("id", distinct=True), raised=Max("created_on"), updated=Max("updates__on")
        )
        .order_by()
    )
    for row in rows:
        last = max(d for d in (row["raised"], row["updated"]) if d is not None)
        if (run.on - last).days > (threshold or 0):
            run.add(
                name,
                "group",
                row["group__name"],
                f"The {row['open']} open actions of {row['group__name']} have had no update "
                f"since {_date(last)}.",
                reverse("meetings:tracker", args=[row["group_id"]]),
                row["group__partnership_id"],
            )


# Priorities ----------------------------------------------------------------------------


def _running_priorities(run):
    priorities = Priority.objects.filter(plan__starts__lte=run.on, plan__ends__gte=run.on)
    return (
        run.scope(priorities, "plan__partnership")
        .select_related("plan")
        .annotate(
            last_update=Max("updates__period_end"),
            milestone_count=Count("milestones", distinct=True),
        )
    )


def priority_no_lead(run, name, threshold):
    for priority in _running_priorities(run).filter(lead_person__isnull=True):
        run.add(
            name,
            "priority",
            priority,
            f"'{priority.title}' ({priority.plan.title}) has no accountable lead.",
            priority.get_absolute_url(),
            priority.plan.partnership_id,
        )


def priority_no_plan(run, name, threshold):
    for priority in _running_priorities(run).filter(milestone_count=0):
        run.add(
            name,
            "priority",
            priority,
            f"'{priority.title}' has no delivery plan: no milestones are recorded.",
            priority.get_absolute_url(),
            priority.plan.partnership_id,
        )


def priority_no_update(run, name, threshold):
    since = run.on - _days(threshold)
    stale = _running_priorities(run).filter(Q(last_update__isnull=True) | Q(last_update__lt=since))
    for priority in stale:
        when = _date(priority.last_update) if priority.last_update else "never"
        run.add(
            name,
            "priority",
            priority,
            f"'{priority.title}' was last updated: {when}.",
            priority.get_absolute_url(),
            priority.plan.partnership_id,
        )


# Funded projects -------------------------------------------------------------------------


def _live_grants(run):
    return run.scope(Grant.objects.live(), "partnership").prefetch_related("returns")


def return_late(run, name, threshold):
    for grant in _live_grants(run):
        missing = [
            slot
            for slot in grant.return_schedule(on=run.on - _days(threshold))
            if slot["state"] == "missing"
        ]
        if missing:
            run.add(
                name,
                "grant",
                grant,
                f"{len(missing)} monitoring return{'s' if len(missing) > 1 else ''} missing; "
                f"the first was due {_date(missing[0]['due'])}.",
                grant.get_absolute_url(),
                grant.partnership_id,
            )


def evaluation_missing(run, name, threshold):
    grants = run.scope(Grant.objects.live(), "partnership").filter(
        evaluation_received__isnull=True,
        evaluation_due__lt=run.on - _days(threshold),
    )
    for grant in grants:
        run.add(
            name,
            "grant",
            grant,
            f"The evaluation of {grant.title} was due {_date(grant.evaluation_due)} and has not "
            f"been received.",
            grant.get_absolute_url(),
            grant.partnership_id,
        )


# Scrutiny recommendations ----------------------------------------------------------------


def _recommendations(run):
    # The addressees too: the no-response finding names them.
    recommendations = Recommendation.objects.current().select_related(
        "review", "addressed_to_partnership", "addressed_to_organisation"
    )
    if run.partnership is not None:
        recommendations = recommendations.for_partnership(run.partnership)
    return recommendations


def _partnership_of(run, recommendation):
    if run.partnership is not None:
        return run.partnership.pk
    return recommendation.addressed_to_partnership_id


def recommendation_no_response(run, name, threshold):
    pending = _recommendations(run).filter(response=Recommendation.Response.PENDING)
    for rec in pending:
        due = rec.response_due
        if due is None and rec.review.reported:
            due = rec.review.reported + _days(threshold)
        if due is None or due >= run.on:
            continue
        run.add(
            name,
            "recommendation",
            f"Recommendation {rec.reference} of {rec.review.title}",
            f"No response from {rec.addressed_to or 'the body addressed'}; it was due "
            f"{_date(due)}.",
            rec.get_absolute_url(),
            _partnership_of(run, rec),
        )


def recommendation_followup_overdue(run, name, threshold):
    for rec in _recommendations(run).follow_up_overdue(on=run.on - _days(threshold)):
        run.add(
            name,
            "recommendation",
            f"Recommendation {rec.reference} of {rec.review.title}",
            f"Follow-up was due {_date(rec.follow_up_due)}; implementation: "
            f"{rec.get_implementation_display().lower()}.",
            rec.get_absolute_url(),
            _partnership_of(run, rec),
        )


CHECKS = {
    "tor_missing": tor_missing,
    "tor_review_overdue": tor_review_overdue,
    "group_not_meeting": group_not_meeting,
    "meetings_cancelled": meetings_cancelled,
    "minutes_late": minutes_late,
    "inquorate_meeting": inquorate_meeting,
    "authority_absent": authority_absent,
    "statutory_authority_missing": statutory_authority_missing,
    "reports_to_none": reports_to_none,
    "action_no_owner": action_no_owner,
    "action_overdue": action_overdue,
    "tracker_stale": tracker_stale,
    "priority_no_lead": priority_no_lead,
    "priority_no_plan": priority_no_plan,
    "priority_no_update": priority_no_update,
    "return_late": return_late,
    "evaluation_missing": evaluation_missing,
    "membership_overload": membership_overload,
    "membership_overlap": membership_overlap,
    "recommendation_no_response": recommendation_no_response,
    "recommendation_followup_overdue": recommendation_followup_overdue,
}
