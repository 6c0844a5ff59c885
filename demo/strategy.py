"""The demo strategy from data/strategy/: Wiltshire's 2011-12 plan and its five
priorities; Swindon's 2020-23 approach (a lead per priority, quarterly updates)
and its current plan, with indicators holding three years of values. Built once
per partnership: one that has plans already is left alone."""

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
)
from strategy.periods import parse_period

RAGS = ["amber", "green", "green", "amber", "red"]


def load_strategy():
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


def _leads(partnership):
    return [
        m.person
        for m in Membership.objects.current()
        .filter(group__partnership=partnership, voting=True)
        .select_related("person__organisation")
        .order_by("person__name")
        .distinct()
    ]


def _plan(partnership, spec, leads):
    plan = Plan.objects.create(
        partnership=partnership,
        title=spec["title"],
        aim=spec.get("aim", ""),
        starts=spec["starts"],
        ends=spec["ends"],
    )
    without_lead = spec.get("without_lead", [])
    without_delivery_plan = spec.get("without_delivery_plan", [])
    for i, title in enumerate(spec["priorities"], start=1):
        lead = None if i in without_lead else leads[(i - 1) % len(leads)] if leads else None
        priority = Priority.objects.create(
            plan=plan,
            position=i,
            title=title,
            lead_person=lead,
            lead_organisation=lead.organisation if lead else None,
            rationale="Chosen from the strategic assessment and the partners' own analyses of need.",
        )
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
