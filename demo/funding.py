"""Demo money from data/funding/: Worcestershire's table 1 of 2011 exactly as
printed, Swindon's 2020-21 OPCC allocations, and a current year of grants with a
few late and missing monitoring returns. Get-or-create only: a second run
changes nothing."""

import datetime

from django.utils import timezone

from demo import facts
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
from partnerships.models import Organisation, Partnership
from strategy.models import Priority


def load_funding():
    orgs = {o.name: o for o in Organisation.objects.all()}
    partnerships = {p.name: p for p in Partnership.objects.all()}
    _worcestershire(facts.read("funding/worcs-2011-table-1"), orgs, partnerships)
    _swindon(
        facts.read("funding/swindon-2020-allocations"),
        facts.read("funding/current-year"),
        orgs,
        partnerships,
    )


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


def _worcestershire(table, orgs, partnerships):
    holder = partnerships[table["holder"]]
    streams = {
        spec["name"]: FundingStream.objects.get_or_create(
            funder=orgs[spec["funder"]],
            name=spec["name"],
            defaults={"kind": spec["kind"], "description": spec.get("description", "")},
        )[0]
        for spec in table["streams"]
    }
    budgets = {}
    for spec in table["streams"]:
        for year, amount in spec["income"].items():
            status = (
                Budget.Status.PROVISIONAL
                if year == table["provisional"]
                else Budget.Status.CONFIRMED
            )
            budgets[spec["name"], year] = _budget(
                streams[spec["name"]],
                holder,
                year,
                amount,
                status,
                as_reported=True,
                notes=table["note"],
            )
            facts.note(budgets[spec["name"], year], table["source"])
    # Recorded line by line in the printed order, which the statement keeps.
    for line in table["lines"]:
        label = line["label"]
        for year, by_stream in table["spending"].items():
            for stream_name, lines in by_stream.items():
                budget = budgets[stream_name, year]
                if label not in lines or budget.allocations.filter(recipient_name=label).exists():
                    continue
                allocation_save(
                    allocation=Allocation(
                        budget=budget,
                        recipient_name=label,
                        recipient_partnership=partnerships.get(line.get("partnership")),
                        amount=lines[label] * 100,
                    )
                )
    _worcestershire_formula(table, holder, partnerships)


def _worcestershire_formula(table, holder, partnerships):
    spec = table["formula"]
    formula, created = AllocationFormula.objects.get_or_create(
        holder=holder,
        year=spec["year"],
        version=1,
        defaults={"name": spec["name"], "description": spec["description"]},
    )
    if not created:
        return
    facts.note(formula, table["source"])
    share = FormulaIndicator.objects.create(
        formula=formula, name=spec["indicator"], source=spec["indicator_source"], weight=1
    )
    split = table["spending"][spec["split_of"]]["Community Safety Fund"]
    areas = [line for line in table["lines"] if "partnership" in line]
    for position, line in enumerate(areas, start=1):
        area = FormulaArea.objects.create(
            formula=formula,
            recipient_name=line["label"],
            recipient_partnership=partnerships[line["partnership"]],
            position=position,
        )
        FormulaValue.objects.create(indicator=share, area=area, value=split[line["label"]])


def _swindon(allocations, current, orgs, partnerships):
    swindon = partnerships[allocations["partnership"]]
    funder = orgs[allocations["funder"]]
    stream, _ = FundingStream.objects.get_or_create(
        funder=funder,
        name=allocations["stream"]["name"],
        defaults={
            "kind": allocations["stream"]["kind"],
            "description": allocations["stream"]["description"],
        },
    )
    rows = allocations["allocations"]
    portfolios = {
        name: PortfolioArea.objects.get_or_create(funder=funder, name=name)[0]
        for name in dict.fromkeys(row["portfolio"] for row in rows)
    }
    year = allocations["year"]
    budget_then = _budget(
        stream, swindon, year, sum(row["pounds"] for row in rows), Budget.Status.CONFIRMED
    )
    budget_now = _budget(
        stream,
        swindon,
        current["year"],
        sum(s["pounds"] for s in current["services"]) + current["unallocated"],
        Budget.Status.CONFIRMED,
    )
    facts.note(budget_then, allocations["source"])
    facts.note(budget_now, current["source"])
    monitoring = allocations["monitoring"]
    evaluations = {e["service"]: e for e in monitoring["evaluations"]}
    for number, row in enumerate(rows, start=1):
        printed, pilot = row["provider_as_printed"], row.get("pilot", False)
        start = datetime.date(year, 4, 1)
        end = datetime.date(year + 2 if "2 year" in printed else year + 1, 3, 31)
        grant = _grant(
            identifier=f"360G-swindon-csp-{year}-{number:03d}",
            title=row["service"],
            budget=budget_then,
            funder=funder,
            lead=orgs[allocations["commissioning_lead"]],
            provider=orgs[row["provider"]] if "provider" in row else None,
            printed=printed,
            portfolio=portfolios[row["portfolio"]],
            pilot=pilot,
            amount=row["pounds"],
            start=start,
            end=end,
            status=Grant.Status.COMPLETED if "provider" in row else Grant.Status.PROPOSED,
            programme=f"{stream.name} {year}-{(year + 1) % 100}",
            co_funders=[orgs[name] for name in row.get("co_funders", [])],
        )
        if pilot and grant.evaluation_due is None:
            grant.evaluation_due = end + datetime.timedelta(days=91)
            if evaluation := evaluations.get(grant.title):
                grant.evaluation_received = evaluation["received"]
                grant.evaluation_summary = evaluation["summary"]
            grant.save(
                update_fields=["evaluation_due", "evaluation_received", "evaluation_summary"]
            )
        # The awards are the report's; what became of them (returns, evaluations) the demo's.
        facts.note(grant, f"{allocations['source']}; {monitoring['source']}")
        _returns(grant, monitoring, last_quarter=None)
    row_by_title = {row["service"]: row for row in rows}
    this_year = current["year"]
    priorities = {
        p.title: p
        for p in Priority.objects.filter(plan__partnership=swindon, plan__starts__year=this_year)
    }
    for number, service in enumerate(current["services"], start=1):
        row = row_by_title[service["service"]]
        grant = _grant(
            identifier=f"360G-swindon-csp-{this_year}-{number:03d}",
            title=service["service"],
            budget=budget_now,
            funder=funder,
            lead=orgs[allocations["commissioning_lead"]],
            provider=orgs[row["provider"]],
            printed=row["provider_as_printed"],
            portfolio=portfolios[row["portfolio"]],
            pilot=False,
            amount=service["pounds"],
            start=datetime.date(this_year, 4, 1),
            end=datetime.date(this_year + 1, 3, 31),
            status=Grant.Status.ACTIVE,
            programme=f"{stream.name} {this_year}-{(this_year + 1) % 100}",
            co_funders=[orgs[name] for name in row.get("co_funders", [])],
            priority=priorities.get(service["priority"]),
        )
        facts.note(grant, current["source"])
        _returns(grant, current, last_quarter=current["returns_for_quarters"])


def _grant(
    *, identifier, funder, lead, provider, printed, co_funders, start, end, programme, **fields
):
    existing = Grant.objects.filter(identifier=identifier).first()
    if existing:
        return existing
    grant = Grant.objects.create(
        identifier=identifier,
        description=f"{fields['title']}: funded by the Police and Crime Commissioner "
        f"through the Swindon Community Safety Partnership. Provider: {printed}.",
        partnership=fields["budget"].holder,
        funder=funder,
        provider=provider,
        provider_note=printed,
        commissioning_lead_organisation=lead,
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


def _returns(grant, monitoring, *, last_quarter):
    """The grant's returns up to last_quarter (all when None): on time (a week
    before the due date) unless `monitoring` lists them late or missing."""
    if not grant.is_live:
        return
    late = {(r["service"], r["quarter"]): r["days_late"] for r in monitoring["late_returns"]}
    missing = {(r["service"], r["quarter"]) for r in monitoring["missing_returns"]}
    today = timezone.localdate()
    slots = list(grant.return_schedule())[:last_quarter]
    for quarter, slot in enumerate(slots, start=1):
        key = (grant.title, quarter)
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
