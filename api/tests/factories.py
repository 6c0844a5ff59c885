"""A partnership's worth of records of every kind the API serves, made with the
apps' factories, and API tokens."""

import datetime
from types import SimpleNamespace

from django.utils import timezone
from knox.models import AuthToken

from agreements.tests.factories import AgreementFactory, PartyFactory
from funding.tests.factories import (
    AllocationFactory,
    BudgetFactory,
    FundingStreamFactory,
    GrantFactory,
    MonitoringReturnFactory,
)
from meetings.models import ActionUpdate, Decision, Guest
from meetings.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from partnerships.models import BoardLink, Partnership
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PersonFactory,
    UserFactory,
)
from scrutiny.tests.factories import (
    EvidenceSessionFactory,
    FindingFactory,
    RecommendationFactory,
    ReviewFactory,
    ReviewMemberFactory,
    WitnessFactory,
)
from strategy.models import IndicatorTarget, IndicatorValue, RiskReview
from strategy.tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    PlanFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    RiskFactory,
)


def token_for(user):
    """A new API token for `user`, as an administrator issues it: the token itself,
    which only its holder keeps."""
    return AuthToken.objects.create(user=user)[1]


def records_of(partnership, board):
    """Something of every kind in a partnership, around a meeting of `board` with an
    open agenda item and an exempt one, each with an action. The exempt item's action
    is overdue and owned by a person who signs in as an action owner."""
    today = timezone.localdate()
    member = PersonFactory(name=f"Member of {board.name}")
    owner = PersonFactory(name=f"Owner in {board.name}")
    organisation = member.organisation
    PartnershipMemberFactory(partnership=partnership, organisation=organisation)
    MembershipFactory(person=member, group=board, on_behalf_of=organisation)
    sub_group = GroupFactory(partnership=partnership, reports_to=board)
    MembershipFactory(person=member, group=sub_group)

    meeting = MeetingFactory(group=board, date=today - datetime.timedelta(days=7))
    open_item = AgendaItemFactory(meeting=meeting, title="Performance report", position=1)
    exempt_item = AgendaItemFactory(
        meeting=meeting,
        title="Case review of a named family",
        position=2,
        exempt=True,
        exempt_paragraph=1,
    )
    Decision.objects.create(item=open_item, text="The report was noted.")
    Decision.objects.create(item=exempt_item, text="Rehousing agreed in confidence.")
    AttendanceFactory(meeting=meeting, person=member, on_behalf_of=organisation)
    Guest.objects.create(meeting=meeting, name="A visitor", organisation="Fire and rescue")
    open_action = ActionFactory(
        group=board,
        item=open_item,
        owner=member,
        description="Publish the performance report",
        due=today + datetime.timedelta(days=14),
        created_on=today - datetime.timedelta(days=7),
    )
    exempt_action = ActionFactory(
        group=board,
        item=exempt_item,
        owner=owner,
        description="Rehouse the family named in the case review",
        due=today - datetime.timedelta(days=30),
        created_on=today - datetime.timedelta(days=40),
    )
    ActionUpdate.objects.create(
        action=open_action, text="Drafted", status="in_progress", by_person=member
    )

    plan = PlanFactory(partnership=partnership)
    priority = PriorityFactory(plan=plan, lead_person=member, lead_organisation=organisation)
    MilestoneFactory(priority=priority, what="Agree the plan", due=today)
    PriorityUpdateFactory(priority=priority, period_end=today, rag="amber")
    priority.actions.add(open_action)
    indicator = IndicatorFactory(partnership=partnership, source=OrganisationFactory())
    indicator.priorities.add(priority)
    IndicatorValue.objects.create_for_period("2025-Q1", indicator=indicator, value="12.500")
    IndicatorValue.objects.create_for_period(
        "2025-Q1", indicator=indicator, value="4", area="North ward"
    )
    IndicatorTarget.objects.create_for_period("2025-Q1", indicator=indicator, value="10")

    risk = RiskFactory(
        partnership=partnership, group=board, owner=member, title="Treatment contract lost"
    )
    risk.priorities.add(priority)
    risk.actions.add(open_action)
    RiskReview.objects.create(
        risk=risk, reviewed_on=today - datetime.timedelta(days=30), likelihood=4, impact=3
    )

    agreement = AgreementFactory(
        partnership=partnership, title=f"Sharing agreement of {board.name}"
    )
    agreement.groups.add(sub_group)
    PartyFactory(agreement=agreement, organisation=organisation)
    PartyFactory(agreement=agreement, signatory_name="", signed_on=None)

    board_link = BoardLink.objects.create(
        from_partnership=partnership,
        to_partnership=PartnershipFactory(kind=Partnership.Kind.HEALTH_AND_WELLBEING),
        kind=BoardLink.Kind.JOINT_WORKING,
        review_due=today + datetime.timedelta(days=200),
    )

    stream = FundingStreamFactory()
    budget = BudgetFactory(stream=stream, holder=partnership)
    allocation = AllocationFactory(budget=budget)
    grant = GrantFactory(
        partnership=partnership, budget=budget, commissioning_lead=member, priority=priority
    )
    grant.co_funders.add(OrganisationFactory())
    MonitoringReturnFactory(grant=grant)

    review = ReviewFactory(partnerships=[partnership])
    ReviewMemberFactory(review=review)
    WitnessFactory(session=EvidenceSessionFactory(review=review), organisation=organisation)
    FindingFactory(review=review)
    recommendation = RecommendationFactory(review=review)
    recommendation.actions.add(open_action, exempt_action)

    owner_user = UserFactory(role="owner", person=owner)
    return SimpleNamespace(
        partnership=partnership,
        board=board,
        member=member,
        owner=owner,
        owner_user=owner_user,
        organisation=organisation,
        meeting=meeting,
        open_item=open_item,
        exempt_item=exempt_item,
        open_action=open_action,
        exempt_action=exempt_action,
        plan=plan,
        priority=priority,
        indicator=indicator,
        risk=risk,
        sharing_agreement=agreement,
        board_link=board_link,
        stream=stream,
        budget=budget,
        allocation=allocation,
        grant=grant,
        review=review,
        recommendation=recommendation,
        membership=member.memberships.get(group=board),
    )
