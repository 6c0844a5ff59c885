"""Each partnership's strategy: plans, priorities with milestones and updates,
indicators with values and targets, and the grants each priority is served by."""

import datetime
from decimal import Decimal

from bench.generate.dates import TODAY, first_of_month_after
from funding.models import (
    Grant,
)
from partnerships.models import (
    Membership,
    Partnership,
)
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

PRIORITIES = [
    "Serious violence and exploitation",
    "Domestic abuse and violence against women and girls",
    "Anti-social behaviour and community confidence",
    "Reducing reoffending",
    "Drug and alcohol misuse",
    "Hate crime and community cohesion",
    "Safer roads",
    "Fraud and scams against older people",
]
PLAN_PRIORITIES = 6
# (start, end) of the plan that ended in March and of the one running on TODAY
PLANS = [
    ("Community Safety Plan 2023-26", datetime.date(2023, 4, 1), datetime.date(2026, 3, 31)),
    ("Community Safety Plan 2026-29", datetime.date(2026, 4, 1), datetime.date(2029, 3, 31)),
]
# (name, lower is better, unit, base value, change a quarter)
STRATEGY_INDICATORS = [
    ("Violence with injury", True, "crimes", 420, -6),
    ("Anti-social behaviour incidents", True, "incidents", 1900, -25),
    ("Domestic abuse incidents reported", False, "incidents", 610, 8),
    ("Repeat victims of burglary", True, "per 10,000 households", 140, -2),
]
QUARTERS = [f"{year}-Q{q}" for year in (2023, 2024, 2025, 2026) for q in (1, 2, 3, 4)][3:15]
AREAS = [("North", Decimal("0.45")), ("South", Decimal("0.55"))]


def _quarter_ends(first, last):
    ends, day = [], first
    while day <= last:
        ends.append(day)
        day = first_of_month_after(day.replace(day=1), 4) - datetime.timedelta(days=1)
    return ends


def build_strategy(n, rng):
    """County n's strategy, partnership by partnership: the plan that ended in
    March (every priority led, planned and updated each quarter) and the one
    running now, whose priorities sometimes lack a lead (15%), milestones (20%)
    or a September update (30%); 4 indicators of 12 quarters with targets, the
    last 4 also by area; and each grant tagged with a priority of the plan of
    its year (or none, 20%)."""
    partnerships = list(Partnership.objects.filter(name__startswith=f"County {n} ").order_by("pk"))
    members = {}
    for p_id, person_id, org_id in (
        Membership.objects.filter(group__partnership__in=partnerships)
        .order_by("group__partnership_id", "person_id")
        .values_list("group__partnership_id", "person_id", "person__organisation_id")
        .distinct()
    ):
        members.setdefault(p_id, []).append((person_id, org_id))
    plans = Plan.objects.bulk_create(
        Plan(
            partnership=p,
            title=title,
            aim="Synthetic plan for the benchmark.",
            starts=starts,
            ends=ends,
            review_due=ends,
        )
        for p in partnerships
        for title, starts, ends in PLANS
    )
    priorities, running = [], {}
    for plan in plans:
        current = plan.starts <= TODAY <= plan.ends
        for i, title in enumerate(rng.sample(PRIORITIES, PLAN_PRIORITIES), start=1):
            priority = Priority(
                plan=plan,
                position=i,
                title=title,
                rationale="Chosen from the strategic assessment.",
            )
            if not current or rng.random() < 0.85:
                priority.lead_person_id, priority.lead_organisation_id = rng.choice(
                    members[plan.partnership_id]
                )
            priorities.append(priority)
            if current:
                running.setdefault(plan.partnership_id, []).append(priority)
    Priority.objects.bulk_create(priorities)

    milestones, updates = [], []
    for priority in priorities:
        plan = priority.plan
        current = plan.starts <= TODAY <= plan.ends
        if not current or rng.random() < 0.8:
            milestones += [
                Milestone(
                    priority=priority,
                    what=f"Agree the delivery plan for {priority.title.lower()}",
                    due=plan.starts + datetime.timedelta(days=120),
                    measure="Plan approved by the board",
                    done_on=plan.starts + datetime.timedelta(days=110),
                ),
                Milestone(
                    priority=priority,
                    what="Report outcomes against the indicators",
                    due=plan.ends - datetime.timedelta(days=30),
                    measure="Year-end report to the board",
                ),
            ]
        ends = _quarter_ends(
            first_of_month_after(plan.starts, 3) - datetime.timedelta(days=1),
            min(plan.ends, TODAY),
        )
        if current and rng.random() < 0.3:
            ends = ends[:-1]  # the last quarter's update has not come
        updates += [
            PriorityUpdate(
                priority=priority,
                period_end=end,
                rag=rng.choices(["green", "amber", "red"], weights=[5, 3, 1])[0],
                key_messages="Partners are working to the agreed plan.",
                achievements="Joint tasking in place; data shared monthly.",
                risks="Funding beyond this year is not confirmed.",
            )
            for end in ends
        ]
    Milestone.objects.bulk_create(milestones)
    PriorityUpdate.objects.bulk_create(updates, batch_size=5000)

    indicators = Indicator.objects.bulk_create(
        Indicator(
            partnership=p,
            name=name,
            direction=Indicator.Direction.LOWER if lower else Indicator.Direction.HIGHER,
            unit=unit,
            frequency=Indicator.Frequency.QUARTERLY,
        )
        for p in partnerships
        for name, lower, unit, _, _ in STRATEGY_INDICATORS
    )
    values, targets, links = [], [], []
    for indicator, (_, _, _, base, step) in zip(
        indicators, STRATEGY_INDICATORS * len(partnerships), strict=True
    ):
        size = Decimal(rng.randrange(60, 140)) / 100
        for q, quarter in enumerate(QUARTERS):
            period = parse_period(quarter)
            target = (Decimal(base + step * q) * size).quantize(Decimal("0.1"))
            value = (target * Decimal(rng.randrange(90, 111)) / 100).quantize(Decimal("0.1"))
            targets.append(
                IndicatorTarget(
                    indicator=indicator, period=period.key, period_start=period.start, value=target
                )
            )
            values.append(
                IndicatorValue(
                    indicator=indicator, period=period.key, period_start=period.start, value=value
                )
            )
            if q >= len(QUARTERS) - 4:
                values += [
                    IndicatorValue(
                        indicator=indicator,
                        period=period.key,
                        period_start=period.start,
                        area=area,
                        value=(value * share).quantize(Decimal("0.1")),
                    )
                    for area, share in AREAS
                ]
        links += [
            Indicator.priorities.through(indicator_id=indicator.pk, priority_id=priority.pk)
            for priority in rng.sample(running[indicator.partnership_id], 2)
        ]
    IndicatorValue.objects.bulk_create(values, batch_size=5000)
    IndicatorTarget.objects.bulk_create(targets, batch_size=5000)
    Indicator.priorities.through.objects.bulk_create(links)

    plan_of = {(plan.partnership_id, plan.starts): plan for plan in plans}
    served = {}
    for pk, p_id, award_date, planned_start in (
        Grant.objects.filter(partnership__in=partnerships)
        .order_by("pk")
        .values_list("pk", "partnership_id", "award_date", "planned_start")
    ):
        day = award_date or planned_start
        starts = PLANS[1][1] if day >= PLANS[1][1] else PLANS[0][1]
        plan = plan_of[(p_id, starts)]
        if rng.random() < 0.8:
            choice = rng.choice([x for x in priorities if x.plan is plan])
            served.setdefault(choice.pk, []).append(pk)
    for priority_pk, grant_pks in served.items():
        Grant.objects.filter(pk__in=grant_pks).update(priority_id=priority_pk)
