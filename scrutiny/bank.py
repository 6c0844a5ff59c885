"""What the product starts with: the scoping question bank, built from the CfPS
themes for scrutiny of community safety partnerships (cfps-monitor §3.8), and the
default settings of each governance health check. A data migration loads both,
and every migrate or flush puts back what is missing; admins may change them
afterwards (and retire a question rather than delete it)."""

QUESTIONS = {
    "efficiency": [
        "What are the latest statistics and trends in local crime? How do these compare to "
        "average regional and national measures and experiences?",
        "How are the priorities of the CSP established?",
        "Do the CSP's priorities match the interests of the Police and Crime Commissioner?",
        "What role does each of the responsible authorities play in the CSP's work?",
        "How are the responsible authorities' resources used within the CSP context?",
        "Are all of the responsible authorities fully engaged in the CSP?",
        "Does the CSP allow for joint tasking among the responsible authorities?",
        "Is the CSP actions-oriented?",
        "Are there improvements that can be made in the CSP's delivery of services?",
    ],
    "effectiveness": [
        "Does the CSP have strong leadership?",
        "Does the CSP have a problem-solving approach?",
        "Have the CSP's solutions and programmes proved to be sustainable? What evidence is "
        "there to support this claim?",
        "How does the CSP compare with other CSPs in the region in terms of working practices "
        "and in relation to tackling crime and disorder?",
        "Does the CSP have the best possible partnership working arrangements in place?",
        "Does the CSP represent value for money? What evidence is there to support this claim?",
        "Would a merger of CSPs improve their effectiveness? What would be the benefits and "
        "risks of a merger?",
    ],
    "communities": [
        "How is the local community involved in the work of the CSP?",
        "Do the mechanisms for hearing local voices and concerns work effectively?",
        "How are local voices and concerns fed into the CSP's agenda?",
        "What evidence does the CSP provide to show that its work is based on local "
        "priorities? Is this evidence robust?",
        "What is the experience of victims of crime within the CSP's area?",
    ],
    "accountability": [
        "Does the CSP produce data that is fit for purpose?",
        "Does the CSP communicate its work and achievements clearly to the local community?",
        "Is the CSP open to scrutiny and challenge? If not, how could the CSP be more transparent?",
        "Do the responsible authorities share key crime data efficiently?",
        "Does the CSP provide evidence of its successes? Is this evidence robust?",
    ],
}

# name: (description of the check and its threshold, threshold, severity)
HEALTH_CHECKS = {
    "tor_missing": ("A group with no approved Terms of Reference.", None, "high"),
    "tor_review_overdue": (
        "Terms of Reference more than N days past their review date.",
        0,
        "medium",
    ),
    "group_not_meeting": (
        "A group that has not met within its expected frequency plus N days' grace "
        "(groups that meet as needed are left out).",
        30,
        "medium",
    ),
    "meetings_cancelled": (
        "A group that cancelled N% or more of its meetings in the last 12 months "
        "(with two meetings at least).",
        25,
        "medium",
    ),
    "minutes_late": (
        "A meeting in the last 12 months whose minutes were not circulated within N working days.",
        10,
        "low",
    ),
    "inquorate_meeting": ("A meeting in the last 12 months that was not quorate.", None, "high"),
    "authority_absent": (
        "A statutory responsible authority with a seat on a group, not represented at any of "
        "its last N meetings.",
        3,
        "high",
    ),
    "authority_attendance_low": (
        "A statutory responsible authority with a seat on a group, represented at fewer than "
        "N% of the group's last 6 meetings since its seat began (3 at least; one absent from "
        "all of the last meetings is left to the check of absent authorities).",
        50,
        "high",
    ),
    "attendance_seniority_low": (
        "A group whose Terms of Reference expect a seniority of those who attend, where fewer "
        "than N% of the attendances at its last 6 held meetings (by people whose seniority "
        "is recorded; a substitute at their own) were at that level or above. An elected "
        "member meets any level.",
        50,
        "medium",
    ),
    "statutory_authority_missing": (
        "A community safety partnership with no member of one of the five kinds of statutory "
        "responsible authority (council, police, fire and rescue, health, probation).",
        None,
        "high",
    ),
    "reports_to_none": (
        "A group that reports to no one: a loose end in the accountability graph (tasking "
        "groups and operational panels are the check below).",
        None,
        "low",
    ),
    "unaccountable_group": (
        "A tasking group or operational panel that reports to no group: nobody holds it to "
        "account (other groups reporting to no one are the check above).",
        None,
        "medium",
    ),
    "action_no_owner": ("An open action with no owner.", None, "medium"),
    "action_overdue": ("An open action more than N days past its due date.", 0, "medium"),
    "tracker_stale": (
        "A group whose open actions have had no update (or were raised) in the last N days.",
        60,
        "low",
    ),
    "priority_no_lead": ("A priority of a running plan with no accountable lead.", None, "high"),
    "priority_no_plan": (
        "A priority of a running plan with no delivery milestones.",
        None,
        "medium",
    ),
    "priority_no_update": (
        "A priority of a running plan with no quarterly update in the last N days.",
        92,
        "medium",
    ),
    "plan_no_assessment": (
        "A running plan linked to no strategic assessment (a partnership's priorities are to "
        "rest on its strategic assessment).",
        None,
        "high",
    ),
    "assessment_review_overdue": (
        "A running plan resting on a strategic assessment more than N days past its review date.",
        0,
        "medium",
    ),
    "priority_outside_assessment": (
        "A priority of a running plan marked as added outside the strategic assessment, with "
        "the reason given: shown so that the board sees it, not to forbid it.",
        None,
        "low",
    ),
    "risk_review_overdue": (
        "An open risk more than N days past the date its review was due.",
        0,
        "medium",
    ),
    "risk_high_no_action": (
        "An open risk whose residual score (likelihood × impact with its controls) is N or "
        "more, with no open action in the trackers treating it.",
        15,
        "high",
    ),
    "agreement_expired": (
        "An agreement (information sharing, memorandum, protocol, impact assessment) not "
        "ended, more than N days past its review date.",
        0,
        "medium",
    ),
    "agreement_unsigned": (
        "An agreement not ended with a party that has not signed it N days after it started.",
        30,
        "medium",
    ),
    "panel_no_agreement": (
        "A current operational panel whose members come from organisations that have not "
        "signed an information-sharing agreement in force covering it (one that names the "
        "panel, or names no group).",
        None,
        "high",
    ),
    "board_link_review_overdue": (
        "A link between boards (a reporting line, a joint working or information-sharing "
        "protocol) more than N days past its protocol's review date.",
        0,
        "low",
    ),
    "return_late": (
        "A funded project with a monitoring return missing more than N days after it was due.",
        0,
        "medium",
    ),
    "evaluation_missing": (
        "A funded project whose evaluation is more than N days overdue.",
        0,
        "high",
    ),
    "grant_no_evaluation": (
        "A funded project of £N or more with no evaluation asked for (no evaluation date).",
        50000,
        "medium",
    ),
    "membership_overload": ("A person sitting on more than N groups.", 5, "low"),
    "membership_overlap": (
        "Two groups of one partnership sharing N% or more of everyone on either (two members "
        "in common at least): candidates to merge. Tasking groups and operational panels are "
        "left out: practitioners sit on several by design, each for its own cases, and a "
        "panel is not merged with the board that oversees it.",
        50,
        "low",
    ),
    "membership_overlap_across": (
        "A group of the partnership and one of another active partnership of the same area "
        "sharing N% or more of everyone on either (two members in common at least): "
        "candidates to merge across the two. Tasking groups and operational panels are left "
        "out, as within one partnership.",
        50,
        "medium",
    ),
    "recommendation_no_response": (
        "A scrutiny recommendation with no response after its response date, or N days after "
        "the report when no date was set.",
        60,
        "high",
    ),
    "recommendation_followup_overdue": (
        "A recommendation not yet implemented, more than N days after its follow-up date.",
        0,
        "medium",
    ),
}

# A short heading for each check, as the dashboard and the findings list show it.
CHECK_TITLES = {
    "tor_missing": "No Terms of Reference",
    "tor_review_overdue": "Terms of Reference past their review date",
    "group_not_meeting": "Groups not meeting as often as they should",
    "meetings_cancelled": "Meetings cancelled",
    "minutes_late": "Minutes circulated late",
    "inquorate_meeting": "Meetings that were not quorate",
    "authority_absent": "Responsible authorities absent",
    "authority_attendance_low": "Responsible authorities seldom attending",
    "attendance_seniority_low": "Meetings attended below the seniority expected",
    "statutory_authority_missing": "Statutory responsible authority missing",
    "reports_to_none": "Groups that report to no one",
    "unaccountable_group": "Tasking and operational groups accountable to no one",
    "action_no_owner": "Actions with no owner",
    "action_overdue": "Overdue actions",
    "tracker_stale": "Action trackers not kept up to date",
    "priority_no_lead": "Priorities with no accountable lead",
    "priority_no_plan": "Priorities with no delivery plan",
    "priority_no_update": "Priorities with no recent update",
    "plan_no_assessment": "Plans resting on no strategic assessment",
    "assessment_review_overdue": "Plans resting on an assessment past its review date",
    "priority_outside_assessment": "Priorities added outside the strategic assessment",
    "risk_review_overdue": "Risks past their review date",
    "risk_high_no_action": "Very high risks with no open action",
    "agreement_expired": "Agreements past their review date",
    "agreement_unsigned": "Agreements not signed by every party",
    "panel_no_agreement": "Operational panels with no information-sharing agreement",
    "board_link_review_overdue": "Protocols between boards past their review date",
    "return_late": "Monitoring returns missing",
    "evaluation_missing": "Evaluations overdue",
    "grant_no_evaluation": "Large grants with no evaluation asked for",
    "membership_overload": "People on too many groups",
    "membership_overlap": "Groups with heavily overlapping membership",
    "membership_overlap_across": "Groups overlapping with another partnership's",
    "recommendation_no_response": "Recommendations with no response",
    "recommendation_followup_overdue": "Recommendation follow-ups overdue",
}


def install(Question, Check):
    """Load the bank into an empty question table and add any health check that
    has no row, removing those of checks that are gone. Never overwrites: a question an admin has reworded stays reworded.
    Takes the model classes so that a migration can pass its historical ones."""
    if not Question.objects.exists():
        Question.objects.bulk_create(
            Question(theme=theme, text=text, position=position)
            for theme, texts in QUESTIONS.items()
            for position, text in enumerate(texts, start=1)
        )
    # A check the product no longer has goes (its findings were resolved when it stopped).
    Check.objects.exclude(name__in=HEALTH_CHECKS).delete()
    present = set(Check.objects.values_list("name", flat=True))
    Check.objects.bulk_create(
        Check(name=name, description=description, threshold=threshold, severity=severity)
        for name, (description, threshold, severity) in HEALTH_CHECKS.items()
        if name not in present
    )
