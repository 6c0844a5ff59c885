"""The world the assurance engine's tests start from: one partnership whose
records pass every health check on DAY, built by `build()`; each test then breaks
one record and mends it."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from agreements.models import Agreement, Party
from dhr.models import Review as HomicideReview
from funding.models import MonitoringReturn
from funding.tests.factories import GrantFactory
from meetings.models import Action, ActionUpdate, Meeting
from meetings.tests.factories import ActionFactory, AttendanceFactory, MeetingFactory
from partnerships.models import (
    BoardLink,
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
)
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PersonFactory,
)
from scrutiny.models import Recommendation, Review
from strategy.models import (
    Milestone,
    Plan,
    Priority,
    PriorityUpdate,
    Risk,
    RiskReview,
    StrategicAssessment,
)

DAY = datetime.date(2026, 6, 15)  # a Monday
NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 9, 0))
TOR = {"tor_approved": datetime.date(2025, 6, 1), "tor_review_due": datetime.date(2027, 6, 1)}
BOARD_MEETINGS = [
    datetime.date(2025, 9, 8),
    datetime.date(2025, 12, 8),
    datetime.date(2026, 3, 9),
    datetime.date(2026, 6, 8),
]
SUB_GROUP_MEETINGS = [datetime.date(2025, 12, 10), datetime.date(2026, 3, 11)]
RETURNS_DUE = [  # the quarters of the grant whose returns are due by DAY
    datetime.date(2025, 6, 30),
    datetime.date(2025, 9, 30),
    datetime.date(2025, 12, 31),
    datetime.date(2026, 3, 31),
]


def days(n):
    return datetime.timedelta(days=n)


def hold(group, date, attendees):
    """A held, quorate meeting whose minutes were circulated four days later."""
    meeting = MeetingFactory(
        group=group,
        date=date,
        status=Meeting.Status.HELD,
        minutes="Minutes.",
        minutes_status=Meeting.Minutes.CIRCULATED,
        minutes_approved_at=NOW.replace(year=date.year, month=date.month, day=date.day),
        minutes_circulated_on=date + days(4),
    )
    for person, org in attendees:
        AttendanceFactory(meeting=meeting, person=person, on_behalf_of=org)
    return meeting


def build(name="Northshire Community Safety Partnership"):
    """A healthy community safety partnership: every statutory responsible
    authority a member; a board and a sub-group that meet, are quorate and
    circulate their minutes; four task and finish groups that meet as needed;
    owned, current actions; domestic homicide reviews within their time limits, the
    action of a recommendation not yet due; a running plan resting on a strategic assessment; risks
    reviewed on time, the very high one treated by an open action; an operational panel
    covered by an information-sharing agreement, a signed memorandum of agreement and a
    protocol with another board, each in date; a grant with its returns and
    evaluation in; a scrutiny review whose recommendations were answered."""
    d = SimpleNamespace()
    p = d.partnership = PartnershipFactory(
        name=name, kind=Partnership.Kind.CSP, status=Partnership.Status.ACTIVE
    )
    d.orgs = {}
    for kind in Organisation.STATUTORY_KINDS:
        org = OrganisationFactory(
            name=f"{Organisation.Kind(kind).label} ({name})",
            kind=kind,
            statutory_responsible_authority=True,
        )
        PartnershipMemberFactory(
            partnership=p, organisation=org, role=PartnershipMember.Role.RESPONSIBLE_AUTHORITY
        )
        d.orgs[kind] = org
    voluntary = OrganisationFactory(
        name=f"Voluntary action ({name})", kind=Organisation.Kind.VOLUNTARY_SECTOR
    )
    PartnershipMemberFactory(
        partnership=p, organisation=voluntary, role=PartnershipMember.Role.PARTNER
    )

    d.board = GroupFactory(
        partnership=p,
        name="Board",
        kind=Group.Kind.BOARD,
        meets=Group.Meets.QUARTERLY,
        quorum=3,
        **TOR,
    )
    d.sub_group = GroupFactory(
        partnership=p,
        name="ASB sub-group",
        kind=Group.Kind.SUB_GROUP,
        meets=Group.Meets.QUARTERLY,
        quorum=2,
        reports_to=d.board,
        **TOR,
    )
    d.task_groups = [
        GroupFactory(
            partnership=p,
            name=f"Task group {i}",
            kind=Group.Kind.TASK_AND_FINISH,
            meets=Group.Meets.AD_HOC,
            reports_to=d.board,
            **TOR,
        )
        for i in range(1, 5)
    ]

    # One representative of each responsible authority on the board.
    d.reps = {}
    for kind, org in d.orgs.items():
        person = PersonFactory(organisation=org)
        MembershipFactory(person=person, group=d.board, on_behalf_of=org)
        d.reps[kind] = person
    # The community safety manager supports five groups: the most anyone should.
    d.manager = PersonFactory(name="Sam Manager", organisation=d.orgs["local_authority"])
    for group in [d.board, d.sub_group, *d.task_groups[:3]]:
        MembershipFactory(
            person=d.manager, group=group, role=Membership.Role.OFFICER_SUPPORT, voting=False
        )
    d.sub_members = [PersonFactory(organisation=voluntary) for _ in range(2)]
    for person in d.sub_members:
        MembershipFactory(person=person, group=d.sub_group, on_behalf_of=voluntary)
    d.task_members = [PersonFactory() for _ in d.task_groups]
    for person, group in zip(d.task_members, d.task_groups, strict=True):
        MembershipFactory(person=person, group=group)

    d.board_meetings = [
        hold(d.board, date, [(d.reps[kind], org) for kind, org in d.orgs.items()])
        for date in BOARD_MEETINGS
    ]
    d.sub_group_meetings = [
        hold(d.sub_group, date, [(person, voluntary) for person in d.sub_members])
        for date in SUB_GROUP_MEETINGS
    ]

    last_board = BOARD_MEETINGS[-1]
    d.unowned = ActionFactory(
        group=d.board,
        owner=d.reps["police"],
        due=DAY + days(30),
        created_on=last_board,
        description="Share the hotspot map with the neighbourhood teams.",
    )
    d.late = ActionFactory(
        group=d.board,
        owner=d.reps["health"],
        due=DAY + days(45),
        created_on=last_board,
        description="Bring the drug-related deaths review to the board.",
    )
    d.tracked = ActionFactory(
        group=d.sub_group,
        owner=d.sub_members[0],
        due=DAY + days(60),
        created_on=SUB_GROUP_MEETINGS[-1],
        status=Action.Status.IN_PROGRESS,
        description="Map the repeat callers in the town centre.",
    )
    d.action_update = ActionUpdate.objects.create(
        action=d.tracked,
        on=datetime.date(2026, 6, 1),
        text="Half the wards mapped.",
        status=Action.Status.IN_PROGRESS,
    )

    d.assessment = StrategicAssessment.objects.create(
        partnership=p, title="Strategic assessment 2025", date=datetime.date(2025, 1, 31)
    )
    d.plan = Plan.objects.create(
        partnership=p,
        title="Partnership plan",
        starts=datetime.date(2025, 4, 1),
        ends=datetime.date(2028, 3, 31),
        assessment=d.assessment,
    )
    d.priority = Priority.objects.create(
        plan=d.plan, title="Tackling anti-social behaviour", lead_person=d.reps["local_authority"]
    )
    d.milestone = Milestone.objects.create(
        priority=d.priority, what="Launch the ASB case review.", due=datetime.date(2026, 9, 30)
    )
    PriorityUpdate.objects.create(
        priority=d.priority, period_end=datetime.date(2025, 12, 31), rag=PriorityUpdate.Rag.AMBER
    )
    d.priority_update = PriorityUpdate.objects.create(
        priority=d.priority, period_end=datetime.date(2026, 3, 31), rag=PriorityUpdate.Rag.GREEN
    )

    # Two open risks, reviewed on time: a very high one of the sub-group that an open
    # action treats, and a medium one of the partnership; and a closed one, long past
    # its review date, that nobody reviews any more.
    risk = {
        "cause": "The provider's contract ends.",
        "effect": "Referrals stop.",
        "inherent_likelihood": 5,
        "inherent_impact": 5,
    }
    d.high_risk = Risk.objects.create(
        partnership=p,
        group=d.sub_group,
        title="Repeat callers overwhelm the town centre team",
        category=Risk.Category.DELIVERY,
        residual_likelihood=4,
        residual_impact=4,
        review_due=datetime.date(2026, 9, 30),
        **risk,
    )
    d.high_risk.actions.add(d.tracked)
    d.risk = Risk.objects.create(
        partnership=p,
        title="Loss of the drug treatment contract",
        category=Risk.Category.FINANCIAL,
        residual_likelihood=3,
        residual_impact=3,
        review_due=datetime.date(2026, 6, 30),
        **risk,
    )
    d.risk.priorities.add(d.priority)
    RiskReview.objects.create(
        risk=d.risk, reviewed_on=datetime.date(2026, 3, 31), likelihood=3, impact=3
    )
    Risk.objects.create(
        partnership=p,
        title="Closed risk",
        category=Risk.Category.OTHER,
        residual_likelihood=5,
        residual_impact=5,
        review_due=datetime.date(2025, 6, 30),
        closed_on=datetime.date(2025, 6, 1),
        **risk,
    )

    # An operational panel whose members' organisations signed the information-sharing
    # agreement in force that names it; a memorandum of agreement every authority
    # signed; a joint working protocol with the health and wellbeing board, reviewed on time.
    d.panel = GroupFactory(
        partnership=p,
        name="MARAC",
        kind=Group.Kind.OPERATIONAL_PANEL,
        meets=Group.Meets.AD_HOC,
        reports_to=d.board,
        **TOR,
    )
    for kind in ("police", "local_authority"):
        MembershipFactory(person=PersonFactory(organisation=d.orgs[kind]), group=d.panel)
    signed = {"signatory_name": "Alex Signer", "signed_on": datetime.date(2025, 3, 20)}
    agreement = {
        "partnership": p,
        "lawful_basis": Agreement.LawfulBasis.PUBLIC_TASK,
        "starts": datetime.date(2025, 4, 1),
        "review_due": datetime.date(2027, 3, 31),
    }
    d.sharing = Agreement.objects.create(
        kind=Agreement.Kind.INFORMATION_SHARING,
        title="MARAC information sharing agreement",
        purpose="Sharing case information on high-risk victims of domestic abuse.",
        special_condition="Article 9(2)(g); DPA 2018 Sch. 1 para. 18 (safeguarding).",
        **agreement,
    )
    d.sharing.groups.add(d.panel)
    for kind in ("police", "local_authority"):
        Party.objects.create(agreement=d.sharing, organisation=d.orgs[kind], **signed)
    d.memorandum = Agreement.objects.create(
        kind=Agreement.Kind.MEMORANDUM,
        title="Memorandum of agreement",
        purpose="The purpose and working arrangements of the partnership.",
        **agreement,
    )
    for org in d.orgs.values():
        Party.objects.create(agreement=d.memorandum, organisation=org, **signed)
    d.linked_board = PartnershipFactory(
        name=f"Health and wellbeing board ({name})",
        kind=Partnership.Kind.HEALTH_AND_WELLBEING,
        area=f"{name} county",
    )
    d.board_link = BoardLink.objects.create(
        from_partnership=p,
        to_partnership=d.linked_board,
        kind=BoardLink.Kind.JOINT_WORKING,
        protocol_agreed=datetime.date(2025, 6, 1),
        review_due=datetime.date(2027, 6, 1),
    )

    # Two domestic homicide reviews: one decided within its month, its report not yet
    # due; one published, the action of its recommendation open and not yet due.
    d.dhr = HomicideReview.objects.create(
        partnership=p,
        case_reference="DHR 2026/01",
        notified_on=datetime.date(2026, 3, 2),
        decision=HomicideReview.Decision.REVIEW,
        decided_on=datetime.date(2026, 3, 20),
    )
    d.dhr_published = HomicideReview.objects.create(
        partnership=p,
        case_reference="DHR 2024/02",
        notified_on=datetime.date(2024, 11, 4),
        decision=HomicideReview.Decision.REVIEW,
        decided_on=datetime.date(2024, 11, 25),
        report_completed_on=datetime.date(2025, 5, 20),
        submitted_on=datetime.date(2025, 6, 2),
        quality_assured_on=datetime.date(2025, 10, 8),
        qa_outcome=HomicideReview.QaOutcome.APPROVED,
        published_on=datetime.date(2026, 1, 12),
    )
    d.dhr_recommendation = d.dhr_published.add_recommendation(
        text="Practices ask about domestic abuse at every appointment.",
        addressed_to=d.orgs["health"],
        action="Brief the GP practices on routine enquiry.",
        group=d.board,
        owner=d.reps["health"],
        due=DAY + days(90),
        by=None,
    )
    Action.objects.filter(pk=d.dhr_recommendation.action_id).update(
        created_on=datetime.date(2026, 1, 20)
    )

    d.grant = GrantFactory(
        partnership=p,
        title="Street pastors",
        amount=60_000_00,
        award_date=datetime.date(2025, 3, 15),
        planned_start=datetime.date(2025, 4, 1),
        planned_end=datetime.date(2027, 3, 31),
        evaluation_due=datetime.date(2026, 5, 31),
        evaluation_received=datetime.date(2026, 5, 20),
    )
    d.returns = [
        MonitoringReturn.objects.create(
            grant=d.grant, period_end=end, received=end + days(20), rag="green"
        )
        for end in RETURNS_DUE
    ]

    d.review = Review.objects.create(
        title="Anti-social behaviour",
        committee="Community Scrutiny Committee",
        started=datetime.date(2025, 10, 1),
        reported=datetime.date(2026, 2, 2),
        status=Review.Status.MONITORING,
    )
    d.review.partnerships.add(p)
    d.answered, d.followed_up = (
        Recommendation.objects.create(
            review=d.review,
            reference=ref,
            text=text,
            addressed_to_partnership=p,
            response_due=datetime.date(2026, 4, 30),
            response=Recommendation.Response.ACCEPTED,
            response_date=datetime.date(2026, 4, 20),
            implementation=Recommendation.Implementation.IN_PROGRESS,
            follow_up_due=datetime.date(2026, 9, 30),
        )
        for ref, text in [("1", "Publish the ASB case review."), ("2", "Fund a youth worker.")]
    )
    return d
