"""The assurance engine: governance health findings derived from the records.

The checks read the records in a fixed number of queries, whatever their
number: the checks about the same records share one read, made once per run
(the groups, the year's meetings, the seats, the last held meetings and who came
to them, the groups sharing people, the open actions, the running priorities, the
live grants, the recommendations). Each returns findings with
the check's name, its severity, the record concerned and a link to fix it. Thresholds and severities are HealthCheck rows that an
admin may change; a disabled check finds nothing. Nothing here is typed in.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from operator import itemgetter

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Left
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Party
from funding.models import Grant, MonitoringReturn
from meetings.models import Action, ActionUpdate, Attendance, Meeting
from partnerships.models import BoardLink, Group, Membership, Partnership
from scrutiny.health.agreements import (
    agreement_expired,
    agreement_unsigned,
    board_link_review_overdue,
    panel_no_agreement,
)
from scrutiny.health.dates import YEAR, long_date
from scrutiny.health.funding import evaluation_missing, grant_no_evaluation, return_late
from scrutiny.health.meetings import (
    LAST_HELD,
    action_no_owner,
    action_overdue,
    attendance_seniority_low,
    authority_absent,
    authority_attendance_low,
    group_not_meeting,
    inquorate_meeting,
    meetings_cancelled,
    minutes_late,
    tracker_stale,
)
from scrutiny.health.recommendations import (
    recommendation_followup_overdue,
    recommendation_no_response,
)
from scrutiny.health.register import (
    membership_overlap,
    membership_overlap_across,
    membership_overload,
    reports_to_none,
    shared_seats,
    statutory_authority_missing,
    tor_missing,
    tor_review_overdue,
    unaccountable_group,
)
from scrutiny.health.risks import risk_high_no_action, risk_review_overdue
from scrutiny.health.strategy import (
    assessment_review_overdue,
    plan_no_assessment,
    priority_no_lead,
    priority_no_plan,
    priority_no_update,
    priority_outside_assessment,
)
from scrutiny.models import HealthCheck, Recommendation
from strategy.models import Plan, Priority, PriorityUpdate, Risk

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# A primary key no record has: reversed once per view, then swapped for each record's.
_PK_MARK = 987654321


@dataclass(frozen=True)
class LiveFinding:
    """A finding as the checks find it now; scrutiny/findings.py keeps them as
    HealthFinding rows."""

    check: str
    severity: str
    subject_type: str
    subject: str
    detail: str
    url: str
    partnership_id: int | None = None
    group_id: int | None = None

    @property
    def check_name(self):
        return self.check

    @property
    def key(self):
        """What names the record concerned, for its check: its address and name."""
        return f"{self.url}#{self.subject}"[:400]

    def as_dict(self):
        data = asdict(self)
        data.pop("partnership_id")
        data.pop("group_id")
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

    def add(self, check, subject_type, subject, detail, url, partnership_id=None, group_id=None):
        """Note a finding, with the group it concerns where there is one. `detail` may
        be a tuple of a function and its arguments, called only when it is read."""
        subject = str(subject)
        self.found[check].append(
            (subject.lower(), url, subject, detail, subject_type, partnership_id, check, group_id)
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
            text = self._dates[day] = long_date(day)
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
    def statutory_attendance(self):
        """The groups on which a statutory responsible authority has a seat: {group:
        (its name, its partnership, {authority: (its name, when its first seat began)},
        its last held meetings (as last_held has them), each as (its date, the
        organisations represented))}."""
        groups = {}
        for (
            group_id,
            group_name,
            partnership_id,
            _p,
            org_id,
            org_name,
            statutory,
            start,
        ) in self.seats:
            if not statutory:
                continue
            orgs = groups.setdefault(group_id, (group_name, partnership_id, {}, []))[2]
            since = start or datetime.date.min
            orgs[org_id] = (org_name, min(since, orgs.get(org_id, (org_name, since))[1]))
        for group_id, (*_group, meetings) in groups.items():
            meetings += [(date, came) for date, came, _levels in self.last_held[group_id]]
        return groups

    @cached_property
    def last_held(self):
        """The last held meetings of the last two years, newest first, of the groups
        whose attendance a check counts: those on which a statutory responsible
        authority has a seat, and those whose Terms of Reference expect a seniority.
        {group: [(its date, the organisations represented, {each person who came: their
        seniority, "" where none is recorded})]}, as many meetings as the attendance
        checks count; a substitute came, not the member they stood in for. Two queries
        beside the seats and the groups, none when there is no such group."""
        counted = {group_id for group_id, *_seat, statutory, _start in self.seats if statutory}
        counted |= {group.pk for group in self.groups if group.expected_seniority}
        groups = {group_id: [] for group_id in counted}
        if not groups:
            return groups
        absent = self.settings.get("authority_absent")
        wanted = max(LAST_HELD, (absent.threshold or 1) if absent else 1)
        held = (
            Meeting.objects.filter(
                group_id__in=groups,
                status=Meeting.Status.HELD,
                date__lte=self.on,
                date__gt=self.on - 2 * YEAR,
            )
            .order_by("group_id", "-date")
            .values_list("id", "group_id", "date")
        )
        came = {}
        for meeting_id, group_id, date in held:
            meetings = groups[group_id]
            if len(meetings) < wanted:
                came[meeting_id] = (set(), {})
                meetings.append((date, *came[meeting_id]))
        attendance = Attendance.objects.filter(
            meeting_id__in=came,
            status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED],
        ).values_list(
            "meeting_id",
            "on_behalf_of_id",
            "person__organisation_id",
            "person_id",
            "person__seniority",
            "substitute_id",
            "substitute__seniority",
        )
        for meeting_id, org_id, person_org_id, person_id, level, sub_id, sub_level in attendance:
            orgs, people = came[meeting_id]
            orgs.add(org_id or person_org_id)
            if sub_id is None:
                people[person_id] = level
            else:
                people[sub_id] = sub_level or ""
        return groups

    @cached_property
    def shared_seats(self):
        """The pairs of groups that may merge and share two people or more (see
        register.shared_seats), found once for the checks of overlapping membership."""
        return shared_seats(self)

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
    def running_plans(self):
        """The plans running on the day, with the assessment each rests on."""
        plans = Plan.objects.filter(starts__lte=self.on, ends__gte=self.on)
        return list(
            self.scope(plans, "partnership")
            .select_related("assessment")
            .order_by("partnership_id", "starts", "id")
        )

    @cached_property
    def open_risks(self):
        """The open risks, with their residual score, last review and the ids of the
        actions linked to them (open or not): two queries."""
        risks = list(
            self.scope(Risk.objects.open(), "partnership")
            .with_scores()
            .only(
                "id",
                "title",
                "partnership_id",
                "group_id",
                "residual_likelihood",
                "residual_impact",
                "review_due",
            )
            .order_by()
        )
        linked = {}
        for risk_id, action_id in Risk.actions.through.objects.filter(
            risk__in=[r.pk for r in risks]
        ).values_list("risk_id", "action_id"):
            linked.setdefault(risk_id, set()).add(action_id)
        for risk in risks:
            risk.action_ids = linked.get(risk.pk, set())
        return risks

    @cached_property
    def agreements(self):
        """The agreements not ended, with their parties and the parties'
        organisations: two queries."""
        parties = Party.objects.select_related("organisation").order_by("organisation__name")
        return list(
            self.scope(Agreement.objects.exclude(ends__lt=self.on), "partnership")
            .prefetch_related(Prefetch("parties", queryset=parties))
            .order_by()
        )

    @cached_property
    def information_sharing(self):
        """The information-sharing agreements in force on the day, of any partnership (a
        county's agreement may cover a district's panel), each as (the ids of the groups
        it names, the ids of the organisations that have signed it): two queries."""
        sharing = Agreement.objects.filter(kind=Agreement.Kind.INFORMATION_SHARING)
        current = sharing.current(self.on)
        signed = defaultdict(set)
        for agreement_id, organisation_id in Party.objects.filter(
            agreement__in=current, signed_on__lte=self.on
        ).values_list("agreement_id", "organisation_id"):
            signed[agreement_id].add(organisation_id)
        named = defaultdict(set)
        for agreement_id, group_id in Agreement.groups.through.objects.filter(
            agreement__in=list(signed)
        ).values_list("agreement_id", "group_id"):
            named[agreement_id].add(group_id)
        return [(named[agreement_id], orgs) for agreement_id, orgs in signed.items()]

    @cached_property
    def panel_seats(self):
        """The current seats on current operational panels, each with the organisation
        it is held on behalf of (or else its holder's): one query."""
        seats = Membership.objects.current().filter(
            group__archived_at__isnull=True, group__kind=Group.Kind.OPERATIONAL_PANEL
        )
        return list(
            self.scope(seats, "group__partnership")
            .annotate(
                org_id=Coalesce("on_behalf_of_id", "person__organisation_id"),
                org_name=Coalesce("on_behalf_of__name", "person__organisation__name"),
            )
            .values_list("group_id", "group__name", "group__partnership_id", "org_id", "org_name")
            .order_by()
        )

    @cached_property
    def board_links(self):
        """The links between boards with a protocol review date, of the partnership or
        of any active one, with the boards they join: one query."""
        links = BoardLink.objects.filter(review_due__isnull=False).select_related(
            "from_partnership", "to_partnership"
        )
        if self.partnership is not None:
            links = links.of(self.partnership)
        else:
            active = Partnership.Status.ACTIVE
            links = links.filter(
                Q(from_partnership__status=active) | Q(to_partnership__status=active)
            )
        return list(links.order_by())

    @cached_property
    def live_grants(self):
        """The live grants, one row each (their amount in pence, their award date) with
        the period ends of the returns received."""
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
            "amount",
            "award_date",
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
        _key, url, subject, detail, subject_type, partnership_id, check, group_id = entry
        return LiveFinding(
            check=check,
            severity=self._severity[check],
            subject_type=subject_type,
            subject=subject,
            detail=detail if isinstance(detail, str) else detail[0](*detail[1:]),
            url=url,
            partnership_id=partnership_id,
            group_id=group_id,
        )

    def __len__(self):
        return len(self._entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._make(entry) for entry in self._entries[index]]
        return self._make(self._entries[index])

    def __iter__(self):
        return map(self._make, self._entries)


def health_run(
    *, partnership=None, on=None, include_exempt=False, severity=None, check=None, checks=None
):
    """Run every enabled check (or only those of the severity, the one check or the
    set of `checks` asked for); the run keeps the records it read."""
    settings = {} if checks == () else {c.name: c for c in HealthCheck.objects.all()}
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
        if checks is not None and name not in checks:
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


# The checks whose findings differ when actions on exempt items are left out.
EXEMPT_SENSITIVE = frozenset(
    {
        "action_no_owner",
        "action_overdue",
        "tracker_stale",
        "risk_high_no_action",
    }
)

CHECKS = {
    "tor_missing": tor_missing,
    "tor_review_overdue": tor_review_overdue,
    "group_not_meeting": group_not_meeting,
    "meetings_cancelled": meetings_cancelled,
    "minutes_late": minutes_late,
    "inquorate_meeting": inquorate_meeting,
    "authority_absent": authority_absent,
    "authority_attendance_low": authority_attendance_low,
    "attendance_seniority_low": attendance_seniority_low,
    "statutory_authority_missing": statutory_authority_missing,
    "reports_to_none": reports_to_none,
    "unaccountable_group": unaccountable_group,
    "action_no_owner": action_no_owner,
    "action_overdue": action_overdue,
    "tracker_stale": tracker_stale,
    "priority_no_lead": priority_no_lead,
    "priority_no_plan": priority_no_plan,
    "priority_no_update": priority_no_update,
    "plan_no_assessment": plan_no_assessment,
    "assessment_review_overdue": assessment_review_overdue,
    "priority_outside_assessment": priority_outside_assessment,
    "risk_review_overdue": risk_review_overdue,
    "risk_high_no_action": risk_high_no_action,
    "agreement_expired": agreement_expired,
    "agreement_unsigned": agreement_unsigned,
    "panel_no_agreement": panel_no_agreement,
    "board_link_review_overdue": board_link_review_overdue,
    "return_late": return_late,
    "evaluation_missing": evaluation_missing,
    "grant_no_evaluation": grant_no_evaluation,
    "membership_overload": membership_overload,
    "membership_overlap": membership_overlap,
    "membership_overlap_across": membership_overlap_across,
    "recommendation_no_response": recommendation_no_response,
    "recommendation_followup_overdue": recommendation_followup_overdue,
}
