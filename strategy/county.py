"""A Community Safety Agreement as its county group reads it: for each of the
agreement's priorities, the district partnerships whose own priorities serve it and
how those stand (their latest RAG); the agreement's priorities nobody serves; and
the district partnerships with priorities serving none of the agreement's."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from partnerships.models import Partnership
from strategy.models import Plan, Priority, PriorityUpdate


@dataclass
class Serving:
    """A district partnership's priority serving one of the agreement's."""

    priority: Priority
    rag: str | None
    updated: object  # the quarter end of the latest update, or None


@dataclass
class District:
    partnership: Partnership
    priorities: list = field(default_factory=list)  # of the agreement's period
    unlinked: list = field(default_factory=list)  # those serving none of its priorities

    @property
    def serves_none(self):
        return not self.priorities or len(self.unlinked) == len(self.priorities)


@dataclass
class AgreementRow:
    priority: Priority
    cells: list  # one per district: the Serving priorities of that district

    @property
    def served(self):
        return any(self.cells)


def districts_of(county):
    """The partnerships under the county group: those it is parent of or that report
    to it, merged and dissolved ones included (an agreement of their years counted
    them)."""
    return list(
        Partnership.objects.filter(Q(parent=county) | Q(reports_to=county))
        .exclude(pk=county.pk)
        .order_by("name")
    )


def agreement_standing(plan):
    """The rows of the county dashboard for the agreement `plan`: three queries."""
    agreed = list(plan.priorities.order_by("position", "id"))
    districts = districts_of(plan.partnership)
    latest = PriorityUpdate.objects.filter(priority=OuterRef("pk")).order_by("-period_end", "-id")
    # The districts' priorities of plans running in the agreement's period, and those
    # of any partnership serving the agreement, however its plan is dated.
    own = (
        Priority.objects.exclude(plan__kind=Plan.Kind.AGREEMENT)
        .filter(
            Q(
                plan__partnership__in=[d.pk for d in districts],
                plan__starts__lte=plan.ends,
                plan__ends__gte=plan.starts,
            )
            | Q(serves__plan=plan)
        )
        .select_related("plan__partnership")
        .annotate(
            rag=Subquery(latest.values("rag")[:1]),
            updated=Subquery(latest.values("period_end")[:1]),
        )
        .distinct()
        .order_by("plan__partnership__name", "plan__starts", "position", "id")
    )
    own = list(own)
    serves = {}
    for from_id, to_id in Priority.serves.through.objects.filter(
        from_priority__in=[p.pk for p in own], to_priority__plan=plan
    ).values_list("from_priority_id", "to_priority_id"):
        serves.setdefault(from_id, set()).add(to_id)
    by_partnership = {d.pk: District(d) for d in districts}
    for priority in own:
        partnership = priority.plan.partnership
        district = by_partnership.setdefault(partnership.pk, District(partnership))
        district.priorities.append(priority)
        if not serves.get(priority.pk):
            district.unlinked.append(priority)
    everyone = sorted(by_partnership.values(), key=lambda d: d.partnership.name)
    # A column for each district with a plan of the period; those without are listed.
    columns = [d for d in everyone if d.priorities]
    rows = [
        AgreementRow(
            agreed_priority,
            [
                [
                    Serving(p, p.rag, p.updated)
                    for p in district.priorities
                    if agreed_priority.pk in serves.get(p.pk, ())
                ]
                for district in columns
            ],
        )
        for agreed_priority in agreed
    ]
    return {
        "rows": rows,
        "districts": columns,
        "unserved": [row.priority for row in rows if not row.served],
        "serving_none": [d for d in everyone if d.serves_none],
    }
