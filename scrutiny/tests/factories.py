import datetime

import factory

from partnerships.tests.factories import PartnershipFactory
from scrutiny.models import (
    EvidenceSession,
    Finding,
    Recommendation,
    Review,
    ReviewMember,
    ReviewQuestion,
    Theme,
    Witness,
)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A task group review started on 1 March 2026, with one partnership in scope
    (pass partnerships=[...] for others)."""

    class Meta:
        model = Review
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Review {n}")
    committee = "Overview and Scrutiny Management Committee"
    kind = Review.Kind.TASK_GROUP
    started = datetime.date(2026, 3, 1)
    status = Review.Status.EVIDENCE

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):
        if not create:
            return
        self.partnerships.set(extracted if extracted is not None else [PartnershipFactory()])


class ReviewMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMember

    review = factory.SubFactory(ReviewFactory)
    name = factory.Sequence(lambda n: f"Cllr Member {n}")
    role = ReviewMember.Role.MEMBER


class ReviewQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewQuestion

    review = factory.SubFactory(ReviewFactory)
    theme = Theme.EFFECTIVENESS
    text = factory.Sequence(lambda n: f"Question {n}?")


class EvidenceSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceSession

    review = factory.SubFactory(ReviewFactory)
    kind = EvidenceSession.Kind.INTERVIEW
    date = datetime.date(2026, 4, 1)
    title = factory.Sequence(lambda n: f"Evidence session {n}")


class WitnessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Witness

    session = factory.SubFactory(EvidenceSessionFactory)
    name = factory.Sequence(lambda n: f"Witness {n}")
    role = "Community Safety Manager"


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    review = factory.SubFactory(ReviewFactory)
    theme = Theme.ACCOUNTABILITY
    text = factory.Sequence(lambda n: f"Key issue {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    """Addressed to the first partnership in the review's scope; awaiting a response."""

    class Meta:
        model = Recommendation

    review = factory.SubFactory(ReviewFactory)
    reference = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"Recommendation {n}")
    addressed_to_partnership = factory.LazyAttribute(lambda o: o.review.partnerships.first())
    response_due = datetime.date(2026, 6, 1)
