"""Demo money from the reports: Worcestershire's table 1 of 2011 exactly as
printed, Swindon's 2020-21 OPCC allocations, and a current year of grants with
a few late and missing monitoring returns. Get-or-create only: a second run
changes nothing."""

import datetime

from django.utils import timezone

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
from funding.services import allocation_save
from partnerships.models import Organisation, Partnership, Priority

SCB = "Safer Communities Board"
SWINDON = "Swindon Community Safety Partnership"
OPCC = "Swindon and Wiltshire Office of the Police and Crime Commissioner"
SBC = "Swindon Borough Council"

# Worcestershire, table 1 (worcs-2011 §8): income by stream, in pounds.
WORCS_INCOME = {
    "Community Safety Fund": {2010: 575_000, 2011: 544_338, 2012: 275_000},
    "WCC Community Safety Grant Contribution": {2010: 132_000, 2011: 100_000},
}
# Expenditure lines as printed, with the partnership each CSP line names.
WORCS_LINES = [
    ("SCB Commissioning", None),
    ("Drug and Alcohol Action Team", None),
    ("WCC Community Safety Team", None),
    ("Bromsgrove CSP", "Bromsgrove Community Safety Partnership"),
    ("Redditch CSP", "Redditch Community Safety Partnership"),
    ("S Worcs CSP", "South Worcestershire Community Safety Partnership"),
    ("Wyre Forest CSP", "Wyre Forest Community Safety Partnership"),
]
# The table does not say which stream paid which line: the CSPs are shown on the
# Community Safety Fund and the county services on the council's contribution,
# with SCB Commissioning taking what is left of the fund. Line totals are as printed.
WORCS_SPENDING = {
    2010: {
        "Community Safety Fund": {
            "Bromsgrove CSP": 87_574,
            "Redditch CSP": 90_327,
            "S Worcs CSP": 269_882,
            "Wyre Forest CSP": 102_995,
            "SCB Commissioning": 24_222,
        },
        "WCC Community Safety Grant Contribution": {
            "SCB Commissioning": 8_753,
            "Drug and Alcohol Action Team": 89_000,
            "WCC Community Safety Team": 35_000,
        },
    },
    2011: {
        "Community Safety Fund": {
            "Bromsgrove CSP": 71_695,
            "Redditch CSP": 107_400,
            "S Worcs CSP": 238_858,
            "Wyre Forest CSP": 109_385,
            "SCB Commissioning": 17_000,
        },
        "WCC Community Safety Grant Contribution": {
            "SCB Commissioning": 3_000,
            "Drug and Alcohol Action Team": 69_000,
            "WCC Community Safety Team": 28_000,
        },
    },
    2012: {
        "Community Safety Fund": {
            "Bromsgrove CSP": 37_440,
            "Redditch CSP": 56_086,
            "S Worcs CSP": 124_735,
            "Wyre Forest CSP": 57_122,
        },
    },
}

# Swindon (swindon-2020 §3.5): 2020-21 Community Safety Fund allocations from the OPCC.
# (portfolio, service, provider, provider as printed, co-funders, pilot, pounds)
SWINDON_2020 = [
    (
        "Demand & Prevention",
        "Junior Good Citizen",
        "Wiltshire Police",
        "Wiltshire Police (in partnership with DWFRS)",
        ["Dorset and Wiltshire Fire and Rescue Service"],
        False,
        3_060,
    ),
    (
        "Demand & Prevention",
        "Youth Mentoring",
        "SMASH",
        "SMASH (with SBC) – 12 month pilot",
        [SBC],
        True,
        25_000,
    ),
    ("Demand & Prevention", "Youth Offending Team", SBC, "SBC", [], False, 83_341),
    (
        "Demand & Prevention",
        "Youth Outreach Worker for Swindon Domestic Abuse Support Service",
        "Swindon Women's Aid",
        "Swindon Women's Aid (2 year pilot - £60k total)",
        [],
        True,
        30_000,
    ),
    ("Demand & Prevention", "Taxi Marshalls", SBC, "SBC – Licensing", [], False, 13_000),
    ("Criminal Justice System and Re-offending", "Turning Point", SBC, "SBC", [], False, 69_380),
    (
        "Criminal Justice System and Re-offending",
        "Engagement prevention worker",
        "Turning Point",
        "Turning Point",
        [],
        False,
        25_191,
    ),
    (
        "Criminal Justice System and Re-offending",
        "Appropriate Adults",
        "Caring for communities & People",
        "Caring for communities & People",
        [],
        False,
        13_500,
    ),
    (
        "Criminal Justice System and Re-offending",
        "Offender Housing Support Worker",
        "National Probation Service",
        "Jointly funded with Bristol, Gloucestershire, Somerset & Wiltshire (BGSW) Probation Services",
        ["BGSW Community Rehabilitation Company"],
        False,
        20_000,
    ),
    (
        "Victims and Vulnerability",
        "Sexual Assault Community Support",
        None,
        "tbc",
        [],
        False,
        30_000,
    ),
    (
        "Victims and Vulnerability",
        "Swindon Domestic Abuse Support Service",
        SBC,
        "SBC manages contract with Swindon Women's Aid",
        ["Swindon Women's Aid"],
        False,
        83_850,
    ),
    (
        "Victims and Vulnerability",
        "Phoenix",
        "Wiltshire Council",
        "Wiltshire Council (Splitz) (Wiltshire and Swindon)",
        [],
        False,
        100_000,
    ),
]
NEW_PROVIDERS = {
    "SMASH": Organisation.Kind.VOLUNTARY_SECTOR,
    "Caring for communities & People": Organisation.Kind.VOLUNTARY_SECTOR,
    "Home Office": Organisation.Kind.OTHER,
}
# Returns that did not come in on time, to show what the product finds:
# (service, quarter number) -> days late; None for a return never received.
LATE_2020 = {("Taxi Marshalls", 3): 41, ("Appropriate Adults", 2): 19}
MISSING_2020 = {("Appropriate Adults", 4), ("Youth Mentoring", 3), ("Youth Mentoring", 4)}
# The current year: three services carried on, so the product has live work.
CURRENT_YEAR = 2026
CURRENT_SERVICES = {
    "Youth Offending Team": 83_341,
    "Swindon Domestic Abuse Support Service": 83_850,
    "Phoenix": 100_000,
}
# The 2026-29 Swindon plan's priority each current service delivers.
CURRENT_PRIORITIES = {
    "Youth Offending Team": "Serious violence and exploitation",
    "Swindon Domestic Abuse Support Service": "Domestic abuse",
    "Phoenix": "Domestic abuse",
}
CURRENT_LATE = {("Phoenix", 1): 12}
CURRENT_MISSING = {("Swindon Domestic Abuse Support Service", 2)}


def load_funding():
    orgs = {o.name: o for o in Organisation.objects.all()}
    for name, kind in NEW_PROVIDERS.items():
        orgs[name], _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    partnerships = {p.name: p for p in Partnership.objects.all()}
    _worcestershire(orgs, partnerships)
    _swindon(orgs, partnerships)


def _budget(stream, holder, year, pounds, status, as_reported=False, notes=""):
    budget, _ = Budget.objects.get_or_create(
        stream=stream,
        holder=holder,
        year=year,
        defaults={
            "amount": pounds * 100,
            "status": status,
            "as_reported": as_reported,
            "notes": notes,
        },
    )
    return budget


def _worcestershire(orgs, partnerships):
    scb = partnerships[SCB]
    streams = {
        "Community Safety Fund": FundingStream.objects.get_or_create(
            funder=orgs["Home Office"],
            name="Community Safety Fund",
            defaults={
                "kind": FundingStream.Kind.COMMUNITY_SAFETY_FUND,
                "description": "Home Office grant paid to Worcestershire County Council; "
                "passes to the Police and Crime Commissioner from April 2013.",
            },
        )[0],
        "WCC Community Safety Grant Contribution": FundingStream.objects.get_or_create(
            funder=orgs["Worcestershire County Council"],
            name="WCC Community Safety Grant Contribution",
            defaults={"kind": FundingStream.Kind.COUNCIL_CONTRIBUTION},
        )[0],
    }
    note = "Worcestershire CSP review 2011, table 1, as printed."
    budgets = {}
    for stream_name, years in WORCS_INCOME.items():
        for year, amount in years.items():
            status = Budget.Status.PROVISIONAL if year == 2012 else Budget.Status.CONFIRMED
            budgets[stream_name, year] = _budget(
                streams[stream_name], scb, year, amount, status, as_reported=True, notes=note
            )
    # Recorded line by line in the printed order, which the statement keeps.
    for label, target in WORCS_LINES:
        for year, by_stream in WORCS_SPENDING.items():
            for stream_name, lines in by_stream.items():
                budget = budgets[stream_name, year]
                if label not in lines or budget.allocations.filter(recipient_name=label).exists():
                    continue
                allocation_save(
                    allocation=Allocation(
                        budget=budget,
                        recipient_name=label,
                        recipient_partnership=partnerships[target] if target else None,
                        amount=lines[label] * 100,
                    )
                )
    _worcestershire_formula(scb, partnerships)


def _worcestershire_formula(scb, partnerships):
    """2012/13: 'the same funding SCB formula split on 2011/12' (table 1, note)."""
    formula, created = AllocationFormula.objects.get_or_create(
        holder=scb,
        year=2012,
        version=1,
        defaults={
            "name": "SCB needs-based formula",
            "description": "The needs formula agreed by the Safer Communities Board, "
            "applied as the 2011/12 split until the needs update for 2012/13.",
        },
    )
    if not created:
        return
    share = FormulaIndicator.objects.create(
        formula=formula,
        name="Share of the 2011/12 CSP allocation",
        source="Table 1, 2011/12",
        weight=1,
    )
    for position, (label, amount) in enumerate(
        [
            ("Bromsgrove CSP", 71_695),
            ("Redditch CSP", 107_400),
            ("S Worcs CSP", 238_858),
            ("Wyre Forest CSP", 109_385),
        ],
        start=1,
    ):
        area = FormulaArea.objects.create(
            formula=formula,
            recipient_name=label,
            recipient_partnership=partnerships[dict(WORCS_LINES)[label]],
            position=position,
        )
        FormulaValue.objects.create(indicator=share, area=area, value=amount)


def _swindon(orgs, partnerships):
    swindon = partnerships[SWINDON]
    opcc = orgs[OPCC]
    stream, _ = FundingStream.objects.get_or_create(
        funder=opcc,
        name="OPCC Community Safety Fund",
        defaults={
            "kind": FundingStream.Kind.PCC_GRANT,
            "description": "Allocated by the Police and Crime Commissioner by portfolio area, "
            "in line with the Police and Crime Plan.",
        },
    )
    portfolios = {
        name: PortfolioArea.objects.get_or_create(funder=opcc, name=name)[0]
        for name in dict.fromkeys(row[0] for row in SWINDON_2020)
    }
    total_2020 = sum(row[-1] for row in SWINDON_2020)
    budget_2020 = _budget(stream, swindon, 2020, total_2020, Budget.Status.CONFIRMED)
    budget_now = _budget(
        stream,
        swindon,
        CURRENT_YEAR,
        sum(CURRENT_SERVICES.values()) + 40_000,
        Budget.Status.CONFIRMED,
    )
    for number, row in enumerate(SWINDON_2020, start=1):
        portfolio, title, provider, printed, co_funders, pilot, amount = row
        start = datetime.date(2020, 4, 1)
        end = datetime.date(2022, 3, 31) if "2 year" in printed else datetime.date(2021, 3, 31)
        grant = _grant(
            identifier=f"360G-swindon-csp-2020-{number:03d}",
            title=title,
            budget=budget_2020,
            orgs=orgs,
            provider=provider,
            printed=printed,
            portfolio=portfolios[portfolio],
            pilot=pilot,
            amount=amount,
            start=start,
            end=end,
            status=Grant.Status.COMPLETED if provider else Grant.Status.PROPOSED,
            programme="OPCC Community Safety Fund 2020-21",
            co_funders=[orgs[c] for c in co_funders],
        )
        if pilot and grant.evaluation_due is None:
            grant.evaluation_due = end + datetime.timedelta(days=91)
            if title.startswith("Youth Outreach"):
                grant.evaluation_received = datetime.date(2022, 6, 20)
                grant.evaluation_summary = (
                    "Young people reached through schools and youth settings; "
                    "referrals to the domestic abuse service rose."
                )
            grant.save(
                update_fields=["evaluation_due", "evaluation_received", "evaluation_summary"]
            )
        _returns(grant, LATE_2020, MISSING_2020, last_quarter=None)
    row_by_title = {row[1]: row for row in SWINDON_2020}
    priorities = {
        p.title: p
        for p in Priority.objects.filter(plan__partnership=swindon, plan__starts__year=CURRENT_YEAR)
    }
    for number, (title, amount) in enumerate(CURRENT_SERVICES.items(), start=1):
        portfolio, _, provider, printed, co_funders, pilot, _ = row_by_title[title]
        grant = _grant(
            identifier=f"360G-swindon-csp-{CURRENT_YEAR}-{number:03d}",
            title=title,
            budget=budget_now,
            orgs=orgs,
            provider=provider,
            printed=printed,
            portfolio=portfolios[portfolio],
            pilot=False,
            amount=amount,
            start=datetime.date(CURRENT_YEAR, 4, 1),
            end=datetime.date(CURRENT_YEAR + 1, 3, 31),
            status=Grant.Status.ACTIVE,
            programme=f"OPCC Community Safety Fund {CURRENT_YEAR}-{(CURRENT_YEAR + 1) % 100}",
            co_funders=[orgs[c] for c in co_funders],
            priority=priorities.get(CURRENT_PRIORITIES[title]),
        )
        _returns(grant, CURRENT_LATE, CURRENT_MISSING, last_quarter=2)


def _grant(*, identifier, orgs, provider, printed, co_funders, start, end, programme, **fields):
    existing = Grant.objects.filter(identifier=identifier).first()
    if existing:
        return existing
    grant = Grant.objects.create(
        identifier=identifier,
        description=f"{fields['title']}: funded by the Police and Crime Commissioner "
        f"through the Swindon Community Safety Partnership. Provider: {printed}.",
        partnership=fields["budget"].holder,
        funder=orgs[OPCC],
        provider=orgs[provider] if provider else None,
        provider_note=printed,
        commissioning_lead_organisation=orgs[SBC],
        grant_programme=programme,
        award_date=start if provider else None,
        planned_start=start,
        planned_end=end,
        returns_every=Grant.ReturnsEvery.QUARTERLY,
        title=fields["title"],
        budget=fields["budget"],
        portfolio=fields["portfolio"],
        pilot=fields["pilot"],
        amount=fields["amount"] * 100,
        status=fields["status"],
        priority=fields.get("priority"),
    )
    grant.co_funders.set(co_funders)
    return grant


def _returns(grant, late, missing, *, last_quarter):
    if not grant.is_live:
        return
    today = timezone.localdate()
    slots = list(grant.return_schedule())[:last_quarter]
    for quarter, slot in enumerate(slots, start=1):
        key = (grant.title, quarter)
        # On time: a week before the due date; late: the given days after it.
        received = slot["due"] + datetime.timedelta(days=late.get(key, -7))
        if key in missing or received > today:
            continue
        MonitoringReturn.objects.get_or_create(
            grant=grant,
            period_end=slot["period_end"],
            defaults={
                "received": received,
                "outputs": f"Quarter {quarter}: sessions delivered as planned.",
                "outcomes": "Outcomes reported against the agreed measures.",
                "rag": "amber" if key in late else "green",
            },
        )
