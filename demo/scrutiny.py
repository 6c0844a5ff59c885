"""Demo scrutiny reviews from data/scrutiny/, one file per report: Wiltshire's
Partnerships Task Group (March 2011), the Worcestershire peer review of
partnership governance (2015), Swindon's officer review of its Community Safety
Partnership (December 2020) and the Worcestershire Safer Communities Board's
report on future partnership arrangements (September 2011); and one review
written for the demo, the scrutiny member's own, being scoped.

Every record made keeps its source (demo.facts.note): the report and section, or
`demo` where it was written for the demo. A recommendation's `response` is a part
of its own with its own source: the reports record no responses, so those here
are the demo's, and the recommendation's note says so. A follow-up date the report
sets is the recommendation's; one that comes with a demo response is the response's.

What the dashboard has to show (today is late 2026):
- a follow-up overdue: Swindon recommendation 4, follow-up due 30 September 2026,
  still in progress (and its action in the CSP Board's tracker, due October 2026);
- no response past its due date: Wiltshire recommendation e (the six-month update,
  due June 2011), Worcestershire areas for development 6.13 and
  6.15 (due January 2016), and the six recommendations of the 2011 report, whose
  responses no report records.

Get-or-create by review title: a second run changes nothing.
"""

from accounts.models import User
from demo import facts
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

REVIEWS = [
    "scrutiny/wiltshire-2011",
    "scrutiny/worcs-2015",
    "scrutiny/swindon-2020",
    "scrutiny/worcs-2011",
    "scrutiny/swindon-follow-up",
]


def load_scrutiny():
    partnerships = {p.name: p for p in Partnership.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    people = {p.name: p for p in Person.objects.select_related("organisation")}
    for name in REVIEWS:
        _review(facts.read(name), partnerships, organisations, people)


def _joined(*sources):
    """One source of several: "worcs-2015 §6.2" and "demo" make "worcs-2015 §6.2; demo"."""
    parts = []
    for source in sources:
        for part in (source or "").split(";"):
            if part.strip() and part.strip() not in parts:
                parts.append(part.strip())
    return "; ".join(parts)


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
        reported=spec.get("reported"),
        status=spec["status"],
    )
    facts.note(review, spec["source"])
    review.partnerships.set([partnerships[name] for name in spec["partnerships"]])
    for member in spec.get("members", []):
        ReviewMember.objects.create(
            review=review,
            name=member["name"],
            role=member["role"],
            affiliation=member["affiliation"],
            user=User.objects.filter(email=member["account"]).first()
            if "account" in member
            else None,
        )
    bank = {q.text: q for q in ScopingQuestion.objects.all()}
    for position, question in enumerate(spec.get("questions", []), start=1):
        ReviewQuestion.objects.create(
            review=review,
            source=bank.get(question["bank"]) if "bank" in question else None,
            theme=question["theme"],
            text=question["text"],
            position=position,
        )
    for evidence in spec.get("evidence", []):
        session = EvidenceSession.objects.create(
            review=review,
            kind=evidence["kind"],
            date=evidence["date"],
            title=evidence["title"],
            notes=evidence["notes"],
        )
        facts.note(session, evidence["source"])
        for witness in evidence.get("witnesses", []):
            person = people.get(witness["name"])
            Witness.objects.create(
                session=session,
                name=witness["name"],
                role=witness.get("role") or (person.job_title if person else ""),
                organisation=person.organisation if person else None,
            )
    for position, spec_finding in enumerate(spec.get("findings", []), start=1):
        finding = Finding.objects.create(
            review=review, theme=spec_finding["theme"], text=spec_finding["text"], position=position
        )
        facts.note(finding, spec_finding["source"])
    for rec in spec.get("recommendations", []):
        _recommendation(review, rec, partnerships, organisations, people)


def _recommendation(review, rec, partnerships, organisations, people):
    answer = rec.get("response", {})
    recommendation = Recommendation.objects.create(
        review=review,
        reference=rec["reference"],
        text=rec["text"],
        addressed_to_partnership=partnerships.get(rec.get("partnership")),
        addressed_to_organisation=organisations.get(rec.get("organisation")),
        addressed_to_office=rec.get("office", ""),
        response_due=rec.get("response_due"),
        response=answer.get("answer", Recommendation.Response.PENDING),
        response_date=answer.get("date"),
        response_text=answer.get("text", ""),
        implementation=answer.get("implementation", Recommendation.Implementation.NOT_STARTED),
        follow_up_due=answer.get("follow_up_due", rec.get("follow_up_due")),
    )
    facts.note(recommendation, _joined(rec["source"], answer.get("source")))
    if action := answer.get("action"):
        group = Group.objects.get(partnership__name=action["partnership"], name=action["group"])
        made = Action.objects.create(
            group=group,
            owner=people[action["owner"]],
            due=action["due"],
            description=action["description"],
            created_on=action["created_on"],
        )
        facts.note(made, action["source"])
        recommendation.actions.add(made)
