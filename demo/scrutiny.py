"""Demo scrutiny reviews from data/scrutiny/, one file per report: Wiltshire's
Partnerships Task Group (March 2011), the Worcestershire peer review of
partnership governance (2015) and the Swindon review of its Community Safety
Partnership (December 2020).

What the dashboard has to show (today is late 2026):
- a follow-up overdue: Swindon recommendation 4, follow-up due 30 September 2026,
  still in progress (and its action in the CSP Board's tracker, due October 2026);
- no response past its due date: Wiltshire recommendation e (the six-month update
  that never came, due June 2011) and Worcestershire areas for development 6.13 and
  6.15 (due January 2016).

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

REVIEWS = ["scrutiny/wiltshire-2011", "scrutiny/worcs-2015", "scrutiny/swindon-2020"]


def load_scrutiny():
    partnerships = {p.name: p for p in Partnership.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    people = {p.name: p for p in Person.objects.select_related("organisation")}
    for name in REVIEWS:
        _review(facts.read(name), partnerships, organisations, people)


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
    for member in spec["members"]:
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
    for position, question in enumerate(spec["questions"], start=1):
        ReviewQuestion.objects.create(
            review=review,
            source=bank.get(question["bank"]) if "bank" in question else None,
            theme=question["theme"],
            text=question["text"],
            position=position,
        )
    for evidence in spec["evidence"]:
        session = EvidenceSession.objects.create(
            review=review,
            kind=evidence["kind"],
            date=evidence["date"],
            title=evidence["title"],
            notes=evidence["notes"],
        )
        for witness in evidence.get("witnesses", []):
            person = people.get(witness["name"])
            Witness.objects.create(
                session=session,
                name=witness["name"],
                role=witness.get("role") or (person.job_title if person else ""),
                organisation=person.organisation if person else None,
            )
    for position, finding in enumerate(spec["findings"], start=1):
        Finding.objects.create(
            review=review, theme=finding["theme"], text=finding["text"], position=position
        )
    for rec in spec["recommendations"]:
        recommendation = Recommendation.objects.create(
            review=review,
            reference=rec["reference"],
            text=rec["text"],
            addressed_to_partnership=partnerships.get(rec.get("partnership")),
            addressed_to_organisation=organisations.get(rec.get("organisation")),
            addressed_to_office=rec.get("office", ""),
            response_due=rec.get("response_due"),
            response=rec.get("response", Recommendation.Response.PENDING),
            response_date=rec.get("response_date"),
            response_text=rec.get("response_text", ""),
            implementation=rec.get("implementation", Recommendation.Implementation.NOT_STARTED),
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
