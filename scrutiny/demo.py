"""Demo scrutiny reviews from three reports: Wiltshire's Partnerships Task Group
(March 2011), the Worcestershire peer review of partnership governance (2015) and
the Swindon review of its Community Safety Partnership (December 2020).

Titles, committees, dates, evidence, key issues and recommendation texts come
from the reports (shortened where long). Every person is fictional: councillors
and peer reviewers are invented names, and witnesses are the register's own
fictional people in the roles the reports name. The reports record no responses
to their recommendations: the responses here are written for the demo.

What the dashboard has to show (today is late 2026):
- a follow-up overdue: Swindon recommendation 4, follow-up due 30 September 2026,
  still in progress (and its action in the CSP Board's tracker, due October 2026);
- no response past its due date: Wiltshire recommendation e (the six-month update
  that never came, due June 2011) and Worcestershire areas for development 6.13 and
  6.15 (due January 2016).

Get-or-create by review title: a second run changes nothing.
"""

import datetime

from accounts.models import User
from meetings.models import Action
from partnerships.models import Group, Organisation, Partnership, Person
from scrutiny.models import (
    EvidenceSession,
    Finding,
    Recommendation,
    Review,
    ReviewMember,
    ReviewQuestion,
    ScopingQuestion,
    Witness,
)

D = datetime.date
WILTSHIRE = "Wiltshire Community Safety Partnership"
SWINDON = "Swindon Community Safety Partnership"
SSP = "Swindon Safeguarding Partnership"
SCB = "Safer Communities Board"
NORTH_WORCS = "North Worcestershire Community Safety Partnership"
SOUTH_WORCS = "South Worcestershire Community Safety Partnership"
DEMO_SCRUTINY_USER = "scrutiny@demo.test"

ACCEPTED = Recommendation.Response.ACCEPTED
PARTLY = Recommendation.Response.PARTLY
PENDING = Recommendation.Response.PENDING
IMPLEMENTED = Recommendation.Implementation.IMPLEMENTED
IN_PROGRESS = Recommendation.Implementation.IN_PROGRESS
NOT_STARTED = Recommendation.Implementation.NOT_STARTED


def load_scrutiny():
    partnerships = {p.name: p for p in Partnership.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    people = {p.name: p for p in Person.objects.select_related("organisation")}
    for spec in (WILTSHIRE_2011, WORCESTERSHIRE_2015, SWINDON_2020):
        _review(spec, partnerships, organisations, people)


def _review(spec, partnerships, organisations, people):
    if Review.objects.filter(title=spec["title"]).exists():
        return
    review = Review.objects.create(
        title=spec["title"],
        committee=spec["committee"],
        kind=spec["kind"],
        purpose=spec["purpose"],
        terms_of_reference=spec["terms_of_reference"],
        background=spec.get("background", ""),
        conclusion=spec.get("conclusion", ""),
        started=spec["started"],
        reported=spec["reported"],
        status=spec["status"],
    )
    review.partnerships.set([partnerships[name] for name in spec["partnerships"]])
    for name, role, affiliation, email in spec["members"]:
        ReviewMember.objects.create(
            review=review,
            name=name,
            role=role,
            affiliation=affiliation,
            user=User.objects.filter(email=email).first() if email else None,
        )
    bank = {q.text: q for q in ScopingQuestion.objects.all()}
    for position, (theme, text, bank_text) in enumerate(spec["questions"], start=1):
        source = bank.get(bank_text) if bank_text else None
        ReviewQuestion.objects.create(
            review=review, source=source, theme=theme, text=text, position=position
        )
    for kind, date, title, notes, witnesses in spec["evidence"]:
        session = EvidenceSession.objects.create(
            review=review, kind=kind, date=date, title=title, notes=notes
        )
        for name, role in witnesses:
            person = people.get(name)
            Witness.objects.create(
                session=session,
                name=name,
                role=role or (person.job_title if person else ""),
                organisation=person.organisation if person else None,
            )
    for position, (theme, text) in enumerate(spec["findings"], start=1):
        Finding.objects.create(review=review, theme=theme, text=text, position=position)
    for rec in spec["recommendations"]:
        recommendation = Recommendation.objects.create(
            review=review,
            reference=rec["reference"],
            text=rec["text"],
            addressed_to_partnership=partnerships.get(rec.get("partnership")),
            addressed_to_organisation=organisations.get(rec.get("organisation")),
            addressed_to_office=rec.get("office", ""),
            response_due=rec.get("response_due"),
            response=rec.get("response", PENDING),
            response_date=rec.get("response_date"),
            response_text=rec.get("response_text", ""),
            implementation=rec.get("implementation", NOT_STARTED),
            follow_up_due=rec.get("follow_up_due"),
        )
        if action := rec.get("action"):
            group = Group.objects.get(partnership__name=action["partnership"], name=action["group"])
            recommendation.actions.add(
                Action.objects.create(
                    group=group,
                    owner=people[action["owner"]],
                    due=action["due"],
                    description=action["description"],
                    created_on=action["created_on"],
                )
            )


# Wiltshire Council, Organisation and Resources Select Committee, 24 March 2011 ---------

WILTSHIRE_2011 = {
    "title": "Partnerships Task Group: the Community Safety Partnership",
    "committee": "Organisation and Resources Select Committee, Wiltshire Council",
    "kind": Review.Kind.TASK_GROUP,
    "partnerships": [WILTSHIRE],
    "started": D(2010, 3, 1),  # "The Task Group met in March 2010 to scope the review"
    "reported": D(2011, 3, 24),
    # Recommendation e's update never came: the review is still being monitored.
    "status": Review.Status.MONITORING,
    "purpose": "To report the findings to emerge from the review of the Community Safety "
    "Partnership.",
    "terms_of_reference": "Identify an initial partnership area to scrutinise, following "
    "the Local Agreement for Wiltshire and the Local Area Agreement: the Community Safety "
    "Partnership. Understand the wider governance of partnership working across the "
    "county (the 'Family of Partnerships'). Evaluate whether the task group model is an "
    "effective way to deliver external scrutiny of partners.",
    "background": "Legislative changes gave Overview and Scrutiny greater power to "
    "scrutinise partners. The Committee created a task group to examine how best to "
    "deliver partnership scrutiny. Most of the review looked at the work of the "
    "Executive Board, which meets quarterly and is chaired by the Joint Director of "
    "Public Health.",
    "conclusion": "The flexibility of a task group remains the right approach to "
    "scrutinising partners. Under its new Chairman the Partnership has become more "
    "effective, and accurate data lets it put resources where they are needed. Its "
    "challenges are financial, and above all empowering communities: the local Member "
    "can be an important tool in this, individually and at Area Boards.",
    "members": [
        ("Cllr Roger Demobury", ReviewMember.Role.CHAIR, "Wiltshire Council", None),
        ("Cllr Rosalind Mockbury", ReviewMember.Role.MEMBER, "Wiltshire Council", None),
        ("Cllr Gerald Testhorne", ReviewMember.Role.MEMBER, "Wiltshire Council", None),
        ("Cllr Pamela Fictonby", ReviewMember.Role.MEMBER, "Wiltshire Council", None),
        ("Cllr Hugh Placemore", ReviewMember.Role.MEMBER, "Wiltshire Council", None),
        ("Cllr Nigel Sampleton", ReviewMember.Role.MEMBER, "Wiltshire Council", None),
        (
            "Cllr Brenda Fakesley",
            ReviewMember.Role.MEMBER,
            "Wiltshire Council; also represents the Police Authority on the Partnership",
            None,
        ),
        ("Gwen Exampleworth", ReviewMember.Role.OFFICER, "Scrutiny Officer, report author", None),
    ],
    # (theme, text as the review asked it, the bank question it came from)
    "questions": [
        (
            "efficiency",
            "How are the priorities of the Community Safety Partnership established?",
            "How are the priorities of the CSP established?",
        ),
        (
            "efficiency",
            "Are all of the responsible authorities fully engaged in the Partnership?",
            "Are all of the responsible authorities fully engaged in the CSP?",
        ),
        (
            "effectiveness",
            "Does the CSP have strong leadership?",
            "Does the CSP have strong leadership?",
        ),
        (
            "communities",
            "How are local voices and concerns, including those of local Members and Area "
            "Boards, fed into the CSP's agenda?",
            "How are local voices and concerns fed into the CSP's agenda?",
        ),
        (
            "accountability",
            "Does the CSP communicate its work and achievements clearly to the local "
            "community and to elected Members?",
            "Does the CSP communicate its work and achievements clearly to the local community?",
        ),
    ],
    # (kind, date, title, notes, [(witness, role or "" for the register's)])
    "evidence": [
        (
            EvidenceSession.Kind.WORKSHOP,
            D(2010, 3, 15),
            "Scoping meeting of the task group",
            "Considered the Local Agreement for Wiltshire and the Local Area Agreement and "
            "chose the Community Safety Partnership as the first partnership to review.",
            [],
        ),
        (
            EvidenceSession.Kind.INTERVIEW,
            D(2010, 6, 10),
            "Governance of the Partnership: meeting with officers",
            "Introduced to the governance of the Partnership and its aim to be 'the safest "
            "county within England', with five priorities for 2011-12: violence, domestic "
            "abuse and the night-time economy; anti-social behaviour; integrated offender "
            "management; substance misuse; road safety.",
            [("Colin Demowell", ""), ("Imogen Samplewell", "Chairman of the Executive Board")],
        ),
        (
            EvidenceSession.Kind.INTERVIEW,
            D(2010, 9, 16),
            "Police and probation: meeting with officers",
            "Heard of the move from silo working to joint priorities, physical integration "
            "of teams (Basingstoke cited as good practice) and a shared case-management "
            "system; and of the stretch on police resources in supporting two partnerships, "
            "Wiltshire and Swindon.",
            [("Victor Dummerfield", ""), ("Sheila Mockton", "")],
        ),
        (
            EvidenceSession.Kind.MEETING_OBSERVED,
            D(2010, 12, 9),
            "Executive Board meeting, December 2010",
            "The task group chairman and supporting officer attended. Attendance was good, "
            "including the Cabinet Member and senior officers of the agencies; two people "
            "supported by the Partnership's work presented to the Board.",
            [],
        ),
        (
            EvidenceSession.Kind.DOCUMENT,
            D(2011, 1, 20),
            "The Partnership's strategies",
            "Large amounts of literature summarising the Partnership's strategies. The "
            "audience of the material could have been more specific: material directed to "
            "the public or to elected Members would communicate better.",
            [],
        ),
    ],
    "findings": [
        (
            "effectiveness",
            "Historic challenge: attendance was unsatisfactory and the Partnership found it "
            "hard to get things done; a new Chairman in the last 18 months has made it a "
            "'can-do' body with elected Councillors on the Board.",
        ),
        (
            "efficiency",
            "Integrated working: moving from silo working to joint priorities, physical "
            "integration of teams and a shared case-management system; investment is hard to "
            "find after the Comprehensive Spending Review.",
        ),
        (
            "accountability",
            "Accurate data: the Research Unit now reports to the Joint Director of Public "
            "Health, so the Partnership can focus on hot spots (Salisbury, Trowbridge, "
            "Chippenham) and test perception against the statistics.",
        ),
        (
            "effectiveness",
            "Fluid landscape: elected Police Commissioners, 'A New Approach To Fighting "
            "Crime' and changes to anti-social behaviour tool-kits; communicating these "
            "reforms is vital.",
        ),
        (
            "efficiency",
            "Financial pressures: posts funded by grants have an uncertain future, and the "
            "police are stretched supporting two partnerships.",
        ),
        (
            "communities",
            "Communication: strategies felt 'top-down' to Councillors; Area Boards and local "
            "Members could lead in engaging communities, with material directed to them.",
        ),
    ],
    "recommendations": [
        {
            "reference": "a",
            "text": "To approve the continuation of the Task Group to scrutinise further "
            "partnership working.",
            "office": "Organisation and Resources Select Committee",
            "response": ACCEPTED,
            "response_date": D(2011, 3, 24),
            "response_text": "Endorsed by the Committee at its meeting of 24 March 2011.",
            "implementation": IMPLEMENTED,
        },
        {
            "reference": "b",
            "text": "To recommend to the Community Safety Partnership that they produce a "
            "tool-kit directed towards elected Members, which provides them with important "
            "contact information and a summary of the powers available to promote and "
            "enforce the ambitions of the Partnership.",
            "partnership": WILTSHIRE,
            "response_due": D(2011, 6, 24),
            "response": ACCEPTED,
            "response_date": D(2011, 6, 9),
            "response_text": "The Executive Board agreed to produce a Members' tool-kit with "
            "the community safety team.",
            "implementation": IMPLEMENTED,
            "follow_up_due": D(2011, 9, 24),
        },
        {
            "reference": "c",
            "text": "To ask the Partnership to provide elected Members with a regular update "
            "on their achievements, to include any legislative reforms such as changes to "
            "tool-kits (e.g. anti-dispersal order) using the council's Members' briefing "
            "system or Elected Wire.",
            "partnership": WILTSHIRE,
            "response_due": D(2011, 6, 24),
            "response": ACCEPTED,
            "response_date": D(2011, 6, 9),
            "response_text": "A quarterly item in the Members' briefing from July 2011.",
            "implementation": IMPLEMENTED,
            "follow_up_due": D(2011, 9, 24),
        },
        {
            "reference": "d",
            "text": "To recommend that the Cabinet Members with responsibility for Community "
            "Safety and Area Boards discuss how the Area Boards can be used to empower "
            "communities with the Task Group highlighting the potential of single item "
            "meetings to tackle Community Safety issues specific to that community.",
            "office": "Cabinet Members for Community Safety and for Area Boards",
            "response_due": D(2011, 6, 24),
            "response": PARTLY,
            "response_date": D(2011, 6, 20),
            "response_text": "Area Boards will take community safety data by Community Area; "
            "single-item meetings are left to each Area Board to decide.",
            "implementation": IMPLEMENTED,
            "follow_up_due": D(2011, 9, 24),
        },
        {
            # No response past its due date: the six-month update was never received.
            "reference": "e",
            "text": "To request an update from the Community Safety Partnership in 6 months time.",
            "partnership": WILTSHIRE,
            "response_due": D(2011, 6, 24),
            "follow_up_due": D(2011, 9, 24),
        },
    ],
}


# Worcestershire Safer Communities Board: peer review, autumn 2015 ------------------------

_WSCB_RESPONSE = D(2016, 1, 18)  # the Board's meeting after the report (not in the report)
_WSCB_DUE = D(2016, 1, 31)

WORCESTERSHIRE_2015 = {
    "title": "Peer Review of Partnership Governance Arrangements",
    "committee": "Worcestershire Safer Communities Board (commissioned from the West "
    "Midlands Peer Support Programme)",
    "kind": Review.Kind.PEER_REVIEW,
    "partnerships": [SCB, NORTH_WORCS, SOUTH_WORCS],
    # The report is undated: the desk-top review came before the workshop of 9 September
    # 2015 and the last interviews were on 30 September 2015.
    "started": D(2015, 8, 3),
    "reported": D(2015, 11, 2),
    "status": Review.Status.MONITORING,
    "purpose": "To review current partnerships and governance arrangements (Community "
    "Safety Partnerships and county level strategic partnerships) on behalf of the "
    "Responsible Authorities and key stakeholders, to ensure that they operate and function "
    "efficiently and effectively in a rapidly changing environment.",
    "terms_of_reference": "Do the current governance and working arrangements work, and "
    "how can they be improved? How effectively do the partnerships integrate their work "
    "with the Safeguarding Boards, the Health and Wellbeing Board and the Police and Crime "
    "Commissioner? Does the structure ensure effective delivery of the strategies? Are "
    "priorities aligned across the county? Is commissioning managed effectively? Are "
    "information sharing and performance monitoring effective?",
    "background": "Two statutory Community Safety Partnerships cover Worcestershire, North "
    "and South, with the Safer Communities Board as the county strategic group that "
    "prepares the community safety agreement.",
    "members": [
        ("Martin Peerfield", ReviewMember.Role.CHAIR, "Peer Support Programme", None),
        (
            "Helen Mockbridge",
            ReviewMember.Role.MEMBER,
            "Department for Communities and Local Government",
            None,
        ),
        ("Lynne Testhill", ReviewMember.Role.MEMBER, "Walsall Borough Council", None),
        ("Susan Heydemo", ReviewMember.Role.MEMBER, "Dudley Borough Council", None),
        ("Stuart Fakeham", ReviewMember.Role.MEMBER, "West Midlands Fire Service", None),
        ("Leigh Sampleyard", ReviewMember.Role.MEMBER, "Staffordshire Police", None),
        ("Ian Placehurst", ReviewMember.Role.CO_OPTEE, "Ubique CIC", None),
    ],
    # The review's own questions: its terms of reference (report sections 7 to 13).
    "questions": [
        (
            "accountability",
            "Do the current governance and working arrangements work? How can they be improved?",
            None,
        ),
        (
            "effectiveness",
            "How effectively do the Community Safety Partnerships integrate "
            "their work with other partnerships: Safeguarding Boards, the Health and Wellbeing "
            "Board and the Police and Crime Commissioner?",
            None,
        ),
        (
            "effectiveness",
            "Does the current structure ensure effective delivery of the partnerships' strategies?",
            None,
        ),
        (
            "efficiency",
            "How do the partnerships ensure their key strategic priorities are "
            "aligned across the county, for maximum delivery benefits?",
            None,
        ),
        (
            "efficiency",
            "Is the commissioning of community safety services managed in an "
            "effective manner? How can it be made more efficient?",
            None,
        ),
        (
            "accountability",
            "Are the information sharing protocols effective, enabling high "
            "quality strategic assessments, and what performance monitoring systems are in "
            "place?",
            None,
        ),
    ],
    "evidence": [
        (
            EvidenceSession.Kind.DOCUMENT,
            D(2015, 8, 24),
            "Desk-top review of partnership documents",
            "Safer Communities Board terms of reference and working arrangements; the North "
            "and South Worcestershire strategic assessments; the partnership structure "
            "delivery chart; the North Worcestershire CSP Plan 2013-16 (refresh 2014/15); "
            "minutes of the North Worcestershire CSP (10 June 2015), the South "
            "Worcestershire Partnership (22 January 2015) and the Board (11 May 2015).",
            [],
        ),
        (
            EvidenceSession.Kind.WORKSHOP,
            D(2015, 9, 9),
            "Facilitated workshop",
            "25 people from across the partnerships. Delegates could also send confidential "
            "comments by email; one did, in detail.",
            [("Hannah Testerton", ""), ("Megan Trialton", ""), ("Andrew Proxley", "")],
        ),
        (
            EvidenceSession.Kind.INTERVIEW,
            D(2015, 9, 15),
            "Interviews in Pershore and Kidderminster",
            "Semi-structured interviews on 15 and 16 September, in confidence; findings "
            "anonymised. 13 people were interviewed in all, with two more on 9 September and "
            "three on 30 September.",
            [
                ("Susan Dummington", ""),
                ("Leonard Sampleby", ""),
                ("Christopher Demonte", ""),
                ("Sophie Testingham", ""),
            ],
        ),
        (
            EvidenceSession.Kind.INTERVIEW,
            D(2015, 9, 30),
            "Final interviews",
            "Three further interviews.",
            [],
        ),
    ],
    "findings": [
        (
            "effectiveness",
            "Commitment to partnership working is strong and relationships "
            "between organisations are generally good (5.1).",
        ),
        (
            "accountability",
            "Governance has evolved over time without taking account of the "
            "Police and Crime Commissioner or changes to partners such as probation (5.3).",
        ),
        (
            "accountability",
            "Strong views both for and against merging the North and South "
            "partnerships; questions over whether the Board has a role (5.5, 5.6).",
        ),
        (
            "efficiency",
            "Limited performance management: unclear who holds the tasking "
            "groups to account; the volume of meetings is not sustainable (5.9).",
        ),
        (
            "accountability",
            "Money allocated to projects with no expectation of a report or "
            "evaluation; limited accountability (5.10, 5.12).",
        ),
        (
            "effectiveness",
            "Performance monitoring could be more robust, with more "
            "challenge at partnership meetings (5.13).",
        ),
        (
            "efficiency",
            "Partnership analysts could offer problem-solving analysis, not only data (5.15).",
        ),
    ],
    "recommendations": [
        {
            "reference": "6.2",
            "text": "Refresh the Board's Terms of Reference, outlining the responsibilities "
            "of the chair, vice chair and members, including any champion role.",
            "partnership": SCB,
            "response_due": _WSCB_DUE,
            "response": ACCEPTED,
            "response_date": _WSCB_RESPONSE,
            "response_text": "New Terms of Reference to be drafted for the Board's April meeting.",
            "implementation": IMPLEMENTED,
            "follow_up_due": D(2016, 7, 31),
        },
        {
            "reference": "6.5",
            "text": "Hold a debate on the added value the North and South partnerships bring, "
            "including whether they should be merged.",
            "partnership": SCB,
            "response_due": _WSCB_DUE,
            "response": PARTLY,
            "response_date": _WSCB_RESPONSE,
            "response_text": "The Board will hold the debate; a merger is not proposed for "
            "2016/17.",
            "implementation": IMPLEMENTED,
            "follow_up_due": D(2016, 7, 31),
        },
        {
            "reference": "6.6",
            "text": "Agree what shared services covers (partnership boards, delivery groups, "
            "staffing and funded projects) and streamline through shared services.",
            "partnership": SCB,
            "response_due": _WSCB_DUE,
            "response": ACCEPTED,
            "response_date": _WSCB_RESPONSE,
            "response_text": "Agreed; officers to report options.",
            "implementation": IMPLEMENTED,
            "follow_up_due": D(2016, 10, 31),
        },
        {
            "reference": "6.8",
            "text": "Include how resources are allocated in revised partnership Terms of "
            "Reference, for a partnership approach to commissioning against shared "
            "priorities.",
            "partnership": NORTH_WORCS,
            "response_due": _WSCB_DUE,
            "response": ACCEPTED,
            "response_date": D(2016, 1, 27),
            "response_text": "The partnership will set out its funding model in its Terms of "
            "Reference.",
            "implementation": IMPLEMENTED,
            "follow_up_due": D(2016, 10, 31),
        },
        {
            "reference": "6.9",
            "text": "Address communication across the partnerships: a quarterly update of "
            "project activity, performance against objectives and emerging good practice, "
            "or an annual partnerships event.",
            "partnership": SCB,
            "response_due": _WSCB_DUE,
            "response": ACCEPTED,
            "response_date": _WSCB_RESPONSE,
            "response_text": "A quarterly newsletter, modelled on the domestic abuse newsletter.",
            "implementation": IMPLEMENTED,
        },
        {
            "reference": "6.10",
            "text": "Produce a brief induction pack for Board members, with the Terms of "
            "Reference of all the partnerships and the expectations placed on members: "
            "attendance, participation, reports and robust challenge.",
            "partnership": SCB,
            "response_due": _WSCB_DUE,
            "response": ACCEPTED,
            "response_date": _WSCB_RESPONSE,
            "response_text": "Accepted.",
            "implementation": IMPLEMENTED,
        },
        {
            "reference": "6.12",
            "text": "Agree a cross-partnership project management model for funded projects "
            "that includes a robust evaluation process.",
            "partnership": SCB,
            "response_due": _WSCB_DUE,
            "response": ACCEPTED,
            "response_date": _WSCB_RESPONSE,
            "response_text": "Accepted: every funded project to report and be evaluated.",
            "implementation": IMPLEMENTED,
        },
        {
            # No response past its due date.
            "reference": "6.13",
            "text": "Consider reconstituting the County Policy and Commissioning Group to "
            "manage performance and communication across the partnerships, or closing it "
            "and placing the responsibility with the Board.",
            "partnership": SCB,
            "response_due": _WSCB_DUE,
        },
        {
            # No response past its due date.
            "reference": "6.15",
            "text": "Embed problem solving across the partnerships, especially at local "
            "delivery level, with the analysts assisting.",
            "partnership": SOUTH_WORCS,
            "response_due": _WSCB_DUE,
        },
        {
            "reference": "6.16",
            "text": "Review the structure of the partnership as a whole, to be leaner and "
            "sharper and to address cross-cutting themes across the strategic priorities.",
            "partnership": SCB,
            "response_due": _WSCB_DUE,
            "response": ACCEPTED,
            "response_date": _WSCB_RESPONSE,
            "response_text": "Led to the merger of Bromsgrove, Redditch and Wyre Forest into "
            "the North Worcestershire partnership.",
            "implementation": IMPLEMENTED,
        },
    ],
}


# Swindon: review of the Community Safety Partnership, 18 December 2020 -------------------

SWINDON_2020 = {
    "title": "Review of the Community Safety Partnership in Swindon",
    "committee": "Swindon Community Safety Partnership Board and Swindon Safeguarding "
    "Partnership Executive",
    "kind": Review.Kind.JOINT_REVIEW,
    "partnerships": [SWINDON, SSP],
    "started": D(2020, 5, 1),  # "A review commenced in May 2020"
    "reported": D(2020, 12, 18),
    "status": Review.Status.MONITORING,
    "purpose": "To establish the effectiveness of Swindon's Community Safety functions, how "
    "collaborative working between the responsible authorities, the OPCC, Public Health and "
    "the Safeguarding Partnership could be strengthened, and which community safety work "
    "would benefit from integration or alignment with the Safeguarding Partnership.",
    "terms_of_reference": "Establish how effectively Swindon Community Safety functions at "
    "Strategic Board level and at the Council's operational level in delivering statutory "
    "functions: governance, strategies, priorities, infrastructure (including sub-groups), "
    "resources and performance. Identify how collaborative working could be strengthened. "
    "Establish which community safety work would benefit from streamlining and closer "
    "integration or alignment with the Safeguarding Partnership. Produce a report with "
    "recommendations.",
    "background": "Preliminary research and benchmarking suggested community safety in "
    "Swindon was under-resourced compared to its CIPFA family group, and it was unclear "
    "whether statutory functions were effectively delivered; the scope was broadened.",
    "members": [
        ("Cllr Naomi Testfield", ReviewMember.Role.CHAIR, "Swindon Borough Council", None),
        (
            "Cllr Sam Scrutineer",
            ReviewMember.Role.MEMBER,
            "Swindon Borough Council",
            DEMO_SCRUTINY_USER,
        ),
        ("Cllr Owen Draftley", ReviewMember.Role.MEMBER, "Swindon Borough Council", None),
        (
            "Olivia Mockley",
            ReviewMember.Role.OFFICER,
            "Strategy and Development Manager, Swindon Borough Council; report author",
            None,
        ),
    ],
    "questions": [
        (
            "efficiency",
            "How are the priorities of the CSP established?",
            "How are the priorities of the CSP established?",
        ),
        (
            "efficiency",
            "What role does each of the responsible authorities play in the CSP's work?",
            "What role does each of the responsible authorities play in the CSP's work?",
        ),
        (
            "effectiveness",
            "Does the CSP have strong leadership?",
            "Does the CSP have strong leadership?",
        ),
        (
            "effectiveness",
            "Does the CSP have the best possible partnership working "
            "arrangements in place, with the Safeguarding Partnership in particular?",
            "Does the CSP have the best possible partnership working arrangements in place?",
        ),
        (
            "accountability",
            "Does the CSP provide evidence of its successes? Is this evidence robust?",
            "Does the CSP provide evidence of its successes? Is this evidence robust?",
        ),
    ],
    "evidence": [
        (
            EvidenceSession.Kind.DOCUMENT,
            D(2020, 6, 1),
            "Documents and benchmarking",
            "Strategic needs assessments, strategies, priorities and business plans; "
            "community safety spend compared with Swindon's CIPFA nearest neighbours.",
            [],
        ),
        (
            EvidenceSession.Kind.INTERVIEW,
            D(2020, 6, 22),
            "Interviews with key stakeholders",
            "Stakeholders reported that the CSP Board lacked strategic direction; 16 boards "
            "and sub-groups, many without Terms of Reference, clear membership or SMART work "
            "programmes; meetings cancelled, minutes late and action trackers not managed.",
            [
                ("Priya Testwood", ""),
                ("Helen Sampleford", ""),
                ("Marcus Demoby", ""),
                ("Lena Pretendale", ""),
                ("Fiona Testbury", ""),
                ("Bernard Mockingham", ""),
            ],
        ),
        (
            EvidenceSession.Kind.MEETING_OBSERVED,
            D(2020, 7, 16),
            "CSP Board: partners' analysis of need",
            "Partner agencies presented their analysis of need and organisational priorities; "
            "a task and finish group was set up to identify the priorities for 2020-23.",
            [("Yvette Protoson", "")],
        ),
        (
            EvidenceSession.Kind.WORKSHOP,
            D(2020, 10, 6),
            "Outcomes framework workshops",
            "Two workshops with strategic partners and analysts, commissioned by the OPCC, "
            "towards a performance outcomes framework for the 2020-23 priorities.",
            [],
        ),
        (
            EvidenceSession.Kind.DOCUMENT,
            D(2020, 11, 2),
            "Models in other areas",
            "Joint arrangements linking safeguarding, community safety and health and "
            "wellbeing boards; place-based approaches.",
            [],
        ),
    ],
    "findings": [
        (
            "efficiency",
            "Growing demand, especially in complex areas such as exploitation, "
            "alongside diminishing budgets.",
        ),
        (
            "accountability",
            "The structure and governance of community safety needed "
            "strengthening to give assurance that the Partnership works effectively.",
        ),
        (
            "effectiveness",
            "There was no collective ownership of a set of strategic priorities for the CSP Board.",
        ),
        (
            "accountability",
            "Little evidence of published strategies and SMART plans; the "
            "Board lacked a clear line of sight to scrutinise progress and impact.",
        ),
        (
            "effectiveness",
            "Evidence was lacking that Partnership meetings were effective and impactful.",
        ),
        (
            "efficiency",
            "Opportunities to align or integrate the Safeguarding Partnership and "
            "the CSP, to reduce duplication and improve outcomes.",
        ),
    ],
    "recommendations": [
        {
            "reference": "1",
            "text": "Note the progress in place to strengthen the governance and assurance "
            "arrangements for the Community Safety Partnership and for partner agencies to "
            "continue to support this work going forward.",
            "partnership": SWINDON,
            "response_due": D(2021, 1, 22),
            "response": ACCEPTED,
            "response_date": D(2021, 1, 21),
            "response_text": "Noted by the CSP Board; partners committed to support the work.",
            "implementation": IMPLEMENTED,
        },
        {
            "reference": "2",
            "text": "Develop proposals for integrating some of the functions of Swindon "
            "Borough Council's Community Safety Team with Swindon Safeguarding Partnership "
            "Business Support Unit to drive efficiencies.",
            "organisation": "Swindon Borough Council",
            "response_due": D(2021, 1, 22),
            "response": ACCEPTED,
            "response_date": D(2021, 1, 22),
            "response_text": "Accepted. Back-office functions to be integrated in stages, "
            "starting with the website and shared systems.",
            "implementation": IN_PROGRESS,
            "follow_up_due": D(2027, 1, 29),
        },
        {
            "reference": "3",
            "text": "Consider the proposed option presented in the report (page 8) for "
            "merging community safety partnership groups and Swindon safeguarding groups to "
            "strengthen synergies and reduce potential duplication.",
            "partnership": SWINDON,
            "office": "Swindon Safeguarding Partnership Executive",
            "response_due": D(2021, 1, 22),
            "response": PARTLY,
            "response_date": D(2021, 1, 22),
            "response_text": "Strategic groups will align with the Safeguarding Partnership's "
            "sub-groups; the Road Safety Group stays standalone and the operational panels "
            "keep their operational focus.",
            "implementation": IN_PROGRESS,
            "follow_up_due": D(2026, 12, 11),
        },
        {
            # The follow-up overdue: due 30 September 2026, still in progress.
            "reference": "4",
            "text": "Review Terms of Reference and membership of all Community Safety and "
            "Safeguarding Partnership meetings to ensure the right people at the right level "
            "are attending meetings, and that attendees are empowered to make decisions on "
            "behalf of their organisations.",
            "partnership": SWINDON,
            "response_due": D(2021, 1, 22),
            "response": ACCEPTED,
            "response_date": D(2021, 1, 20),
            "response_text": "Accepted. Each group to review its Terms of Reference and "
            "membership, reporting to the CSP Board.",
            "implementation": IN_PROGRESS,
            "follow_up_due": D(2026, 9, 30),
            "action": {
                "partnership": SWINDON,
                "group": "Community Safety Partnership Board",
                "owner": "Marcus Demoby",
                "due": D(2026, 10, 30),
                "created_on": D(2026, 4, 14),
                "description": "Recommendation 4 of the 2020 review: bring the reviewed Terms "
                "of Reference and membership of the groups still without them to the Board.",
            },
        },
    ],
}
