"""A synthetic register at scale N: N counties of 5 partnerships, 60 groups,
600 people and 1,500 memberships each, with ten years of meetings at each
group's frequency (5 agenda items, one exempt; attendance of every member;
6 actions a meeting, 30% open), and each county's money: 4 funding streams,
a budget from each for each partnership and each of five financial years,
3 allocations a budget, 500 grants a year for three years with quarterly
monitoring returns (some late, some missing) and a needs-based formula;
each partnership's strategy (a past and a running plan of 6 priorities with
milestones and quarterly updates, 4 indicators with 12 quarters of values and
targets, grants tagged with the priority they serve) and its scrutiny (2
reviews of its own and a county-wide one, each with members, 5 findings and 6
recommendations in every state of response and follow-up). Some priorities
lack a lead, a delivery plan or a recent update, and some recommendations a
response, so that the health checks find things.
Built once per database; money, strategy and scrutiny are each added to a
register built without them."""

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction

from accounts.models import User
from funding.models import (
    Allocation,
    AllocationFormula,
    Budget,
    FormulaArea,
    FormulaIndicator,
    FormulaValue,
    FundingStream,
    Grant,
    MonitoringReturn,
    PortfolioArea,
)
from funding.money import year_bounds, year_label, year_of
from meetings.models import Action, AgendaItem, Attendance, Meeting
from partnerships.models import (
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)
from scrutiny.models import Finding, Recommendation, Review, ReviewMember, Theme
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

KINDS = [k for k, _ in Organisation.Kind.choices]
GROUP_KINDS = [k for k, _ in Group.Kind.choices]
MEETS = [k for k, _ in Group.Meets.choices]
ROLES = ["member"] * 8 + ["vice_chair", "adviser"]
SENIORITY = [k for k, _ in Person._meta.get_field("seniority").choices]


def build(scale):
    rng = random.Random(scale)
    loaded = False
    if not Partnership.objects.filter(name="County 1 Partnership 1").exists():
        for county in range(1, scale + 1):
            with transaction.atomic():
                _county(county, rng)
                _meetings(county, rng)
        loaded = True
    # The money has its own seed, so it comes out the same whether or not the
    # register was built in the same run.
    money_rng = random.Random(f"funding {scale}")
    for county in range(1, scale + 1):
        if not Grant.objects.filter(identifier__startswith=f"360G-bench-{county}-").exists():
            with transaction.atomic():
                _funding(county, money_rng)
            loaded = True
    # Strategy and scrutiny have their own seeds too, for the same reason.
    strategy_rng = random.Random(f"strategy {scale}")
    for county in range(1, scale + 1):
        if not Plan.objects.filter(partnership__name__startswith=f"County {county} ").exists():
            with transaction.atomic():
                _strategy(county, strategy_rng)
            loaded = True
    scrutiny_rng = random.Random(f"scrutiny {scale}")
    for county in range(1, scale + 1):
        if not Review.objects.filter(title__startswith=f"County {county} ").exists():
            with transaction.atomic():
                _scrutiny(county, scrutiny_rng)
            loaded = True
    if loaded:
        # A live database keeps its planner statistics up to date; a bulk load
        # must ask for them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return _users()


MEETINGS_A_YEAR = {**Group.MEETINGS_A_YEAR, "ad_hoc": 1}
TODAY = datetime.date(2026, 11, 23)


def _meetings(county, rng):
    """Ten years of meetings at each group's frequency, with attendance of
    every member and 6 actions a meeting, 30% of them open."""
    groups = Group.objects.filter(partnership__name__startswith=f"County {county} ")
    members = {}
    for m in Membership.objects.filter(group__in=groups).values(
        "group_id", "person_id", "on_behalf_of_id"
    ):
        members.setdefault(m["group_id"], []).append(m)
    for group in groups:
        per_year = MEETINGS_A_YEAR[group.meets]
        step = datetime.timedelta(days=365 // per_year)
        days = [TODAY - step * i for i in range(1, per_year * 10 + 1)]
        meetings = Meeting.objects.bulk_create(
            Meeting(group=group, date=day, place="Town Hall", status=Meeting.Status.HELD)
            for day in days
        )
        items = AgendaItem.objects.bulk_create(
            (
                AgendaItem(
                    meeting=meeting,
                    position=i,
                    title=f"Item {i}",
                    exempt=i == 5,
                    exempt_paragraph=1 if i == 5 else None,
                )
                for meeting in meetings
                for i in range(1, 6)
            ),
            batch_size=5000,
        )
        items_of = {}
        for item in items:
            items_of.setdefault(item.meeting_id, []).append(item)
        rows, actions = [], []
        for meeting in meetings:
            for m in members.get(group.pk, []):
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person_id=m["person_id"],
                        on_behalf_of_id=m["on_behalf_of_id"],
                        status=rng.choice(["present", "present", "present", "apologies", "absent"]),
                    )
                )
            people = members.get(group.pk) or [None]
            for i in range(6):
                open_ = rng.random() < 0.3
                actions.append(
                    Action(
                        group=group,
                        item=items_of[meeting.pk][i % 5],
                        description=f"Synthetic action {i} of {meeting.date}",
                        owner_id=rng.choice(people)["person_id"] if people[0] else None,
                        due=meeting.date + datetime.timedelta(days=60),
                        created_on=meeting.date,
                        status="open" if open_ else "done",
                        completed_on=None if open_ else meeting.date + datetime.timedelta(days=30),
                    )
                )
        Attendance.objects.bulk_create(rows, batch_size=5000)
        Action.objects.bulk_create(actions, batch_size=5000)


def _county(n, rng):
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"County {n} {kind.replace('_', ' ')} {i}",
            kind=kind,
            statutory_responsible_authority=kind in Organisation.STATUTORY_KINDS,
        )
        for i, kind in enumerate(KINDS * 3)
    )
    partnerships = Partnership.objects.bulk_create(
        Partnership(
            name=f"County {n} Partnership {i}",
            kind="community_safety_partnership",
            area=f"Area {n}.{i}",
        )
        for i in range(1, 6)
    )
    PartnershipMember.objects.bulk_create(
        PartnershipMember(
            partnership=p,
            organisation=o,
            role="responsible_authority" if o.statutory_responsible_authority else "partner",
        )
        for p in partnerships
        for o in rng.sample(orgs, 12)
    )
    groups = []
    for p in partnerships:
        board = Group.objects.create(partnership=p, name="Board", kind="board", meets="quarterly")
        groups.append(board)
        groups += Group.objects.bulk_create(
            Group(
                partnership=p,
                name=f"Group {i}",
                kind=rng.choice(GROUP_KINDS),
                meets=rng.choice(MEETS),
                reports_to=board,
                purpose="Synthetic group for the benchmark.",
                tor_approved=datetime.date(2024, 1, 1) if i % 3 else None,
                tor_review_due=datetime.date(2025 + i % 3, 1, 1) if i % 3 else None,
            )
            for i in range(1, 12)
        )
    people = Person.objects.bulk_create(
        Person(
            name=f"Person {n}.{i}",
            email=f"person{n}.{i}@bench.test",
            organisation=rng.choice(orgs),
            seniority=rng.choice(SENIORITY),
        )
        for i in range(600)
    )
    seats = set()
    while len(seats) < 1500:
        seats.add((rng.randrange(len(people)), rng.randrange(len(groups))))
    chaired = set()
    memberships = []
    for person_i, group_i in sorted(seats):
        role = "chair" if group_i not in chaired else rng.choice(ROLES)
        chaired.add(group_i)
        memberships.append(
            Membership(
                person=people[person_i],
                group=groups[group_i],
                role=role,
                on_behalf_of=people[person_i].organisation,
                start=datetime.date(2023, 4, 1),
            )
        )
    Membership.objects.bulk_create(memberships)


CURRENT_YEAR = year_of(TODAY)
BUDGET_YEARS = range(CURRENT_YEAR - 4, CURRENT_YEAR + 1)
GRANT_YEARS = range(CURRENT_YEAR - 2, CURRENT_YEAR + 1)
GRANTS_A_YEAR = 500
RETURN_DAYS = 30
# (name, kind, funded by the PCC rather than the council, ring-fenced, pays grants)
STREAMS = [
    ("Community Safety Fund", "community_safety_fund", True, False, True),
    ("Council contribution", "council_contribution", False, False, False),
    ("Serious Violence Duty", "government_grant", False, True, True),
    ("Victims' services", "pcc_grant", True, True, True),
]
PORTFOLIOS = ["Victims and vulnerability", "Reducing reoffending", "Safer streets"]
SERVICES = [
    "Community safety team",
    "Domestic abuse service",
    "Youth diversion",
    "Drug and alcohol service",
    "Hate crime support",
    "Neighbourhood wardens",
]
COUNTY_WIDE = "County-wide services"
PROJECTS = [
    "Youth outreach",
    "Safer streets",
    "Domestic abuse advocacy",
    "Knife crime education",
    "Victim support",
    "Night-time economy",
    "Fraud awareness",
    "Restorative justice",
]
PROVIDER_KINDS = {"voluntary_sector", "housing_provider", "youth_justice", "health", "other"}
INDICATORS = [
    ("Recorded crime", "Police recorded crime", "0.4"),
    ("Population", "ONS mid-year estimates", "0.3"),
    ("Deprivation", "Index of Multiple Deprivation", "0.2"),
    ("Antisocial behaviour", "Police incidents", "0.1"),
]


def _first_of_month_after(first, months):
    index = first.month - 1 + months
    return datetime.date(first.year + index // 12, index % 12 + 1, 1)


def _funding(n, rng):
    """County n's money. The first partnership holds the formula and passes part
    of its Community Safety Fund to the other four; every other budget pays 3
    named services. Grants are spread evenly over the partnerships and drawn on
    the streams that pay grants. Each budget is what its lines add up to plus a
    margin, so none is overspent."""
    orgs = list(Organisation.objects.filter(name__startswith=f"County {n} ").order_by("pk"))
    first_of_kind = {}
    for org in orgs:
        first_of_kind.setdefault(org.kind, org)
    pcc, council = first_of_kind["police_and_crime_commissioner"], first_of_kind["local_authority"]
    providers = [o for o in orgs if o.kind in PROVIDER_KINDS]
    partnerships = list(Partnership.objects.filter(name__startswith=f"County {n} ").order_by("pk"))
    holder, districts = partnerships[0], partnerships[1:]
    leads = list(
        Person.objects.filter(name__startswith=f"Person {n}.")
        .order_by("pk")
        .values_list("pk", "organisation_id")
    )
    streams = FundingStream.objects.bulk_create(
        FundingStream(
            name=name,
            funder=pcc if by_pcc else council,
            kind=kind,
            ring_fenced=ring_fenced,
            description="Synthetic stream for the benchmark.",
        )
        for name, kind, by_pcc, ring_fenced, _ in STREAMS
    )
    grant_streams = [s for s, spec in zip(streams, STREAMS, strict=True) if spec[4]]
    portfolios = PortfolioArea.objects.bulk_create(
        PortfolioArea(funder=pcc, name=name) for name in PORTFOLIOS
    )

    # Budgets first in memory: their amounts are known once their lines are.
    budgets = {
        (p.pk, s.pk, year): Budget(
            stream=s,
            holder=p,
            year=year,
            amount=0,
            status=Budget.Status.PROVISIONAL if year == CURRENT_YEAR else Budget.Status.CONFIRMED,
        )
        for p in partnerships
        for s in streams
        for year in BUDGET_YEARS
    }
    allocations = []
    for (p_pk, s_pk, year), budget in budgets.items():
        if (p_pk, s_pk) == (holder.pk, streams[0].pk):
            lines = [
                Allocation(
                    budget=budget,
                    recipient_partnership=d,
                    amount=rng.randrange(20_000_00, 120_000_00),
                )
                for d in districts
            ]
            names = [COUNTY_WIDE]
        else:
            lines, names = [], rng.sample(SERVICES, 3)
        lines += [
            Allocation(
                budget=budget, recipient_name=name, amount=rng.randrange(5_000_00, 60_000_00)
            )
            for name in names
        ]
        if rng.random() < 0.05:
            lines.append(
                Allocation(
                    budget=budget,
                    recipient_name=rng.choice(SERVICES),
                    amount=rng.randrange(1_000_00, 10_000_00),
                    withdrawn_at=datetime.datetime(year, 9, 1, tzinfo=datetime.UTC),
                    notes="Withdrawn: the service closed.",
                )
            )
        allocations += lines
    spent = {
        key: sum(a.amount for a in allocations if a.budget is b and a.withdrawn_at is None)
        for key, b in budgets.items()
    }

    grants, returns, co_funded = [], [], []
    for year in GRANT_YEARS:
        first, last = year_bounds(year)
        awarded_by = min(last, TODAY)
        months_left = (last.year - TODAY.year) * 12 + last.month - TODAY.month
        for i in range(GRANTS_A_YEAR):
            partnership = partnerships[i % len(partnerships)]
            stream = rng.choice(grant_streams)
            key = (partnership.pk, stream.pk, year)
            grant = Grant(
                identifier=f"360G-bench-{n}-{year}-{i + 1:04d}",
                title=f"{rng.choice(PROJECTS)} {year_label(year)} #{i + 1}",
                description="Synthetic project for the benchmark.",
                partnership=partnership,
                funder=stream.funder,
                budget=budgets[key],
                amount=rng.randrange(2_000_00, 40_000_00),
                grant_programme=f"{stream.name} {year_label(year)}",
                portfolio=rng.choice(portfolios) if rng.random() < 0.7 else None,
                pilot=rng.random() < 0.1,
                returns_every=Grant.ReturnsEvery.QUARTERLY,
                return_days=RETURN_DAYS,
            )
            if rng.random() < 0.5:
                lead, lead_organisation = rng.choice(leads)
                grant.commissioning_lead_id = lead
                grant.commissioning_lead_organisation_id = lead_organisation
            proposed = year == CURRENT_YEAR and rng.random() < 0.12
            if proposed:
                # Proposed: no award yet, a start later this year, half without a provider.
                grant.status = Grant.Status.PROPOSED
                grant.planned_start = _first_of_month_after(
                    TODAY.replace(day=1), rng.randrange(1, months_left + 1)
                )
                grant.provider = rng.choice(providers) if rng.random() < 0.5 else None
            else:
                grant.award_date = first + datetime.timedelta(
                    days=rng.randrange((awarded_by - first).days + 1)
                )
                grant.planned_start = _first_of_month_after(grant.award_date.replace(day=1), 1)
                grant.provider = rng.choice(providers)
            grant.planned_end = _first_of_month_after(grant.planned_start, 12) - datetime.timedelta(
                days=1
            )
            if not proposed:
                if rng.random() < 0.04:
                    grant.status = Grant.Status.WITHDRAWN
                elif grant.planned_start > TODAY:
                    grant.status = Grant.Status.APPROVED
                elif grant.planned_end < TODAY and rng.random() < 0.95:
                    grant.status = Grant.Status.COMPLETED
                else:
                    grant.status = Grant.Status.ACTIVE
            if rng.random() < 0.3:
                grant.evaluation_due = grant.planned_end + datetime.timedelta(days=90)
                if grant.evaluation_due < TODAY and rng.random() < 0.6:
                    grant.evaluation_received = grant.evaluation_due - datetime.timedelta(
                        days=rng.randrange(30)
                    )
                    grant.evaluation_summary = "Delivered what was agreed."
            grants.append(grant)
            if grant.status != Grant.Status.WITHDRAWN:
                spent[key] += grant.amount
            if grant.is_live:
                returns += _returns(grant, rng)
                if rng.random() < 0.1:
                    co_funded.append((grant, rng.choice([o for o in orgs if o != grant.provider])))

    for key, budget in budgets.items():
        budget.amount = spent[key] + rng.randrange(0, 10_000) * 100

    Budget.objects.bulk_create(budgets.values())
    Allocation.objects.bulk_create(allocations)
    Grant.objects.bulk_create(grants, batch_size=2000)
    Grant.co_funders.through.objects.bulk_create(
        Grant.co_funders.through(grant_id=grant.pk, organisation_id=org.pk)
        for grant, org in co_funded
    )
    MonitoringReturn.objects.bulk_create(returns, batch_size=5000)
    _formula(holder, districts, rng)


def _returns(grant, rng):
    """A live grant's quarterly returns for the periods ended by TODAY: most on
    time, some late, some missing."""
    made = []
    for quarter in range(1, 5):
        end = _first_of_month_after(grant.planned_start, 3 * quarter) - datetime.timedelta(days=1)
        if end >= TODAY:
            break
        chance = rng.random()
        if chance < 0.13:
            continue  # missing, or not sent yet
        if chance < 0.87:
            received = end + datetime.timedelta(days=rng.randrange(1, RETURN_DAYS + 1))
        else:
            received = end + datetime.timedelta(days=RETURN_DAYS + rng.randrange(1, 60))
        if received > TODAY:
            continue
        made.append(
            MonitoringReturn(
                grant=grant,
                period_end=end,
                received=received,
                outputs=f"{rng.randrange(5, 60)} sessions, {rng.randrange(10, 400)} people reached.",
                outcomes="Fewer repeat incidents reported." if rng.random() < 0.5 else "",
                rag=rng.choices(["green", "amber", "red"], weights=[7, 2, 1])[0],
            )
        )
    return made


def _formula(holder, districts, rng):
    """This year's draft formula: 4 weighted indicators over the four districts
    and the county-wide services."""
    formula = AllocationFormula.objects.create(
        holder=holder,
        year=CURRENT_YEAR,
        version=1,
        name="Needs-based formula",
        description="Synthetic formula for the benchmark.",
    )
    indicators = FormulaIndicator.objects.bulk_create(
        FormulaIndicator(
            formula=formula, name=name, source=source, weight=Decimal(weight), position=i
        )
        for i, (name, source, weight) in enumerate(INDICATORS, start=1)
    )
    areas = FormulaArea.objects.bulk_create(
        [
            *(
                FormulaArea(formula=formula, recipient_partnership=d, position=i)
                for i, d in enumerate(districts, start=1)
            ),
            FormulaArea(formula=formula, recipient_name=COUNTY_WIDE, position=len(districts) + 1),
        ]
    )
    FormulaValue.objects.bulk_create(
        FormulaValue(
            indicator=indicator,
            area=area,
            value=Decimal(rng.randrange(1_000_000, 100_000_000)) / 1000,
        )
        for indicator in indicators
        for area in areas
    )


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
        day = _first_of_month_after(day.replace(day=1), 4) - datetime.timedelta(days=1)
    return ends


def _strategy(n, rng):
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
            _first_of_month_after(plan.starts, 3) - datetime.timedelta(days=1),
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


REVIEW_TOPICS = [
    "Tackling anti-social behaviour",
    "The partnership's response to domestic abuse",
    "Serious violence and the Serious Violence Duty",
    "Community confidence and engagement",
    "Reducing reoffending",
    "Use of the Community Safety Fund",
]
THEMES = [t for t, _ in Theme.choices]
RESPONSES = [
    (Recommendation.Response.PENDING, 20),
    (Recommendation.Response.ACCEPTED, 55),
    (Recommendation.Response.PARTLY, 15),
    (Recommendation.Response.REJECTED, 10),
]
IMPLEMENTATIONS = [
    (Recommendation.Implementation.NOT_STARTED, 20),
    (Recommendation.Implementation.IN_PROGRESS, 35),
    (Recommendation.Implementation.IMPLEMENTED, 35),
    (Recommendation.Implementation.NOT_IMPLEMENTED, 10),
]
RECOMMENDATIONS_A_REVIEW = 6


def _weighted(rng, choices):
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _scrutiny(n, rng):
    """County n's scrutiny: 2 reviews of each partnership and one of all five,
    reported between 4 months and 3 years ago, each with 5 members, 5 findings
    and 6 recommendations: a fifth awaiting a response (most past its date), the
    rest accepted, partly accepted or rejected, and follow-ups spread from a
    year and a half ago to a year ahead, so some are overdue and some come due
    in the next 60 days."""
    partnerships = list(Partnership.objects.filter(name__startswith=f"County {n} ").order_by("pk"))
    orgs = list(Organisation.objects.filter(name__startswith=f"County {n} ").order_by("pk"))
    scopes = [[p] for p in partnerships for _ in range(2)] + [partnerships]
    reviews = []
    for i, scope in enumerate(scopes, start=1):
        started = TODAY - datetime.timedelta(days=rng.randrange(250, 1200))
        reported = started + datetime.timedelta(days=rng.randrange(60, 150))
        topic = rng.choice(REVIEW_TOPICS)
        reviews.append(
            Review(
                title=f"County {n} review {i}: {topic}",
                committee=f"County {n} Council Overview and Scrutiny Committee",
                kind=Review.Kind.TASK_GROUP if len(scope) == 1 else Review.Kind.JOINT_REVIEW,
                purpose=f"To review {topic.lower()}.",
                terms_of_reference="Synthetic terms of reference for the benchmark.",
                started=started,
                reported=reported,
                status=Review.Status.MONITORING if rng.random() < 0.7 else Review.Status.CLOSED,
            )
        )
    Review.objects.bulk_create(reviews)
    Review.partnerships.through.objects.bulk_create(
        Review.partnerships.through(review_id=review.pk, partnership_id=p.pk)
        for review, scope in zip(reviews, scopes, strict=True)
        for p in scope
    )
    members, findings, recommendations = [], [], []
    for review, scope in zip(reviews, scopes, strict=True):
        members += [
            ReviewMember(review=review, name=f"Cllr Chair {review.pk}", role="chair"),
            *(
                ReviewMember(review=review, name=f"Cllr Member {review.pk}.{i}", role="member")
                for i in range(1, 4)
            ),
            ReviewMember(review=review, name=f"Officer {review.pk}", role="officer"),
        ]
        findings += [
            Finding(
                review=review,
                theme=THEMES[i % len(THEMES)],
                text=f"Key issue {i} of the review.",
                position=i,
            )
            for i in range(1, 6)
        ]
        for i in range(1, RECOMMENDATIONS_A_REVIEW + 1):
            rec = Recommendation(
                review=review,
                reference=str(i),
                text=f"Recommendation {i}: the partnership should do better.",
            )
            addressee = rng.random()
            if addressee < 0.8:
                rec.addressed_to_partnership = scope[(i - 1) % len(scope)]
            elif addressee < 0.9:
                rec.addressed_to_organisation = rng.choice(orgs)
            else:
                rec.addressed_to_office = "Cabinet Member for Community Safety"
            if rng.random() < 0.85:
                rec.response_due = review.reported + datetime.timedelta(days=60)
            rec.response = _weighted(rng, RESPONSES)
            if rec.response != Recommendation.Response.PENDING:
                rec.response_date = min(
                    TODAY, review.reported + datetime.timedelta(days=rng.randrange(20, 90))
                )
                rec.response_text = "The partnership's response, as minuted."
            if rec.response in (Recommendation.Response.ACCEPTED, Recommendation.Response.PARTLY):
                rec.implementation = _weighted(rng, IMPLEMENTATIONS)
            if rec.response != Recommendation.Response.REJECTED and rng.random() < 0.9:
                rec.follow_up_due = TODAY + datetime.timedelta(days=rng.randrange(-540, 365))
            if rng.random() < 0.03:
                rec.withdrawn_at = datetime.datetime(
                    review.reported.year, review.reported.month, 1, tzinfo=datetime.UTC
                ) + datetime.timedelta(days=40)
            recommendations.append(rec)
    ReviewMember.objects.bulk_create(members)
    Finding.objects.bulk_create(findings)
    Recommendation.objects.bulk_create(recommendations)


def _users():
    first = Partnership.objects.order_by("pk").first()
    users = {}
    for role in ("officer", "scrutiny", "admin"):
        user, created = User.objects.get_or_create(
            email=f"{role}@bench.test",
            defaults={"role": role, "is_staff": role == "admin", "is_superuser": role == "admin"},
        )
        if created and role == "officer":
            user.partnerships.set([first])
        users[role] = user
    return users
