"""The world every list is drawn from, and more rows for a list that runs to
several pages."""

import datetime
from types import SimpleNamespace

from funding.models import FormulaValue
from funding.tests.factories import (
    AllocationFactory,
    AllocationFormulaFactory,
    BudgetFactory,
    FormulaAreaFactory,
    FormulaIndicatorFactory,
    FundingStreamFactory,
    GrantFactory,
    MonitoringReturnFactory,
)
from meetings.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PersonFactory,
)
from scrutiny.findings import recompute_all
from scrutiny.models import Recommendation
from scrutiny.tests.factories import (
    FindingFactory,
    RecommendationFactory,
    ReviewFactory,
    ReviewMemberFactory,
)
from strategy.models import IndicatorTarget, IndicatorValue
from strategy.tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    PlanFactory,
    PriorityFactory,
    PriorityUpdateFactory,
)

TODAY = datetime.date(2026, 6, 15)


def make_world(*, partnership, board, officer, scrutiny_member, chair, admin_user, outsider):
    """The records every list is drawn from, and the personas who read them."""
    police = OrganisationFactory(
        name="Northshire Police", kind="police", statutory_responsible_authority=True
    )
    council = OrganisationFactory(name="Northshire Council", kind="local_authority")
    PartnershipMemberFactory(partnership=partnership, organisation=police)
    PartnershipMemberFactory(partnership=partnership, organisation=council, role="partner")
    PartnershipFactory(name="Southshire Community Safety Partnership")
    panel = GroupFactory(
        partnership=partnership,
        name='=HYPERLINK("http://evil.example") Panel',
        kind="task_and_finish",
        reports_to=board,
    )
    hub = GroupFactory(partnership=partnership, name="Hub", kind="task_and_finish")
    people = [
        PersonFactory(
            name=f"Officer {n}",
            organisation=police,
            job_title="-2+3 Inspector" if n == 0 else "Inspector",
            email=f"officer{n}@police.example",
        )
        for n in range(4)
    ]
    PersonFactory(name="Clerk", organisation=council, email="clerk@council.example")
    for person in people:
        MembershipFactory(person=person, group=board)
        MembershipFactory(person=person, group=panel)
    MembershipFactory(person=people[0], group=hub, on_behalf_of=police)
    MembershipFactory(person=people[1], group=hub)

    meeting = MeetingFactory(group=board, date=datetime.date(2026, 5, 1))
    MeetingFactory(
        group=board,
        date=datetime.date(2026, 2, 1),
        status="cancelled",
        cancellation_reason="Not quorate",
    )
    for person, status in zip(people, ["present", "present", "apologies", "absent"], strict=True):
        AttendanceFactory(meeting=meeting, person=person, status=status, on_behalf_of=police)
    item = AgendaItemFactory(meeting=meeting, title="Public item")
    secret = AgendaItemFactory(meeting=meeting, title="Named case", exempt=True, exempt_paragraph=1)
    ActionFactory(
        group=board,
        item=item,
        owner=people[0],
        description="@SUM(1) publish the plan",
        due=datetime.date(2026, 6, 1),
    )
    ActionFactory(
        group=board, owner=people[0], description="Book the venue", due=datetime.date(2026, 6, 20)
    )
    ActionFactory(group=board, owner=people[1], description="Write the report", due=None)
    ActionFactory(
        group=board,
        item=secret,
        owner=people[0],
        description="Visit the named family",
        due=datetime.date(2026, 6, 1),
    )
    ActionFactory(
        group=board,
        owner=people[2],
        description="Done already",
        status="done",
        completed_on=datetime.date(2026, 5, 2),
    )

    plan = PlanFactory(
        partnership=partnership,
        title="Community Safety Plan",
        starts=datetime.date(2026, 4, 1),
        ends=datetime.date(2029, 3, 31),
    )
    violence = PriorityFactory(
        plan=plan, title="Reduce serious violence", lead_person=people[0], position=1
    )
    PriorityFactory(plan=plan, title="Tackle anti-social behaviour", position=2)
    MilestoneFactory(
        priority=violence, what="Agree the strategy", who="Board", due=datetime.date(2026, 7, 1)
    )
    MilestoneFactory(priority=violence, what="Publish it", due=datetime.date(2026, 9, 1))
    PriorityUpdateFactory(priority=violence, period_end=datetime.date(2026, 6, 30), rag="amber")
    indicator = IndicatorFactory(
        partnership=partnership, name="Violence with injury", direction="lower", unit=""
    )
    indicator.priorities.add(violence)
    IndicatorFactory(partnership=partnership, name="Burglary", direction="lower", unit="")
    for period, value, target in (("2024/25", 140, 125), ("2025/26", 120, 125)):
        IndicatorValue.objects.create_for_period(period, indicator=indicator, value=value)
        IndicatorValue.objects.create_for_period(
            period, indicator=indicator, value=value / 2, area="North"
        )
        IndicatorTarget.objects.create_for_period(period, indicator=indicator, value=target)

    stream = FundingStreamFactory(name="Community Safety Fund", funder=council)
    budget = BudgetFactory(holder=partnership, stream=stream, year=2025)
    BudgetFactory(holder=PartnershipFactory(name="Elsewhere"), year=2025)
    AllocationFactory(budget=budget, recipient_name="Youth service", amount=20_000_00)
    AllocationFactory(budget=budget, recipient_name="Night-time economy", amount=5_000_00)
    grant = GrantFactory(
        partnership=partnership,
        budget=budget,
        title="Street pastors",
        award_date=datetime.date(2025, 5, 1),
        planned_start=datetime.date(2025, 5, 1),
        planned_end=datetime.date(2026, 4, 30),
        evaluation_due=datetime.date(2026, 5, 31),
    )
    MonitoringReturnFactory(
        grant=grant, period_end=datetime.date(2025, 7, 31), received=datetime.date(2025, 8, 10)
    )
    GrantFactory(
        partnership=partnership, title="Target hardening", award_date=datetime.date(2025, 6, 1)
    )
    GrantFactory(title="Someone else's project", award_date=datetime.date(2025, 6, 1))
    formula = AllocationFormulaFactory(holder=partnership, year=2025)
    areas = [FormulaAreaFactory(formula=formula, recipient_name=n) for n in ("North", "South")]
    for n, name in enumerate(("Population", "Crime")):
        ind = FormulaIndicatorFactory(formula=formula, name=name)
        for m, area in enumerate(areas):
            FormulaValue.objects.create(indicator=ind, area=area, value=10 + n + m)

    review = ReviewFactory(partnerships=[partnership], title="Night-time economy review")
    ReviewFactory(partnerships=[PartnershipFactory()], title="Elsewhere review")
    ReviewMemberFactory(review=review, name="Cllr Ada")
    ReviewMemberFactory(review=review, name="Cllr Bea", role="chair")
    FindingFactory(review=review, text="Trackers are not kept up to date", position=1)
    FindingFactory(review=review, text="=1+1 is a formula", position=2)
    recommendation = RecommendationFactory(
        review=review,
        reference="a",
        text="Publish the tracker",
        follow_up_due=datetime.date(2026, 7, 1),
    )
    recommendation.actions.add(
        *board.actions.filter(description__in=["Visit the named family", "Book the venue"])
    )
    RecommendationFactory(
        review=review,
        reference="b",
        text="Meet quarterly",
        response=Recommendation.Response.ACCEPTED,
        response_date=datetime.date(2026, 5, 1),
    )
    return SimpleNamespace(
        partnership=partnership,
        board=board,
        panel=panel,
        police=police,
        people=people,
        meeting=meeting,
        plan=plan,
        violence=violence,
        indicator=indicator,
        budget=budget,
        grant=grant,
        formula=formula,
        review=review,
        officer=officer,
        scrutiny_member=scrutiny_member,
        chair=chair,
        admin=admin_user,
        outsider=outsider,
    )


def more_groups(w):
    for n in range(55):
        GroupFactory(partnership=w.partnership, name=f"Panel {n:02}", kind="task_and_finish")


def more_people(w):
    for n in range(55):
        PersonFactory(name=f"Constable {n:02}", organisation=w.police)


def more_reviews(w):
    for n in range(27):
        ReviewFactory(partnerships=[w.partnership], title=f"Review {n:02}")


def more_grants(w):
    for n in range(52):
        GrantFactory(partnership=w.partnership, title=f"Grant {n:02}")


def more_findings(w):
    for n in range(52):
        GroupFactory(partnership=w.partnership, name=f"Loose group {n:02}", kind="sub_group")
    recompute_all()
