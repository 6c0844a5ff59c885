"""Which saved or deleted records ask for the recompute of which partnerships'
governance health findings and the drawing of their dashboards
(scrutiny/findings.py, scrutiny/tasks.py).

Each model the checks or the dashboard read names the way from a record to its
partnership: a path of attributes, or a function for records that belong to several."""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from scrutiny import tasks


def _people(person):
    """Where the person sits, came to a meeting (or stood in for someone), owns an
    action or leads a priority: the pages that name them or count their seniority."""
    Membership = apps.get_model("partnerships", "Membership")
    Attendance = apps.get_model("meetings", "Attendance")
    Action = apps.get_model("meetings", "Action")
    Priority = apps.get_model("strategy", "Priority")
    came = Attendance.objects.filter(Q(person=person) | Q(substitute=person))
    return {
        *Membership.objects.filter(person=person).values_list("group__partnership_id", flat=True),
        *came.values_list("meeting__group__partnership_id", flat=True).distinct(),
        *Action.objects.filter(owner=person).values_list("group__partnership_id", flat=True),
        *Priority.objects.filter(lead_person=person).values_list("plan__partnership_id", flat=True),
    }


def _organisation(organisation):
    """Where the organisation is a member, holds a seat, or was represented at a
    meeting (by someone on its behalf or of its staff)."""
    PartnershipMember = apps.get_model("partnerships", "PartnershipMember")
    Membership = apps.get_model("partnerships", "Membership")
    Attendance = apps.get_model("meetings", "Attendance")
    members = PartnershipMember.objects.filter(organisation=organisation)
    seats = Membership.objects.filter(on_behalf_of=organisation)
    came = Attendance.objects.filter(
        Q(on_behalf_of=organisation) | Q(person__organisation=organisation)
    )
    return {
        *members.values_list("partnership_id", flat=True),
        *seats.values_list("group__partnership_id", flat=True),
        *came.values_list("meeting__group__partnership_id", flat=True).distinct(),
    }


def _partnership(partnership):
    """The partnership, the one it reports to and those reporting to it: each one's
    structure chart shows the others."""
    Partnership = apps.get_model("partnerships", "Partnership")
    return {
        partnership.pk,
        partnership.reports_to_id,
        *Partnership.objects.filter(reports_to=partnership).values_list("pk", flat=True),
    }


def _group(group):
    """The group's partnership, and those whose groups report to it (their charts name it)."""
    Group = apps.get_model("partnerships", "Group")
    return {
        group.partnership_id,
        *Group.objects.filter(reports_to=group).values_list("partnership_id", flat=True),
    }


def _seat(membership):
    """The seat's partnership and the other active partnerships of its area: a seat
    changes how much the groups of one share with the groups of the others."""
    Partnership = apps.get_model("partnerships", "Partnership")
    partnership = membership.group.partnership
    neighbours = (
        Partnership.objects.active().filter(area__iexact=partnership.area.strip())
        if partnership.area.strip()
        else Partnership.objects.none()
    )
    return {partnership.pk, *neighbours.values_list("pk", flat=True)}


def _agreement(agreement):
    """The agreement's partnership and those of the groups it names; an
    information-sharing agreement may cover the panels of any partnership whose
    members' organisations signed it."""
    ids = {agreement.partnership_id}
    if agreement.pk:
        ids |= set(agreement.groups.values_list("partnership_id", flat=True))
    if agreement.kind == "information_sharing":
        Membership = apps.get_model("partnerships", "Membership")
        seats = Membership.objects.filter(
            group__kind="operational_panel", on_behalf_of__agreement_parties__agreement=agreement
        )
        ids |= set(seats.values_list("group__partnership_id", flat=True))
    return ids


def _party(party):
    return _agreement(party.agreement)


def _board_link(link):
    return {link.from_partnership_id, link.to_partnership_id}


def _agreement_groups_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        tasks.changed(partnerships_of(instance, _agreement))


def _recommendation(recommendation):
    ids = set(recommendation.review.partnerships.values_list("pk", flat=True))
    return ids | {recommendation.addressed_to_partnership_id}


def _review(review):
    """The review's partnerships and those its recommendations are addressed to."""
    return {
        *review.partnerships.values_list("pk", flat=True),
        *review.recommendations.values_list("addressed_to_partnership_id", flat=True),
    }


WAYS = {
    "partnerships.Partnership": _partnership,
    "partnerships.PartnershipMember": "partnership_id",
    "partnerships.Group": _group,
    "partnerships.Membership": _seat,
    "partnerships.Person": _people,
    "partnerships.Organisation": _organisation,
    "partnerships.BoardLink": _board_link,
    "agreements.Agreement": _agreement,
    "agreements.Party": _party,
    "meetings.Meeting": "group.partnership_id",
    "meetings.Attendance": "meeting.group.partnership_id",
    "meetings.AgendaItem": "meeting.group.partnership_id",
    "meetings.Action": "group.partnership_id",
    "meetings.ActionUpdate": "action.group.partnership_id",
    "strategy.Plan": "partnership_id",
    "strategy.Priority": "plan.partnership_id",
    "strategy.PriorityUpdate": "priority.plan.partnership_id",
    "strategy.Milestone": "priority.plan.partnership_id",
    "strategy.StrategicAssessment": "partnership_id",
    "strategy.Indicator": "partnership_id",
    "strategy.IndicatorValue": "indicator.partnership_id",
    "strategy.IndicatorTarget": "indicator.partnership_id",
    "strategy.Risk": "partnership_id",
    "strategy.RiskReview": "risk.partnership_id",
    "dhr.Review": "partnership_id",
    "dhr.Recommendation": "review.partnership_id",
    "funding.Grant": "partnership_id",
    "funding.MonitoringReturn": "grant.partnership_id",
    "scrutiny.Review": _review,
    "scrutiny.Recommendation": _recommendation,
}


def partnerships_of(record, way):
    """The ids of the partnerships `record` belongs to, by `way`; none when the way
    passes through a record already deleted (its own deletion asked already)."""
    try:
        if callable(way):
            return set(way(record))
        value = record
        for name in way.split("."):
            value = getattr(value, name)
        return {value}
    except ObjectDoesNotExist:
        return set()


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    tasks.changed(partnerships_of(instance, sender._health_way))


def _members_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        tasks.changed(partnerships_of(instance, _review))


def _settings_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        tasks.all_changed()


def connect():
    for label, way in WAYS.items():
        model = apps.get_model(label)
        model._health_way = way
        post_save.connect(_saved, sender=model, dispatch_uid=f"health:{label}:save")
        post_delete.connect(_saved, sender=model, dispatch_uid=f"health:{label}:delete")
    Review = apps.get_model("scrutiny", "Review")
    m2m_changed.connect(
        _members_changed, sender=Review.partnerships.through, dispatch_uid="health:review:m2m"
    )
    Agreement = apps.get_model("agreements", "Agreement")
    m2m_changed.connect(
        _agreement_groups_changed,
        sender=Agreement.groups.through,
        dispatch_uid="health:agreement:m2m",
    )
    HealthCheck = apps.get_model("scrutiny", "HealthCheck")
    post_save.connect(_settings_changed, sender=HealthCheck, dispatch_uid="health:settings")
