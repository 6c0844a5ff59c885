"""Each county's money: funding streams, budgets, allocations, grants with their
monitoring returns, and a needs-based formula."""

import datetime
from decimal import Decimal

from bench.generate.dates import TODAY, first_of_month_after
from config.periods import year_bounds, year_label, year_of
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
from partnerships.models import (
    Organisation,
    Partnership,
    Person,
)

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


def build_funding(n, rng):
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
                grant.planned_start = first_of_month_after(
                    TODAY.replace(day=1), rng.randrange(1, months_left + 1)
                )
                grant.provider = rng.choice(providers) if rng.random() < 0.5 else None
            else:
                grant.award_date = first + datetime.timedelta(
                    days=rng.randrange((awarded_by - first).days + 1)
                )
                grant.planned_start = first_of_month_after(grant.award_date.replace(day=1), 1)
                grant.provider = rng.choice(providers)
            grant.planned_end = first_of_month_after(grant.planned_start, 12) - datetime.timedelta(
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
        end = first_of_month_after(grant.planned_start, 3 * quarter) - datetime.timedelta(days=1)
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
    (formula,) = AllocationFormula.objects.bulk_create(
        [
            AllocationFormula(
                holder=holder,
                year=CURRENT_YEAR,
                version=1,
                name="Needs-based formula",
                description="Synthetic formula for the benchmark.",
            )
        ]
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
