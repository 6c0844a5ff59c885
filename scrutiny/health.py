"""The assurance engine: governance health findings derived from the records.

The checks read the records in a fixed number of queries, whatever their
number: the checks about the same records share one read, made once per run
(the groups, the year's meetings, the seats, the open actions, the running
priorities, the live grants, the recommendations). Each returns findings with
the check's name, its severity, the record concerned and a link to fix it. Thresholds and severities are HealthCheck rows that an
admin may change; a disabled check finds nothing. Nothing here is typed in.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from itertools import combinations
from operator import itemgetter

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Left
from django.urls import reverse
from django.utils import timezone

from funding.models import Grant, MonitoringReturn, return_period_ends
from meetings.models import Action, ActionUpdate, Attendance, Meeting
from partnerships.load import overlap
from partnerships.models import Group, Membership, Partnership, PartnershipMember, Person
from scrutiny.models import HealthCheck, Recommendation
from strategy.models import Priority, PriorityUpdate

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
YEAR = datetime.timedelta(days=365)
# A primary key no record has: reversed once per view, then swapped for each record's.
_PK_MARK = 987654321


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
    """What every check needs: the day, the partnership (or all), its settings,
    and the records read once for all the checks that use them."""

    def __init__(self, *, on, partnership, include_exempt, settings):
        self.on = on
        self.partnership = partnership
        self.include_exempt = include_exempt
        self.settings = settings
        self.found = defaultdict(list)  # check -> its findings, as Findings keeps them
        self.findings = Findings([], settings)
        self._urls = {}
        self._dates = {}

    def scope(self, queryset, path):
        """Only the partnership's records, when one is asked for; only active partnerships."""
        if self.partnership is not None:
            return queryset.filter(**{path: self.partnership})
        return queryset.filter(**{f"{path}__status": Partnership.Status.ACTIVE})

    def add(self, check, subject_type, subject, detail, url, partnership_id=None):
        """Note a finding. `detail` may be a tuple of a function and its arguments,
        called only when the finding is read."""
        subject = str(subject)
        self.found[check].append(
            (subject.lower(), url, subject, detail, subject_type, partnership_id, check)
        )

    def url_parts(self, view):
        """What comes before and after the primary key in the view's address."""
        parts = self._urls.get(view)
        if parts is None:
            parts = self._urls[view] = reverse(view, args=[_PK_MARK]).split(str(_PK_MARK), 1)
        return parts

    def url(self, view, pk):
        """reverse(view, args=[pk]), reversing each view once however many records."""
        prefix, suffix = self.url_parts(view)
        return f"{prefix}{pk}{suffix}"

    def date(self, day):
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = _date(day)
        return text

    # The records, read once for the checks that share them ------------------------------

    @cached_property
    def groups(self):
        """The current groups, each with the date it last met."""
        return list(
            self.scope(Group.objects.current(), "partnership")
            .select_related("partnership")
            .annotate(
                last_met=Max(
                    "meetings__date",
                    filter=Q(meetings__status=Meeting.Status.HELD, meetings__date__lte=self.on),
                )
            )
            .order_by()
        )

    @cached_property
    def meetings_in_year(self):
        """The last 12 months' meetings of current groups, with their attendance counts."""
        counted = Q(attendance__voting=True) & (
            Q(attendance__status=Attendance.Status.PRESENT)
            | Q(
                attendance__status=Attendance.Status.SUBSTITUTED,
                attendance__substitute_can_decide=True,
            )
        )
        meetings = Meeting.objects.filter(date__gt=self.on - YEAR, date__lte=self.on)
        return list(
            self.scope(meetings, "group__partnership")
            .filter(group__archived_at__isnull=True)
            .annotate(
                needed=Coalesce("quorum", "group__quorum"),
                recorded=Count("attendance"),
                quorate_count=Count("attendance", filter=counted),
            )
            .values_list(
                "id",
                "group_id",
                "group__name",
                "group__partnership_id",
                "date",
                "status",
                "minutes_circulated_on",
                "needed",
                "recorded",
                "quorate_count",
                named=True,
            )
            .order_by()
        )

    @cached_property
    def seats(self):
        """The current seats on current groups, with the organisation each is on behalf of."""
        return list(
            self.scope(
                Membership.objects.current().filter(group__archived_at__isnull=True),
                "group__partnership",
            ).values_list(
                "group_id",
                "group__name",
                "group__partnership_id",
                "person_id",
                "on_behalf_of_id",
                "on_behalf_of__name",
                "on_behalf_of__statutory_responsible_authority",
                "start",
            )
        )

    @cached_property
    def open_actions(self):
        """The open actions (not those of exempt items unless allowed), each with
        its last update: one row each, no model built, however many there are."""
        actions = self.scope(Action.objects.open(), "group__partnership")
        if not self.include_exempt:
            actions = actions.not_exempt()
        last_update = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-on")
        return list(
            actions.annotate(
                text=Left("description", 120),
                updated=Subquery(last_update.values("on")[:1]),
            )
            .values_list(
                "id",
                "group_id",
                "group__name",
                "group__partnership_id",
                "owner_id",
                "owner__name",
                "due",
                "created_on",
                "text",
                "updated",
            )
            .order_by()
        )

    @cached_property
    def running_priorities(self):
        """The priorities of the plans running on the day, with their last update,
        milestone count, RAG, accountable lead, in the plan's order."""
        latest = PriorityUpdate.objects.filter(priority=OuterRef("pk")).order_by(
            "-period_end", "-id"
        )
        priorities = Priority.objects.filter(plan__starts__lte=self.on, plan__ends__gte=self.on)
        return list(
            self.scope(priorities, "plan__partnership")
            .select_related("plan", "lead_person")
            .annotate(
                last_update=Max("updates__period_end"),
                milestone_count=Count("milestones", distinct=True),
                rag=Subquery(latest.values("rag")[:1]),
                updated=Subquery(latest.values("period_end")[:1]),
            )
            .order_by("plan__starts", "position", "id")
        )

    @cached_property
    def live_grants(self):
        """The live grants, one row each with the period ends of the returns received."""
        grants = self.scope(Grant.objects.live(), "partnership").order_by()
        received = defaultdict(set)
        for grant_id, period_end in MonitoringReturn.objects.filter(
            grant__in=grants.values("pk")
        ).values_list("grant_id", "period_end"):
            received[grant_id].add(period_end)
        rows = grants.values_list(
            "id",
            "title",
            "partnership_id",
            "planned_start",
            "planned_end",
            "returns_every",
            "return_days",
            "evaluation_received",
            "evaluation_due",
        )
        return [(*row, received.get(row[0], frozenset())) for row in rows]

    @cached_property
    def recommendations(self):
        """The current recommendations, with their reviews and addressees (the
        no-response finding names them)."""
        recommendations = Recommendation.objects.current().select_related(
            "review", "addressed_to_partnership", "addressed_to_organisation"
        )
        if self.partnership is not None:
            recommendations = recommendations.for_partnership(self.partnership)
        return list(recommendations.order_by("follow_up_due", "id"))


class Findings(Sequence):
    """The findings in their order, each made when it is read: a page of 50 of
    100,000 findings writes 50."""

    def __init__(self, entries, settings):
        self._entries = entries
        self._severity = {name: check.severity for name, check in settings.items()}

    def _make(self, entry):
        _key, url, subject, detail, subject_type, partnership_id, check = entry
        return HealthFinding(
            check=check,
            severity=self._severity[check],
            subject_type=subject_type,
            subject=subject,
            detail=detail if isinstance(detail, str) else detail[0](*detail[1:]),
            url=url,
            partnership_id=partnership_id,
        )

    def __len__(self):
        return len(self._entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._make(entry) for entry in self._entries[index]]
        return self._make(self._entries[index])

    def __iter__(self):
        return map(self._make, self._entries)


def health_run(*, partnership=None, on=None, include_exempt=False, severity=None, check=None):
    """Run every enabled check (or only those of the severity, or the one check,
    asked for); the run keeps the records it read, for the dashboard."""
    settings = {c.name: c for c in HealthCheck.objects.all()}
    run = _Run(
        on=on or timezone.localdate(),
        partnership=partnership,
        include_exempt=include_exempt,
        settings=settings,
    )
    for name, function in CHECKS.items():
        if name not in settings or not settings[name].enabled:
            continue
        if (severity and settings[name].severity != severity) or (check and name != check):
            continue
        function(run, name, settings[name].threshold)
    # Most severe first, then by check, record and link. A check has one severity, so
    # each check's findings are sorted on their own and put in the checks' order.
    entries = []
    for name in sorted(run.found, key=lambda c: (SEVERITY_ORDER.get(settings[c].severity, 9), c)):
        entries += sorted(run.found[name], key=itemgetter(0, 1))
    run.findings = Findings(entries, settings)
    return run


def governance_health(*, partnership=None, on=None, include_exempt=False):
    """All findings, most severe first. `include_exempt` lets actions raised on
    exempt (not for publication) agenda items count; leave it off for anyone
    not entitled to see them."""
    run = health_run(partnership=partnership, on=on, include_exempt=include_exempt)
    return list(run.findings)


def _days(n):
    return datetime.timedelta(days=n or 0)


def _date(day):
    return f"{day:%-d %b %Y}"


# Groups and their Terms of Reference ---------------------------------------------------


def tor_missing(run, name, threshold):
    for group in run.groups:
        if group.tor_approved is None:
            run.add(
                name,
                "group",
                group,
                f"{group.name} ({group.partnership.name}) has no approved Terms of Reference.",
                group.get_absolute_url(),
                group.partnership_id,
            )


def tor_review_overdue(run, name, threshold):
    cutoff = run.on - _days(threshold)
    for group in run.groups:
        if (
            group.tor_approved is not None
            and group.tor_review_due is not None
            and group.tor_review_due < cutoff
        ):
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
    for group in run.groups:
        if group.reports_to_no_one:
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
    for group in run.groups:
        if group.meets == Group.Meets.AD_HOC:
            continue
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


def meetings_cancelled(run, name, threshold):
    rows = {}  # group -> [name, partnership, meetings, cancelled]
    for m in run.meetings_in_year:
        row = rows.setdefault(m.group_id, [m.group__name, m.group__partnership_id, 0, 0])
        row[2] += 1
        row[3] += m.status == Meeting.Status.CANCELLED
    for group_id, (group_name, partnership_id, total, cancelled) in rows.items():
        if total >= 2 and cancelled * 100 >= (threshold or 0) * total:
            run.add(
                name,
                "group",
                group_name,
                f"{cancelled} of {total} meetings of {group_name} in the "
                f"last 12 months were cancelled.",
                reverse("meetings:group_meetings", args=[group_id]),
                partnership_id,
            )


def minutes_late(run, name, threshold):
    due_by = {}  # the deadline of the minutes of a meeting on each day
    for m in run.meetings_in_year:
        if m.status != Meeting.Status.HELD:
            continue
        if m.date not in due_by:
            due_by[m.date] = Meeting(date=m.date).minutes_due_by(threshold)
        circulated = m.minutes_circulated_on
        late = max(((circulated or run.on) - due_by[m.date]).days, 0)
        if late:
            state = (
                f"circulated {late} days late"
                if circulated
                else f"not circulated, {late} days past the deadline"
            )
            run.add(
                name,
                "meeting",
                f"{m.group__name} {m.date:%Y-%m-%d}",
                f"Minutes of {m.group__name} on {run.date(m.date)}: {state}.",
                run.url("meetings:meeting_detail", m.id),
                m.group__partnership_id,
            )


def inquorate_meeting(run, name, threshold):
    for m in run.meetings_in_year:
        if (
            m.status == Meeting.Status.HELD
            and m.needed is not None
            and m.recorded > 0
            and m.quorate_count < m.needed
        ):
            run.add(
                name,
                "meeting",
                f"{m.group__name} {m.date:%Y-%m-%d}",
                f"{m.group__name} on {run.date(m.date)} was not quorate: "
                f"{m.quorate_count} of the {m.needed} needed.",
                run.url("meetings:meeting_detail", m.id),
                m.group__partnership_id,
            )


def authority_absent(run, name, threshold):
    """A statutory responsible authority with a seat on a group, represented at
    none of the group's last N held meetings since its seat began. Two queries
    beside the seats."""
    n = threshold or 1
    seats = defaultdict(dict)  # group -> organisation -> (name, when its first seat began)
    names = {}
    for group_id, group_name, partnership_id, _p, org_id, org_name, statutory, start in run.seats:
        if not statutory:
            continue
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
    members = PartnershipMember.objects.select_related("organisation")
    partnerships = Partnership.objects.filter(
        kind=Partnership.Kind.CSP, status=Partnership.Status.ACTIVE
    ).prefetch_related(Prefetch("members", queryset=members))
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
    members = defaultdict(set)
    groups_of = defaultdict(dict)
    for group_id, group_name, partnership_id, person_id, *_seat in run.seats:
        members[group_id].add(person_id)
        groups_of[partnership_id][group_id] = group_name
    share = (threshold or 0) / 100
    for partnership_id, groups in groups_of.items():
        for a, b in combinations(sorted(groups, key=lambda g: groups[g].lower()), 2):
            found = overlap(members[a], members[b], share)
            if found:
                both, either = found
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


def action_no_owner(run, name, threshold):
    for action_id, _g, group_name, partnership_id, owner_id, *_rest, text, _u in run.open_actions:
        if owner_id is None:
            run.add(
                name,
                "action",
                text[:60],
                f"An open action of {group_name} has no owner: {text}",
                run.url("meetings:action_detail", action_id),
                partnership_id,
            )


def action_overdue(run, name, threshold):
    # The one check that may find tens of thousands: its findings are noted
    # straight away, their details written only when read.
    cutoff = run.on - _days(threshold)
    prefix, suffix = run.url_parts("meetings:action_detail")
    on = run.on
    run.found[name] += [
        (
            text[:60].lower(),
            f"{prefix}{action_id}{suffix}",
            text[:60],
            (_overdue_detail, on, due, owner_name if owner_id else "no one", group_name),
            "action",
            partnership_id,
            name,
        )
        for (
            action_id,
            _group_id,
            group_name,
            partnership_id,
            owner_id,
            owner_name,
            due,
            _created_on,
            text,
            _updated,
        ) in run.open_actions
        if due is not None and due < cutoff
    ]


def _overdue_detail(on, due, owner, group_name):
    return f"Due {_date(due)}, {(on - due).days} days overdue; owner {owner}; {group_name}."


def tracker_stale(run, name, threshold):
    rows = {}  # group -> [name, partnership, open actions, last raised, last updated]
    for _id, group_id, group_name, partnership_id, *_o, created_on, _t, updated in run.open_actions:
        row = rows.setdefault(group_id, [group_name, partnership_id, 0, created_on, None])
        row[2] += 1
        row[3] = max(row[3], created_on)
        if updated is not None and (row[4] is None or updated > row[4]):
            row[4] = updated
    for group_id, (group_name, partnership_id, count, raised, updated) in rows.items():
        last = max(d for d in (raised, updated) if d is not None)
        if (run.on - last).days > (threshold or 0):
            run.add(
                name,
                "group",
                group_name,
                f"The {count} open actions of {group_name} have had no update since {_date(last)}.",
                reverse("meetings:tracker", args=[group_id]),
                partnership_id,
            )


# Priorities ----------------------------------------------------------------------------


def priority_no_lead(run, name, threshold):
    for priority in run.running_priorities:
        if priority.lead_person_id is None:
            run.add(
                name,
                "priority",
                priority,
                f"'{priority.title}' ({priority.plan.title}) has no accountable lead.",
                priority.get_absolute_url(),
                priority.plan.partnership_id,
            )


def priority_no_plan(run, name, threshold):
    for priority in run.running_priorities:
        if priority.milestone_count == 0:
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
    for priority in run.running_priorities:
        if priority.last_update is not None and priority.last_update >= since:
            continue
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


def return_late(run, name, threshold):
    """As each grant's return schedule has it: a period whose return is due
    before the day (less the threshold) and not received."""
    cutoff = run.on - _days(threshold)
    period_ends = {}  # grants with the same plan expect returns for the same periods
    for grant_id, title, partnership_id, start, end, every, days, *_e, received in run.live_grants:
        plan = (start, end, every)
        if plan not in period_ends:
            period_ends[plan] = sorted(set(return_period_ends(start, end, every)))
        late = datetime.timedelta(days=days)
        missing = [
            period_end + late
            for period_end in period_ends[plan]
            if period_end not in received and period_end + late < cutoff
        ]
        if missing:
            run.add(
                name,
                "grant",
                title,
                f"{len(missing)} monitoring return{'s' if len(missing) > 1 else ''} missing; "
                f"the first was due {_date(missing[0])}.",
                run.url("funding:grant_detail", grant_id),
                partnership_id,
            )


def evaluation_missing(run, name, threshold):
    cutoff = run.on - _days(threshold)
    for grant_id, title, partnership_id, *_plan, evaluated, due, _r in run.live_grants:
        if evaluated is None and due is not None and due < cutoff:
            run.add(
                name,
                "grant",
                title,
                f"The evaluation of {title} was due {_date(due)} and has not been received.",
                run.url("funding:grant_detail", grant_id),
                partnership_id,
            )


# Scrutiny recommendations ----------------------------------------------------------------


def _partnership_of(run, recommendation):
    if run.partnership is not None:
        return run.partnership.pk
    return recommendation.addressed_to_partnership_id


def recommendation_no_response(run, name, threshold):
    for rec in run.recommendations:
        if not rec.is_response_overdue(run.on, days_after_report=threshold or 0):
            continue
        due = rec.response_due_on(days_after_report=threshold or 0)
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
    cutoff = run.on - _days(threshold)
    for rec in run.recommendations:
        if not rec.is_follow_up_overdue(cutoff):  # overdue by more than the threshold
            continue
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
