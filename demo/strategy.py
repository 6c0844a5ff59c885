"""The demo strategy from data/strategy/: the strategic assessments the reports
name; Wiltshire's 2011-12 plan and its five priorities; Worcestershire's Community
Safety Agreement 2011/12 with the district plans serving it, and North
Worcestershire's plan of 2013-16 with the priorities added outside its assessment;
Swindon's 2020-23 approach (a lead per priority, quarterly updates) and its current
plan, with indicators holding three years of values. Built once per partnership:
one that has plans already is left alone."""

import datetime
from decimal import Decimal

from demo import facts
from partnerships.models import Membership, Organisation, Partnership
from strategy.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Milestone,
    Plan,
    Priority,
    PriorityUpdate,
    StrategicAssessment,
)
from strategy.periods import parse_period

RAGS = ["amber", "green", "green", "amber", "red"]


def load_strategy():
    _assessments(facts.read("strategy/assessments"))
    plans = facts.read("strategy/plans")
    indicators = facts.read("strategy/indicators")
    for name in dict.fromkeys(plan["partnership"] for plan in plans):
        partnership = Partnership.objects.filter(name=name).first()
        if partnership is None or partnership.plans.exists():
            continue
        leads = _leads(partnership)
        for spec in plans:
            if spec["partnership"] == name:
                _plan(partnership, spec, leads)
        if indicators["partnership"] == name:
            _indicators(partnership, indicators)


def _agreement_over(plan):
    """The priorities, in order, of the Community Safety Agreement above the plan's
    partnership running when the plan starts."""
    agreements = Priority.objects.of_agreements_over(plan.partnership).filter(
        plan__starts__lte=plan.starts, plan__ends__gte=plan.starts
    )
    return list(agreements.order_by("plan__starts", "position"))


def _leads(partnership):
    return [
        m.person
        for m in Membership.objects.current()
        .filter(group__partnership=partnership, voting=True)
        .select_related("person__organisation")
        .order_by("person__name")
        .distinct()
    ]


def _assessments(rows):
    for row in rows:
        partnership = Partnership.objects.filter(name=row["partnership"]).first()
        if partnership is None:
            continue
        assessment, _ = StrategicAssessment.objects.get_or_create(
            partnership=partnership,
            title=row["title"],
            defaults={
                "date": row["date"],
                "author": Organisation.objects.filter(name=row.get("author")).first(),
                "data_sources": " ".join(row.get("data_sources", "").split()),
                "review_due": row.get("review_due"),
            },
        )
        facts.note(assessment, row["source"])


def _plan(partnership, spec, leads):
    plan = Plan.objects.create(
        partnership=partnership,
        kind=spec.get("kind", Plan.Kind.PARTNERSHIP_PLAN),
        title=spec["title"],
        aim=spec.get("aim", ""),
        starts=spec["starts"],
        ends=spec["ends"],
        assessment=StrategicAssessment.objects.filter(
            partnership=partnership, title=spec.get("assessment")
        ).first(),
    )
    facts.note(plan, spec["source"])
    agreed = _agreement_over(plan)
    without_lead = spec.get("without_lead", [])
    without_delivery_plan = spec.get("without_delivery_plan", [])
    for i, entry in enumerate(spec["priorities"], start=1):
        entry = entry if isinstance(entry, dict) else {"title": entry}
        title = entry["title"]
        lead = None if i in without_lead else leads[(i - 1) % len(leads)] if leads else None
        outside = " ".join(entry.get("outside_assessment", "").split())
        priority = Priority.objects.create(
            plan=plan,
            position=i,
            title=title,
            lead_person=lead,
            lead_organisation=lead.organisation if lead else None,
            rationale=""
            if outside
            else "Chosen from the strategic assessment and the partners' own analyses of need.",
            outside_assessment=bool(outside),
            outside_reason=outside,
        )
        priority.serves.add(*(agreed[n - 1] for n in entry.get("serves", [])))
        facts.note(priority, entry.get("source", spec["source"]))
        if i not in without_delivery_plan:
            Milestone.objects.create(
                priority=priority,
                what=f"Agree the delivery plan for {title.lower()}",
                who=lead.name if lead else "",
                due=plan.starts + datetime.timedelta(days=120),
                measure="Plan approved by the board",
                done_on=plan.starts + datetime.timedelta(days=110),
            )
            Milestone.objects.create(
                priority=priority,
                what="Report outcomes against the indicators",
                who=lead.name if lead else "",
                due=plan.ends - datetime.timedelta(days=30),
                measure="Year-end report to the board",
            )
        for n, quarter_end in enumerate(spec["updates"]):
            PriorityUpdate.objects.create(
                priority=priority,
                period_end=quarter_end,
                rag=RAGS[(i + n) % len(RAGS)],
                key_messages="Partners are working to the agreed plan.",
                achievements="Joint tasking in place; data shared monthly.",
                development="Better evidence of impact on victims.",
                risks="Funding beyond this year is not confirmed.",
            )
    for update in spec.get("later_updates", []):
        PriorityUpdate.objects.create(
            priority=plan.priorities.get(position=update["priority"]),
            period_end=update["period_end"],
            rag=update["rag"],
            key_messages=update["key_messages"],
        )


def _indicators(partnership, spec):
    police = Organisation.objects.filter(
        kind="police", partnership_places__partnership=partnership
    ).first()
    plan = partnership.plans.get(title=spec["plan"])
    areas = {area: Decimal(share) for area, share in spec["areas"].items()}
    areas_from = spec["quarters"].index(spec["areas_from"])
    for row in spec["indicators"]:
        indicator = Indicator.objects.create(
            partnership=partnership,
            name=row["name"],
            direction=row["direction"],
            unit=row["unit"],
            source=police,
            frequency="quarterly",
        )
        indicator.priorities.add(*plan.priorities.all()[:2])
        base, step = row["base"], row["step"]
        for n, quarter in enumerate(spec["quarters"]):
            wobble = (n % 3 - 1) * abs(step)
            value = Decimal(base + step * n + wobble)
            period = parse_period(quarter)
            IndicatorValue.objects.create(
                indicator=indicator, period=period.key, period_start=period.start, value=value
            )
            IndicatorTarget.objects.create(
                indicator=indicator,
                period=period.key,
                period_start=period.start,
                value=Decimal(base + step * n),
            )
            if n >= areas_from:
                for area, share in areas.items():
                    IndicatorValue.objects.create(
                        indicator=indicator,
                        period=period.key,
                        period_start=period.start,
                        area=area,
                        value=(value * share).quantize(Decimal(1)),
                    )
