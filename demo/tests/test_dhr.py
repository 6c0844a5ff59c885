"""The demo's domestic homicide review: loaded twice, the same rows; illustrative;
within its time limits (no health finding); its recommendations tracked as
confidential actions of the DA & VAWG Board."""

import pytest

from demo.dhr import load_dhr
from demo.register import load_register
from dhr.models import Recommendation, Review
from ops.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    load_register()
    load_dhr()


def test_it_loads_the_same_rows_when_run_twice(loaded):
    load_dhr()
    assert (Review.objects.count(), Recommendation.objects.count()) == (1, 2)


def test_the_review_is_illustrative_and_names_no_one(loaded):
    review = Review.objects.get()
    assert review.partnership.name == "Swindon Community Safety Partnership"
    assert "illustrative" in review.case_reference
    assert Source.objects.of(review).get().illustrative
    for recommendation in review.recommendations.all():
        assert Source.objects.of(recommendation).get().illustrative
    assert [o.name for o in review.panel.order_by("name")] == [
        "BSW Clinical Commissioning Group",
        "Swindon Borough Council",
        "Swindon Women's Aid",
        "Wiltshire Police",
    ]


def test_it_is_within_its_time_limits_and_its_actions_are_confidential(loaded):
    review = Review.objects.get()
    assert review.late_stages() == []
    actions = [r.action for r in review.recommendations.order_by("number")]
    assert all(a.confidential and a.group.name == "DA & VAWG Board" for a in actions)
    assert [a.is_open for a in actions] == [False, True]
    assert not any(r.is_overdue() for r in review.recommendations.all())
