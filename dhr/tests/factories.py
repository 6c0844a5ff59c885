import datetime

import factory
from django.utils import timezone

from dhr.models import Review
from partnerships.tests.factories import PartnershipFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review notified 10 days ago, not yet decided: nothing late."""

    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    case_reference = factory.Sequence(lambda n: f"DHR 2026/{n:02d}")
    notified_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))


def decided(review, *, on, decision=Review.Decision.REVIEW, reason=""):
    """The review decided on the day."""
    review.decision, review.decided_on, review.decision_reason = decision, on, reason
    review.save()
    return review
