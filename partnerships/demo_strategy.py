"""Demo strategy: Wiltshire's 2011-12 plan and its five priorities; Swindon's
2020-23 approach (a lead per priority, quarterly updates) and its current plan,
with indicators holding three years of values. Built once per partnership."""

import datetime
from decimal import Decimal

from partnerships import demo_data
from partnerships.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Membership,
    Milestone,
    Organisation,
    Partnership,
    Plan,
    Priority,
    PriorityUpdate,
)
from partnerships.periods import parse_period

SWINDON_2020 = [
    "Exploitation, including county lines",
    "Domestic abuse and violence against women and girls",
    "Serious violence",
    "Anti-social behaviour and community confidence",
    "Reducing reoffending",
]


def load_strategy():
    wiltshire = Partnership.objects.filter(name="Wiltshire Community Safety Partnership").first()
    swindon = Partnership.objects.filter(name="Swindon Community Safety Partnership").first()
    if wiltshire and not wiltshire.plans.exists():
        _wiltshire(wiltshire)
    if swindon and not swindon.plans.exists():
        _swindon(swindon)


def _leads(partnership):
    return [
        m.person
        for m in Membership.objects.current()
        .filter(group__partnership=partnership, voting=True)
        .select_related("person__organisation")
        .order_by("person__name")
        .distinct()
    ]


def _priorities(plan, titles, leads, *, updates, lead_missing=(), no_plan=()):
    for i, title in enumerate(titles, start=1):
        lead = None if i in lead_missing else leads[(i - 1) % len(leads)] if leads else None
        priority = Priority.objects.create(
            plan=plan,
            position=i,
            title=title,
            lead_person=lead,
            lead_organisation=lead.organisation if lead else None,
            rationale="Chosen from the strategic assessment and the partners' own analyses of need.",
        )
        if i not in no_plan:
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
        for n, quarter_end in enumerate(updates):
            PriorityUpdate.objects.create(
                priority=priority,
                period_end=quarter_end,
                rag=["amber", "green", "green", "amber", "red"][(i + n) % 5],
                key_messages="Partners are working to the agreed plan.",
                achievements="Joint tasking in place; data shared monthly.",
                development="Better evidence of impact on victims.",
                risks="Funding beyond this year is not confirmed.",
            )


def _quarters(start, end):
    days, day = [], start
    while day <= end:
        days.append(day)
        month = day.month + 3
        nxt = datetime.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        day = datetime.date(nxt.year + nxt.month // 12, nxt.month % 12 + 1, 1) - datetime.timedelta(
            days=1
        )
    return days


def _wiltshire(partnership):
    plan = Plan.objects.create(
        partnership=partnership,
        title="Community Safety Plan 2011-12",
        aim=demo_data.WILTSHIRE_AIM,
        starts=datetime.date(2011, 4, 1),
        ends=datetime.date(2012, 3, 31),
    )
    _priorities(
        plan,
        demo_data.WILTSHIRE_PRIORITIES_2011,
        _leads(partnership),
        updates=[
            datetime.date(2011, 6, 30),
            datetime.date(2011, 9, 30),
            datetime.date(2011, 12, 31),
        ],
    )


def _swindon(partnership):
    leads = _leads(partnership)
    past = Plan.objects.create(
        partnership=partnership,
        title="CSP Board priorities 2020-23",
        aim="A lead for every priority, accountable to the Board, reporting each quarter.",
        starts=datetime.date(2020, 9, 1),
        ends=datetime.date(2023, 8, 31),
    )
    _priorities(
        past,
        SWINDON_2020,
        leads,
        updates=_quarters(datetime.date(2020, 12, 31), datetime.date(2023, 6, 30)),
    )
    current = Plan.objects.create(
        partnership=partnership,
        title="Community Safety Plan 2026-29",
        starts=datetime.date(2026, 4, 1),
        ends=datetime.date(2029, 3, 31),
    )
    # Three priorities; one without a lead, one without a delivery plan, one stale.
    _priorities(
        current,
        [
            "Serious violence and exploitation",
            "Domestic abuse",
            "Neighbourhood anti-social behaviour",
        ],
        leads,
        updates=[datetime.date(2026, 6, 30)],
        lead_missing=(2,),
        no_plan=(3,),
    )
    fresh = current.priorities.get(position=1)
    PriorityUpdate.objects.create(
        priority=fresh, period_end=datetime.date(2026, 9, 30), rag="green", key_messages="On track."
    )
    police = Organisation.objects.filter(
        kind="police", partnership_places__partnership=partnership
    ).first()
    for name, direction, base, step, unit in [
        ("Violence with injury", "lower", 420, -6, "crimes"),
        ("Anti-social behaviour incidents", "lower", 1900, -25, "incidents"),
        ("Domestic abuse incidents reported", "higher", 610, 8, "incidents"),
    ]:
        indicator = Indicator.objects.create(
            partnership=partnership,
            name=name,
            direction=direction,
            unit=unit,
            source=police,
            frequency="quarterly",
        )
        indicator.priorities.add(*current.priorities.all()[:2])
        for n, quarter in enumerate(
            [
                "2023-Q4",
                "2024-Q1",
                "2024-Q2",
                "2024-Q3",
                "2024-Q4",
                "2025-Q1",
                "2025-Q2",
                "2025-Q3",
                "2025-Q4",
                "2026-Q1",
                "2026-Q2",
                "2026-Q3",
            ]
        ):
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
            for area, share in (
                ("North Swindon", Decimal("0.4")),
                ("South Swindon", Decimal("0.6")),
            ):
                if n >= 8:
                    IndicatorValue.objects.create(
                        indicator=indicator,
                        period=period.key,
                        period_start=period.start,
                        area=area,
                        value=(value * share).quantize(Decimal(1)),
                    )
