"""The assurance engine: a healthy partnership yields no finding; one known
defect per health check yields exactly that finding, and fixing the record
clears it. Every run is on a fixed day: nothing here depends on today."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from agreements.models import Agreement, Party
from dhr.models import Review as HomicideReview
from funding.models import MonitoringReturn
from funding.tests.factories import GrantFactory
from meetings.models import Action, ActionUpdate, AgendaItem, Attendance, Meeting
from meetings.tests.factories import ActionFactory, MeetingFactory
from partnerships.models import (
    Group,
    Membership,
    Partnership,
    PartnershipMember,
    Person,
    Seniority,
)
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)
from scrutiny.health import CHECKS, governance_health
from scrutiny.models import HealthCheck, Recommendation
from scrutiny.tests.health_world import (
    BOARD_MEETINGS,
    DAY,
    NOW,
    RETURNS_DUE,
    TOR,
    build,
    days,
    hold,
)
from strategy.models import Milestone, Plan, PriorityUpdate


@pytest.fixture
def healthy(db):
    return build()


def findings_for(d, include_exempt=True):
    return governance_health(partnership=d.partnership, on=DAY, include_exempt=include_exempt)


# One defect and one fix per check ------------------------------------------------------
# A defect returns the subject and link the finding should carry.


def group_finding(group):
    return group.name, group.get_absolute_url()


def tor_missing(d):
    group = d.task_groups[2]
    group.tor_approved = None
    group.save()
    return group_finding(group)


def approve_tor(d):
    group = d.task_groups[2]
    group.tor_approved = DAY
    group.save()


def tor_review_overdue(d):
    d.board.tor_review_due = datetime.date(2026, 5, 31)
    d.board.save()
    return group_finding(d.board)


def review_tor(d):
    d.board.tor_approved = DAY
    d.board.tor_review_due = datetime.date(2027, 6, 15)
    d.board.save()


def group_not_meeting(d):
    d.sub_group.meets = Group.Meets.MONTHLY  # last met 3 months ago
    d.sub_group.save()
    return group_finding(d.sub_group)


def hold_a_meeting(d):
    hold(d.sub_group, datetime.date(2026, 6, 10), [(p, None) for p in d.sub_members])


def meetings_cancelled(d):
    d.sub_group_meetings[0].cancel("Too few items.")  # one of two in the year
    return d.sub_group.name, reverse("meetings:group_meetings", args=[d.sub_group.pk])


def record_meeting_held(d):
    meeting = d.sub_group_meetings[0]
    meeting.status = Meeting.Status.HELD
    meeting.cancellation_reason = ""
    meeting.revise("status", "cancellation_reason")


def minutes_late(d):
    meeting = d.board_meetings[2]
    meeting.minutes_status = Meeting.Minutes.APPROVED
    meeting.minutes_circulated_on = None
    meeting.save()
    return str(meeting), meeting.get_absolute_url()


def record_minutes_circulated(d):
    meeting = d.board_meetings[2]
    meeting.circulate_minutes(on=meeting.date + days(4))


def _board_attendance(d, meeting, kind):
    return Attendance.objects.get(meeting=meeting, person=d.reps[kind])


def inquorate_meeting(d):
    """Three of five sent deputies who could not decide: one voice short of the quorum."""
    meeting = d.board_meetings[1]
    for kind in ["local_authority", "police", "fire_and_rescue"]:
        attendance = _board_attendance(d, meeting, kind)
        attendance.status = Attendance.Status.SUBSTITUTED
        attendance.substitute = PersonFactory(organisation=d.orgs[kind])
        attendance.save()
    return str(meeting), meeting.get_absolute_url()


def deputies_could_decide(d):
    Attendance.objects.filter(
        meeting=d.board_meetings[1], status=Attendance.Status.SUBSTITUTED
    ).update(substitute_can_decide=True)


def authority_absent(d):
    for meeting in d.board_meetings[-3:]:
        attendance = _board_attendance(d, meeting, "probation")
        attendance.status = Attendance.Status.APOLOGIES
        attendance.save()
    org = d.orgs["probation"]
    return f"{org.name} on {d.board.name}", reverse("meetings:group_meetings", args=[d.board.pk])


def record_probation_present(d):
    attendance = _board_attendance(d, d.board_meetings[-1], "probation")
    attendance.status = Attendance.Status.PRESENT
    attendance.save()


def authority_attendance_low(d):
    """Fire and rescue came to one of the board's four meetings, the second."""
    for meeting in [d.board_meetings[0], d.board_meetings[2], d.board_meetings[3]]:
        attendance = _board_attendance(d, meeting, "fire_and_rescue")
        attendance.status = Attendance.Status.APOLOGIES
        attendance.save()
    org = d.orgs["fire_and_rescue"]
    return f"{org.name} on {d.board.name}", reverse("meetings:group_meetings", args=[d.board.pk])


def record_fire_present(d):
    attendance = _board_attendance(d, d.board_meetings[-1], "fire_and_rescue")
    attendance.status = Attendance.Status.PRESENT
    attendance.save()


def attendance_seniority_low(d):
    """The board's Terms of Reference expect senior managers or above; its five
    representatives, managers, came to its four meetings: none of the 20 at that level."""
    d.board.expected_seniority = Seniority.SENIOR_MANAGER
    d.board.save()
    return d.board.name, reverse("meetings:group_meetings", args=[d.board.pk])


def send_senior_managers(d):
    """Three of the five representatives are senior managers: 12 of the 20 who came."""
    for kind in ["local_authority", "police", "health"]:
        d.reps[kind].seniority = Seniority.SENIOR_MANAGER
        d.reps[kind].save()


def _probation_place(d):
    return PartnershipMember.objects.get(
        partnership=d.partnership, organisation=d.orgs["probation"]
    )


def statutory_authority_missing(d):
    place = _probation_place(d)
    place.role = PartnershipMember.Role.PARTNER
    place.save()
    return d.partnership.name, d.partnership.get_absolute_url()


def make_probation_responsible(d):
    place = _probation_place(d)
    place.role = PartnershipMember.Role.RESPONSIBLE_AUTHORITY
    place.save()


def reports_to_none(d):
    d.sub_group.reports_to = None
    d.sub_group.save()
    return group_finding(d.sub_group)


def report_to_board(d):
    d.sub_group.reports_to = d.board
    d.sub_group.save()


def unaccountable_group(d):
    """The fourth task group becomes a tasking group that reports to no group."""
    group = d.task_groups[3]
    group.kind = Group.Kind.TASKING
    group.reports_to = None
    group.save()
    return group_finding(group)


def tasking_reports_to_board(d):
    d.task_groups[3].reports_to = d.board
    d.task_groups[3].save()


def action_no_owner(d):
    d.unowned.owner = None
    d.unowned.save()
    return str(d.unowned), d.unowned.get_absolute_url()


def give_owner(d):
    d.unowned.owner = d.reps["police"]
    d.unowned.save()


def action_overdue(d):
    d.late.due = DAY - days(10)
    d.late.save()
    return str(d.late), d.late.get_absolute_url()


def complete_action(d):
    d.late.status = Action.Status.DONE
    d.late.completed_on = DAY
    d.late.save()


def tracker_stale(d):
    d.action_update.delete()  # no word since the action was raised in March
    return d.sub_group.name, reverse("meetings:tracker", args=[d.sub_group.pk])


def update_action(d):
    ActionUpdate.objects.create(
        action=d.tracked, on=DAY, text="All wards mapped.", status=Action.Status.IN_PROGRESS
    )


def priority_no_lead(d):
    d.priority.lead_person = None
    d.priority.save()
    return d.priority.title, d.priority.get_absolute_url()


def name_lead(d):
    d.priority.lead_person = d.reps["police"]
    d.priority.save()


def priority_no_plan(d):
    d.milestone.delete()
    return d.priority.title, d.priority.get_absolute_url()


def add_milestone(d):
    Milestone.objects.create(
        priority=d.priority, what="Train the ward panels.", due=datetime.date(2026, 12, 31)
    )


def priority_no_update(d):
    d.priority_update.delete()  # the last update is for the quarter to December
    return d.priority.title, d.priority.get_absolute_url()


def add_priority_update(d):
    PriorityUpdate.objects.create(
        priority=d.priority, period_end=datetime.date(2026, 3, 31), rag=PriorityUpdate.Rag.GREEN
    )


def plan_no_assessment(d):
    d.strategy = Plan.objects.create(
        partnership=d.plan.partnership,
        kind=Plan.Kind.SERIOUS_VIOLENCE,
        title="Serious violence strategy",
        starts=datetime.date(2026, 1, 1),
        ends=datetime.date(2028, 12, 31),
    )
    return str(d.strategy), reverse("strategy:strategy", args=[d.plan.partnership_id])


def link_assessment(d):
    d.strategy.assessment = d.assessment
    d.strategy.save()


def assessment_review_overdue(d):
    d.assessment.review_due = datetime.date(2026, 6, 14)  # the day before
    d.assessment.save()
    return d.assessment.title, reverse("strategy:strategy", args=[d.plan.partnership_id])


def review_assessment(d):
    d.assessment.review_due = datetime.date(2027, 6, 30)
    d.assessment.save()


def priority_outside_assessment(d):
    d.priority.outside_assessment = True
    d.priority.outside_reason = "Funding was offered for it."
    d.priority.save()
    return d.priority.title, d.priority.get_absolute_url()


def fold_into_assessment(d):
    d.priority.outside_assessment = False
    d.priority.save()


def risk_review_overdue(d):
    d.risk.review_due = datetime.date(2026, 6, 14)  # the day before
    d.risk.save()
    return d.risk.title, d.risk.get_absolute_url()


def review_risk(d):
    d.risk.record_review(
        reviewed_on=DAY,
        likelihood=3,
        impact=2,
        note="",
        next_review_due=datetime.date(2026, 9, 30),
        by=None,
    )


def risk_high_no_action(d):
    d.high_risk.actions.remove(d.tracked)  # the only action treating it
    return d.high_risk.title, d.high_risk.get_absolute_url()


def treat_risk(d):
    d.high_risk.actions.add(d.unowned)


def agreement_expired(d):
    d.memorandum.review_due = datetime.date(2026, 6, 14)  # the day before
    d.memorandum.save()
    return d.memorandum.title, d.memorandum.get_absolute_url()


def review_agreement(d):
    d.memorandum.review_due = datetime.date(2028, 3, 31)
    d.memorandum.save()


def agreement_unsigned(d):
    d.housing_party = Party.objects.create(
        agreement=d.memorandum, organisation=OrganisationFactory()
    )
    return d.memorandum.title, d.memorandum.get_absolute_url()


def sign_agreement(d):
    d.housing_party.signatory_name = "Jo Trustee"
    d.housing_party.signed_on = DAY
    d.housing_party.save()


def panel_no_agreement(d):
    d.probation_on_panel = MembershipFactory(
        person=PersonFactory(organisation=d.orgs["probation"]), group=d.panel
    )
    return d.panel.name, reverse("agreements:agreement_register", args=[d.partnership.pk])


def probation_signs_sharing(d):
    Party.objects.create(
        agreement=d.sharing,
        organisation=d.orgs["probation"],
        signatory_name="Lee Probation",
        signed_on=DAY,
    )


def board_link_review_overdue(d):
    d.board_link.review_due = datetime.date(2026, 6, 14)  # the day before
    d.board_link.save()
    return str(d.board_link), d.partnership.get_absolute_url()


def review_board_link(d):
    d.board_link.review_due = datetime.date(2027, 6, 14)
    d.board_link.save()


def return_late(d):
    d.returns[-1].delete()  # due 30 April
    return d.grant.title, d.grant.get_absolute_url()


def record_return(d):
    MonitoringReturn.objects.create(
        grant=d.grant, period_end=RETURNS_DUE[-1], received=DAY, rag="amber"
    )


def evaluation_missing(d):
    d.grant.evaluation_received = None
    d.grant.save()
    return d.grant.title, d.grant.get_absolute_url()


def receive_evaluation(d):
    d.grant.evaluation_received = DAY
    d.grant.save()


def grant_no_evaluation(d):
    """A second grant of £80,000, with no monitoring returns and no evaluation asked for."""
    d.big_grant = GrantFactory(
        partnership=d.partnership,
        title="Town centre CCTV",
        amount=80_000_00,
        planned_start=datetime.date(2025, 10, 1),
        planned_end=datetime.date(2026, 9, 30),
        returns_every=0,
    )
    return d.big_grant.title, d.big_grant.get_absolute_url()


def ask_for_evaluation(d):
    d.big_grant.evaluation_due = datetime.date(2026, 12, 31)
    d.big_grant.save()


def membership_overload(d):
    MembershipFactory(
        person=d.manager,
        group=d.task_groups[3],
        role=Membership.Role.OFFICER_SUPPORT,
        voting=False,
    )
    return d.manager.name, d.manager.get_absolute_url()


def step_down(d):
    Membership.objects.filter(person=d.manager, group=d.task_groups[2]).update(end=DAY)


def membership_overlap(d):
    """Task groups 1 and 2 then share the manager and one more of their three people."""
    MembershipFactory(person=d.task_members[1], group=d.task_groups[0])
    first, second = d.task_groups[:2]
    return (
        f"{first.name} and {second.name}",
        reverse("partnerships:load", args=[d.partnership.pk]),
    )


def merge_groups(d):
    d.task_groups[1].archived_at = NOW
    d.task_groups[1].save()


def membership_overlap_across(d):
    """A safeguarding partnership of the same area, whose task group shares three of
    the five people on either with the third task group."""
    d.neighbour = PartnershipFactory(
        name=f"Safeguarding Partnership ({d.partnership.name})",
        kind=Partnership.Kind.SAFEGUARDING,
        area=d.partnership.area,
    )
    group = GroupFactory(
        partnership=d.neighbour,
        name="Exploitation group",
        kind=Group.Kind.TASK_AND_FINISH,
        meets=Group.Meets.AD_HOC,
        reports_to=d.board,
        **TOR,
    )
    d.shared = PersonFactory.create_batch(3)
    for person in d.shared:
        for on in [d.task_groups[2], group]:
            MembershipFactory(person=person, group=on)
    return (
        f"{d.task_groups[2].name} and {group.name} ({d.neighbour.name})",
        reverse("partnerships:load", args=[d.partnership.pk]),
    )


def merge_across(d):
    d.neighbour.groups.update(archived_at=NOW)


def _recommendation_subject(rec):
    return f"Recommendation {rec.reference} of {rec.review.title}", rec.get_absolute_url()


def recommendation_no_response(d):
    d.answered.response = Recommendation.Response.PENDING
    d.answered.response_date = None
    d.answered.save()
    return _recommendation_subject(d.answered)


def record_response(d):
    d.answered.response = Recommendation.Response.ACCEPTED
    d.answered.response_date = DAY
    d.answered.save()


def recommendation_followup_overdue(d):
    d.followed_up.follow_up_due = datetime.date(2026, 5, 31)
    d.followed_up.save()
    return _recommendation_subject(d.followed_up)


def record_implemented(d):
    d.followed_up.implementation = Recommendation.Implementation.IMPLEMENTED
    d.followed_up.save()


CASES = {
    "tor_missing": (tor_missing, approve_tor),
    "tor_review_overdue": (tor_review_overdue, review_tor),
    "group_not_meeting": (group_not_meeting, hold_a_meeting),
    "meetings_cancelled": (meetings_cancelled, record_meeting_held),
    "minutes_late": (minutes_late, record_minutes_circulated),
    "inquorate_meeting": (inquorate_meeting, deputies_could_decide),
    "authority_absent": (authority_absent, record_probation_present),
    "authority_attendance_low": (authority_attendance_low, record_fire_present),
    "attendance_seniority_low": (attendance_seniority_low, send_senior_managers),
    "statutory_authority_missing": (statutory_authority_missing, make_probation_responsible),
    "reports_to_none": (reports_to_none, report_to_board),
    "unaccountable_group": (unaccountable_group, tasking_reports_to_board),
    "action_no_owner": (action_no_owner, give_owner),
    "action_overdue": (action_overdue, complete_action),
    "tracker_stale": (tracker_stale, update_action),
    "priority_no_lead": (priority_no_lead, name_lead),
    "priority_no_plan": (priority_no_plan, add_milestone),
    "priority_no_update": (priority_no_update, add_priority_update),
    "plan_no_assessment": (plan_no_assessment, link_assessment),
    "assessment_review_overdue": (assessment_review_overdue, review_assessment),
    "priority_outside_assessment": (priority_outside_assessment, fold_into_assessment),
    "risk_review_overdue": (risk_review_overdue, review_risk),
    "risk_high_no_action": (risk_high_no_action, treat_risk),
    "agreement_expired": (agreement_expired, review_agreement),
    "agreement_unsigned": (agreement_unsigned, sign_agreement),
    "panel_no_agreement": (panel_no_agreement, probation_signs_sharing),
    "board_link_review_overdue": (board_link_review_overdue, review_board_link),
    "return_late": (return_late, record_return),
    "evaluation_missing": (evaluation_missing, receive_evaluation),
    "grant_no_evaluation": (grant_no_evaluation, ask_for_evaluation),
    "membership_overload": (membership_overload, step_down),
    "membership_overlap": (membership_overlap, merge_groups),
    "membership_overlap_across": (membership_overlap_across, merge_across),
    "recommendation_no_response": (recommendation_no_response, record_response),
    "recommendation_followup_overdue": (recommendation_followup_overdue, record_implemented),
}


def test_it_has_a_defect_and_a_fix_for_every_check():
    assert sorted(CASES) == sorted(CHECKS)


# The healthy baseline -------------------------------------------------------------------


def test_it_finds_nothing_wrong_with_a_healthy_partnership(healthy):
    assert findings_for(healthy) == []


def test_it_finds_nothing_wrong_across_all_partnerships(healthy):
    assert governance_health(on=DAY, include_exempt=True) == []


def test_it_has_every_check_enabled_by_default(db):
    assert set(HealthCheck.objects.filter(enabled=True).values_list("name", flat=True)) == set(
        CHECKS
    )


# One defect, one finding; one fix, none ---------------------------------------------------


@pytest.mark.parametrize("check", list(CASES))
def test_it_finds_each_defect_and_clears_it_when_fixed(healthy, check):
    defect, fix = CASES[check]
    subject, url = defect(healthy)

    findings = findings_for(healthy)
    assert [f.check for f in findings] == [check]
    (finding,) = findings
    assert (finding.subject, finding.url) == (subject, url)
    assert finding.severity == HealthCheck.objects.get(name=check).severity
    assert finding.partnership_id == healthy.partnership.pk
    assert finding.detail

    fix(healthy)
    assert findings_for(healthy) == []


@pytest.mark.parametrize("check", list(CASES))
def test_it_finds_each_defect_across_all_partnerships(healthy, check):
    build("Southshire Community Safety Partnership")
    CASES[check][0](healthy)

    findings = governance_health(on=DAY, include_exempt=True)
    if check == "membership_overlap_across":
        # A pair across two partnerships is a finding of each.
        assert {f.partnership_id for f in findings} == {
            healthy.partnership.pk,
            healthy.neighbour.pk,
        }
        findings = [f for f in findings if f.partnership_id != healthy.neighbour.pk]
    if check == "board_link_review_overdue":
        # A protocol between two boards is a finding of each.
        assert {f.partnership_id for f in findings} == {
            healthy.partnership.pk,
            healthy.linked_board.pk,
        }
        findings = [f for f in findings if f.partnership_id != healthy.linked_board.pk]
    assert [f.check for f in findings] == [check]
    # A person may sit on groups of several partnerships: their finding is nobody's own.
    expected = None if check == "membership_overload" else healthy.partnership.pk
    assert findings[0].partnership_id == expected


def test_it_finds_every_defect_at_once_one_finding_each(healthy):
    expected = {}
    for check, (defect, _fix) in CASES.items():
        expected[check] = defect(healthy)

    findings = findings_for(healthy)
    assert Counter(f.check for f in findings) == {check: 1 for check in CHECKS}
    assert {f.check: (f.subject, f.url) for f in findings} == expected

    for _defect, fix in CASES.values():
        fix(healthy)
    assert findings_for(healthy) == []


def test_it_lists_the_most_severe_first(healthy):
    for defect, _fix in CASES.values():
        defect(healthy)

    severities = [f.severity for f in findings_for(healthy)]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    assert severities[0] == "high"
    assert severities[-1] == "low"


def test_it_leaves_out_partnerships_that_are_no_longer_active(healthy):
    action_overdue(healthy)
    statutory_authority_missing(healthy)
    Partnership.objects.filter(pk=healthy.partnership.pk).update(
        status=Partnership.Status.DISSOLVED
    )

    assert governance_health(on=DAY, include_exempt=True) == []


# Settings an admin may change ----------------------------------------------------------------


def test_it_finds_nothing_for_a_disabled_check(healthy):
    action_overdue(healthy)
    HealthCheck.objects.filter(name="action_overdue").update(enabled=False)

    assert findings_for(healthy) == []


def test_it_skips_a_check_with_no_settings(healthy):
    action_overdue(healthy)
    HealthCheck.objects.filter(name="action_overdue").delete()

    assert findings_for(healthy) == []


def test_it_gives_a_late_action_the_days_of_grace_in_the_threshold(healthy):
    action_overdue(healthy)  # 10 days late

    HealthCheck.objects.filter(name="action_overdue").update(threshold=30)
    assert findings_for(healthy) == []

    HealthCheck.objects.filter(name="action_overdue").update(threshold=9)
    assert [f.check for f in findings_for(healthy)] == ["action_overdue"]


def test_it_counts_a_group_overloaded_above_the_threshold_only(healthy):
    """The manager supports five groups: not more than five, but more than four."""
    HealthCheck.objects.filter(name="membership_overload").update(threshold=4)

    (finding,) = findings_for(healthy)
    assert finding.check == "membership_overload"
    assert finding.detail == "Sam Manager sits on 5 groups."


def test_it_takes_the_severity_from_the_settings(healthy):
    action_overdue(healthy)
    HealthCheck.objects.filter(name="action_overdue").update(severity="high")

    (finding,) = findings_for(healthy)
    assert finding.severity == "high"


def test_it_describes_a_finding_in_words(healthy):
    action_overdue(healthy)

    (finding,) = findings_for(healthy)
    assert finding.detail == (
        f"Due 5 June 2026, 10 days overdue; owner {healthy.reps['health'].name}; Board."
    )


# Exempt items ---------------------------------------------------------------------------------


def test_it_counts_actions_on_exempt_items_only_for_those_entitled(healthy):
    item = AgendaItem.objects.create(
        meeting=healthy.board_meetings[-1],
        position=9,
        title="Domestic homicide review",
        exempt=True,
        exempt_paragraph=1,
    )
    action = ActionFactory(
        group=healthy.board,
        item=item,
        owner=healthy.reps["probation"],
        due=DAY - days(10),
        created_on=BOARD_MEETINGS[-1],
    )

    assert findings_for(healthy, include_exempt=False) == []
    assert governance_health(partnership=healthy.partnership, on=DAY) == []
    findings = findings_for(healthy)
    assert [(f.check, f.url) for f in findings] == [("action_overdue", action.get_absolute_url())]


# Domestic homicide reviews: never among the findings ---------------------------------------


def test_a_late_domestic_homicide_review_is_no_governance_finding(healthy):
    """Findings are seen by administrators and counted for every reader: a review's
    lateness is shown on its register to those entitled, never here. Its overdue
    action is an action on a confidential record, found as an exempt one is."""
    healthy.dhr.decision, healthy.dhr.decided_on = HomicideReview.Decision.PENDING, None
    healthy.dhr.save()  # notified 2 March: the decision was due by 2 April
    action = Action.objects.get(pk=healthy.dhr_recommendation.action_id)
    Action.objects.filter(pk=action.pk).update(due=DAY - days(1))
    assert findings_for(healthy, include_exempt=False) == []
    found = findings_for(healthy)
    assert [(f.check, f.url) for f in found] == [("action_overdue", action.get_absolute_url())]
    assert all("DHR" not in f"{f.subject} {f.detail}" for f in found)


# Queries ---------------------------------------------------------------------------------------

# 1 the settings; then the records, each read once for the checks that share them:
#   the current groups with the day each last met (tor_missing, tor_review_overdue,
#   reports_to_none, group_not_meeting, attendance_seniority_low, and the kinds for
#   membership_overlap and membership_overlap_across) 1,
#   the year's meetings with their attendance counts (meetings_cancelled, minutes_late,
#   inquorate_meeting) 1,
#   the current seats (membership_overlap, membership_overlap_across, authority_absent,
#   authority_attendance_low) 1,
#   the open actions with their last update (action_no_owner, action_overdue,
#   tracker_stale) 1,
#   the running priorities (priority_no_lead, priority_no_plan, priority_no_update) 1,
#   the open risks and the actions linked to them (risk_review_overdue,
#   risk_high_no_action, which reads the open actions too) 2,
#   the live grants and their returns (return_late, evaluation_missing) 2,
#   the current recommendations (recommendation_no_response,
#   recommendation_followup_overdue) 1;
#   the agreements not ended and their parties (agreement_expired,
#   agreement_unsigned) 2; the information-sharing agreements in force, who signed
#   them and the groups they name (panel_no_agreement) 2; the seats on operational
#   panels (panel_no_agreement) 1; the links between boards with a review date
#   (board_link_review_overdue) 1;
#   the last held meetings of the groups with a statutory seat or an expected
#   seniority, and who came to them (authority_absent, authority_attendance_low,
#   attendance_seniority_low) 2;
#   the groups sharing people (membership_overlap, membership_overlap_across) 1: for
#   one partnership the seats on groups of the other partnerships of its area that
#   share someone with its groups; for all, the areas of the active partnerships;
#   the running plans with the assessments they rest on (plan_no_assessment,
#   assessment_review_overdue) 1;
# and of their own:
#   statutory_authority_missing 2 (the partnerships, their members with their
#   organisations), membership_overload 1
QUERIES = 24


def grow(d, times=3):
    """Several times more healthy groups, meetings, actions, grants and recommendations."""
    for n in range(times):
        group = GroupFactory(
            partnership=d.partnership,
            name=f"Locality panel {n}",
            kind=Group.Kind.OPERATIONAL_PANEL,
            meets=Group.Meets.MONTHLY,
            quorum=1,
            reports_to=d.sub_group,
            expected_seniority=Seniority.PRACTITIONER,
            **TOR,
        )
        people = [PersonFactory() for _ in range(2)]
        for person in people:
            MembershipFactory(person=person, group=group)
        sharing = Agreement.objects.create(
            partnership=d.partnership,
            kind=Agreement.Kind.INFORMATION_SHARING,
            title=f"Locality panel {n} information sharing",
            purpose="Case information.",
            lawful_basis=Agreement.LawfulBasis.PUBLIC_TASK,
            starts=datetime.date(2025, 4, 1),
            review_due=datetime.date(2027, 3, 31),
        )
        sharing.groups.add(group)
        for person in people:
            Party.objects.create(
                agreement=sharing,
                organisation=person.organisation,
                signatory_name="Sam Signer",
                signed_on=datetime.date(2025, 3, 20),
            )
        for month in range(1, 7):
            hold(group, datetime.date(2026, month, 5 + month), [(people[0], None)])
        for _ in range(3):
            ActionFactory(group=group, owner=people[1], due=DAY + days(20), created_on=DAY)
        grant = GrantFactory(
            partnership=d.partnership,
            planned_start=datetime.date(2025, 10, 1),
            planned_end=datetime.date(2026, 9, 30),
        )
        for end in [datetime.date(2025, 12, 31), datetime.date(2026, 3, 31)]:
            MonitoringReturn.objects.create(grant=grant, period_end=end, received=end, rag="green")
        Recommendation.objects.create(
            review=d.review,
            reference=f"x{n}",
            text="Review the panels.",
            addressed_to_partnership=d.partnership,
            response_due=DAY + days(30),
        )


def test_it_reads_a_healthy_register_in_a_fixed_number_of_queries(
    healthy, django_assert_num_queries
):
    with django_assert_num_queries(QUERIES):
        assert governance_health(on=DAY) == []
    with django_assert_num_queries(QUERIES):
        assert governance_health(partnership=healthy.partnership, on=DAY) == []

    grow(healthy)
    for n in range(3):
        grow(build(f"Eastshire {n}"))

    assert Group.objects.count() == 4 * 10
    with django_assert_num_queries(QUERIES):
        assert governance_health(on=DAY) == []
    with django_assert_num_queries(QUERIES):
        assert governance_health(partnership=healthy.partnership, on=DAY) == []


def test_it_reads_a_register_full_of_defects_in_a_fixed_number_of_queries(
    healthy, django_assert_num_queries
):
    """Writing the findings reads nothing more: the records they name come with the checks."""
    for defect, _fix in CASES.values():
        defect(healthy)
    with django_assert_num_queries(QUERIES):
        governance_health(on=DAY)

    for n in range(3):
        more = build(f"Eastshire {n}")
        for defect, _fix in CASES.values():
            defect(more)
    # One finding a check in each, the neighbours' side of each pair across two
    # partnerships, and the linked board's side of each protocol past its review.
    with django_assert_num_queries(QUERIES):
        assert len(governance_health(on=DAY)) == 4 * (len(CHECKS) + 2)


def test_it_counts_an_authoritys_attendance_below_the_threshold_only(healthy):
    authority_attendance_low(healthy)  # 1 of 4: 25%

    HealthCheck.objects.filter(name="authority_attendance_low").update(threshold=25)
    assert findings_for(healthy) == []

    HealthCheck.objects.filter(name="authority_attendance_low").update(threshold=26)
    (finding,) = findings_for(healthy)
    assert finding.detail == (
        f"{healthy.orgs['fire_and_rescue'].name} came to 1 of the last 4 meetings of Board (25%)."
    )


def test_it_counts_no_attendance_rate_over_fewer_than_three_meetings(healthy):
    """Fire and rescue's seat began after the first two of the board's four meetings."""
    authority_attendance_low(healthy)
    Membership.objects.filter(
        group=healthy.board, on_behalf_of=healthy.orgs["fire_and_rescue"]
    ).update(start=BOARD_MEETINGS[1] + days(1))

    assert findings_for(healthy) == []


def test_it_counts_the_seniority_of_who_came_below_the_threshold_only(healthy):
    """Two of the five representatives are senior managers: 8 of the 20 who came (40%)."""
    attendance_seniority_low(healthy)
    for kind in ["police", "health"]:
        healthy.reps[kind].seniority = Seniority.SENIOR_MANAGER
        healthy.reps[kind].save()

    HealthCheck.objects.filter(name="attendance_seniority_low").update(threshold=40)
    assert findings_for(healthy) == []

    HealthCheck.objects.filter(name="attendance_seniority_low").update(threshold=41)
    (finding,) = findings_for(healthy)
    assert finding.detail == (
        "At the last 4 meetings of Board, 8 of the 20 attendances by people whose seniority "
        "is recorded (40%) were at the level its Terms of Reference expect (senior manager "
        "or above)."
    )


def test_it_counts_who_came_at_their_own_seniority_and_an_elected_member_at_any(healthy):
    """The sub-group expects chief officers; its two members came to its two meetings."""
    HealthCheck.objects.filter(name="attendance_seniority_low").update(threshold=51)
    healthy.sub_group.expected_seniority = Seniority.CHIEF_OFFICER
    healthy.sub_group.save()
    unrecorded, councillor = healthy.sub_members
    Person.objects.filter(pk=unrecorded.pk).update(seniority="")
    Person.objects.filter(pk=councillor.pk).update(seniority=Seniority.ELECTED_MEMBER)
    # Those whose seniority is not recorded are not counted: 2 of 2 at the level.
    assert findings_for(healthy) == []

    # At the last meeting the councillor sent a practitioner, who counts as one.
    attendance = Attendance.objects.get(meeting=healthy.sub_group_meetings[-1], person=councillor)
    attendance.status = Attendance.Status.SUBSTITUTED
    attendance.substitute = PersonFactory(seniority=Seniority.PRACTITIONER)
    attendance.substitute_can_decide = True
    attendance.save()
    (finding,) = findings_for(healthy)
    assert finding.detail == (
        "At the last 2 meetings of ASB sub-group, 1 of the 2 attendances by people whose "
        "seniority is recorded (50%) were at the level its Terms of Reference expect (chief "
        "officer or above)."
    )

    # With no one's seniority recorded there is nothing to say.
    Person.objects.filter(pk__in=[councillor.pk, attendance.substitute.pk]).update(seniority="")
    assert findings_for(healthy) == []


def test_it_counts_someone_who_came_twice_to_a_meeting_once(healthy):
    """At the board's last meeting the police representative, a senior manager, also
    stood in for fire and rescue: 12 of the 19 who came, not 13 of 20."""
    attendance_seniority_low(healthy)
    send_senior_managers(healthy)
    attendance = _board_attendance(healthy, healthy.board_meetings[-1], "fire_and_rescue")
    attendance.status = Attendance.Status.SUBSTITUTED
    attendance.substitute = healthy.reps["police"]
    attendance.substitute_can_decide = True
    attendance.save()
    HealthCheck.objects.filter(name="attendance_seniority_low").update(threshold=64)

    (finding,) = findings_for(healthy)
    assert "12 of the 19 attendances by people whose seniority is recorded (63%)" in finding.detail


def test_it_asks_an_evaluation_of_grants_from_the_threshold_in_pounds(healthy):
    grant_no_evaluation(healthy)  # £80,000

    HealthCheck.objects.filter(name="grant_no_evaluation").update(threshold=80_001)
    assert findings_for(healthy) == []

    HealthCheck.objects.filter(name="grant_no_evaluation").update(threshold=80_000)
    (finding,) = findings_for(healthy)
    assert finding.detail == (
        "Town centre CCTV is a grant of £80,000 and no evaluation of it was asked for."
    )


def test_it_leaves_a_tasking_group_reporting_to_no_one_to_its_own_check(healthy):
    unaccountable_group(healthy)
    HealthCheck.objects.filter(name="unaccountable_group").update(enabled=False)

    assert findings_for(healthy) == []


def _share_across(d, other):
    """Two people join the fourth task group of each partnership: two of the four on
    either (50%)."""
    for person in [PersonFactory(), PersonFactory()]:
        for group in [d.task_groups[3], other.task_groups[3]]:
            MembershipFactory(person=person, group=group)


def test_it_finds_groups_sharing_people_across_partnerships_of_one_area(healthy):
    south = build("Southshire Safeguarding Partnership")  # of the same area
    _share_across(healthy, south)
    pair = "Task group 4 and Task group 4"

    (finding,) = findings_for(healthy)
    assert (finding.check, finding.subject) == (
        "membership_overlap_across",
        f"{pair} (Southshire Safeguarding Partnership)",
    )
    assert finding.detail == (
        f"{pair} (Southshire Safeguarding Partnership) share 2 of the 4 people on either "
        "(50%): candidates to merge."
    )
    assert finding.url == reverse("partnerships:load", args=[healthy.partnership.pk])
    assert finding.group_id == healthy.task_groups[3].pk

    # Each partnership answers for the pair, in a run of all as in its own.
    found = governance_health(on=DAY, include_exempt=True)
    assert sorted((f.partnership_id, f.subject, f.group_id) for f in found) == sorted(
        [
            (
                healthy.partnership.pk,
                f"{pair} (Southshire Safeguarding Partnership)",
                healthy.task_groups[3].pk,
            ),
            (
                south.partnership.pk,
                f"{pair} ({healthy.partnership.name})",
                south.task_groups[3].pk,
            ),
        ]
    )


@pytest.mark.parametrize("change", ["area", "status"])
def test_it_leaves_out_partnerships_of_another_area_or_no_longer_active(healthy, change):
    south = build("Southshire Safeguarding Partnership")
    _share_across(healthy, south)
    if change == "area":
        Partnership.objects.filter(pk=south.partnership.pk).update(area="Elsewhere")
    else:
        Partnership.objects.filter(pk=south.partnership.pk).update(
            status=Partnership.Status.DISSOLVED
        )

    assert findings_for(healthy) == []
    assert governance_health(on=DAY, include_exempt=True) == []


def test_it_does_not_count_meetings_before_a_statutory_seat_began(db):
    """A seat filled after the group's last meetings has not been absent from them."""
    import datetime as _dt

    from partnerships.tests.factories import (
        GroupFactory,
        MembershipFactory,
    )
    from scrutiny.health import governance_health as _health

    partnership = PartnershipFactory()
    group = GroupFactory(partnership=partnership, kind="board", meets="ad_hoc")
    police = OrganisationFactory(kind="police", statutory_responsible_authority=True)
    for day in (1, 2, 3):
        MeetingFactory(group=group, date=_dt.date(2026, 3, day), status="held")
    seat = MembershipFactory(group=group, on_behalf_of=police, start=_dt.date(2026, 5, 1))
    on = _dt.date(2026, 6, 15)
    found = [f for f in _health(partnership=partnership, on=on) if f.check == "authority_absent"]
    assert found == []
    seat.start = _dt.date(2026, 1, 1)
    seat.save()
    found = [f for f in _health(partnership=partnership, on=on) if f.check == "authority_absent"]
    assert [f.subject for f in found] == [f"{police.name} on {group.name}"]


@pytest.mark.parametrize("kind", sorted(Group.ACTING_KINDS))
def test_it_finds_no_groups_to_merge_where_one_acts_on_cases(healthy, kind):
    """Practitioners sit on several panels by design, and a panel is not merged with
    the board that oversees it: of one partnership or of two."""
    membership_overlap(healthy)
    membership_overlap_across(healthy)
    Group.objects.filter(pk=healthy.task_groups[0].pk).update(kind=kind)  # of one
    Group.objects.filter(partnership=healthy.neighbour).update(kind=kind)  # of two

    # A group made an operational panel here is covered by no information-sharing
    # agreement: a finding of its own check, not a merge.
    merges = [*findings_for(healthy), *governance_health(on=DAY, include_exempt=True)]
    assert [f for f in merges if f.check != "panel_no_agreement"] == []
