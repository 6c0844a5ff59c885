"""Each partnership's scrutiny: reviews with members, findings and recommendations
in every state of response and follow-up."""

import datetime

from bench.generate.dates import TODAY
from partnerships.models import (
    Organisation,
    Partnership,
)
from scrutiny.models import Finding, Recommendation, Review, ReviewMember, Theme

REVIEW_TOPICS = [
    "Tackling anti-social behaviour",
    "The partnership's response to domestic abuse",
    "Serious violence and the Serious Violence Duty",
    "Community confidence and engagement",
    "Reducing reoffending",
    "Use of the Community Safety Fund",
]
THEMES = [t for t, _ in Theme.choices]
RESPONSES = [
    (Recommendation.Response.PENDING, 20),
    (Recommendation.Response.ACCEPTED, 55),
    (Recommendation.Response.PARTLY, 15),
    (Recommendation.Response.REJECTED, 10),
]
IMPLEMENTATIONS = [
    (Recommendation.Implementation.NOT_STARTED, 20),
    (Recommendation.Implementation.IN_PROGRESS, 35),
    (Recommendation.Implementation.IMPLEMENTED, 35),
    (Recommendation.Implementation.NOT_IMPLEMENTED, 10),
]
RECOMMENDATIONS_A_REVIEW = 6


def _weighted(rng, choices):
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def build_scrutiny(n, rng):
    """County n's scrutiny: 2 reviews of each partnership and one of all five,
    reported between 4 months and 3 years ago, each with 5 members, 5 findings
    and 6 recommendations: a fifth awaiting a response (most past its date), the
    rest accepted, partly accepted or rejected, and follow-ups spread from a
    year and a half ago to a year ahead, so some are overdue and some come due
    in the next 60 days."""
    partnerships = list(Partnership.objects.filter(name__startswith=f"County {n} ").order_by("pk"))
    orgs = list(Organisation.objects.filter(name__startswith=f"County {n} ").order_by("pk"))
    scopes = [[p] for p in partnerships for _ in range(2)] + [partnerships]
    reviews = []
    for i, scope in enumerate(scopes, start=1):
        started = TODAY - datetime.timedelta(days=rng.randrange(250, 1200))
        reported = started + datetime.timedelta(days=rng.randrange(60, 150))
        topic = rng.choice(REVIEW_TOPICS)
        reviews.append(
            Review(
                title=f"County {n} review {i}: {topic}",
                committee=f"County {n} Council Overview and Scrutiny Committee",
                kind=Review.Kind.TASK_GROUP if len(scope) == 1 else Review.Kind.JOINT_REVIEW,
                purpose=f"To review {topic.lower()}.",
                terms_of_reference="Synthetic terms of reference for the benchmark.",
                started=started,
                reported=reported,
                status=Review.Status.MONITORING if rng.random() < 0.7 else Review.Status.CLOSED,
            )
        )
    Review.objects.bulk_create(reviews)
    Review.partnerships.through.objects.bulk_create(
        Review.partnerships.through(review_id=review.pk, partnership_id=p.pk)
        for review, scope in zip(reviews, scopes, strict=True)
        for p in scope
    )
    members, findings, recommendations = [], [], []
    for review, scope in zip(reviews, scopes, strict=True):
        members += [
            ReviewMember(review=review, name=f"Cllr Chair {review.pk}", role="chair"),
            *(
                ReviewMember(review=review, name=f"Cllr Member {review.pk}.{i}", role="member")
                for i in range(1, 4)
            ),
            ReviewMember(review=review, name=f"Officer {review.pk}", role="officer"),
        ]
        findings += [
            Finding(
                review=review,
                theme=THEMES[i % len(THEMES)],
                text=f"Key issue {i} of the review.",
                position=i,
            )
            for i in range(1, 6)
        ]
        for i in range(1, RECOMMENDATIONS_A_REVIEW + 1):
            rec = Recommendation(
                review=review,
                reference=str(i),
                text=f"Recommendation {i}: the partnership should do better.",
            )
            addressee = rng.random()
            if addressee < 0.8:
                rec.addressed_to_partnership = scope[(i - 1) % len(scope)]
            elif addressee < 0.9:
                rec.addressed_to_organisation = rng.choice(orgs)
            else:
                rec.addressed_to_office = "Cabinet Member for Community Safety"
            if rng.random() < 0.85:
                rec.response_due = review.reported + datetime.timedelta(days=60)
            rec.response = _weighted(rng, RESPONSES)
            if rec.response != Recommendation.Response.PENDING:
                rec.response_date = min(
                    TODAY, review.reported + datetime.timedelta(days=rng.randrange(20, 90))
                )
                rec.response_text = "The partnership's response, as minuted."
            if rec.response in (Recommendation.Response.ACCEPTED, Recommendation.Response.PARTLY):
                rec.implementation = _weighted(rng, IMPLEMENTATIONS)
            if rec.response != Recommendation.Response.REJECTED and rng.random() < 0.9:
                rec.follow_up_due = TODAY + datetime.timedelta(days=rng.randrange(-540, 365))
            if rng.random() < 0.03:
                rec.withdrawn_at = datetime.datetime(
                    review.reported.year, review.reported.month, 1, tzinfo=datetime.UTC
                ) + datetime.timedelta(days=40)
            recommendations.append(rec)
    ReviewMember.objects.bulk_create(members)
    Finding.objects.bulk_create(findings)
    Recommendation.objects.bulk_create(recommendations)
