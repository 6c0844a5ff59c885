import datetime

import factory
from django.utils import timezone

from partnerships.tests.factories import PartnershipFactory
from strategy.models import Indicator, Milestone, Plan, Priority, PriorityUpdate, Risk


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan running from 200 days ago to 500 days from now."""

    class Meta:
        model = Plan

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Partnership plan {n}")
    starts = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=200))
    ends = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=500))


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    priority = factory.SubFactory(PriorityFactory)
    what = factory.Sequence(lambda n: f"Milestone {n}")
    due = factory.LazyFunction(timezone.localdate)


class PriorityUpdateFactory(factory.django.DjangoModelFactory):
    """An amber update for the quarter ending today."""

    class Meta:
        model = PriorityUpdate

    priority = factory.SubFactory(PriorityFactory)
    period_end = factory.LazyFunction(timezone.localdate)
    rag = PriorityUpdate.Rag.AMBER


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "crimes"


class RiskFactory(factory.django.DjangoModelFactory):
    """A risk of the whole partnership: 4 × 4 before its controls, 3 × 3 with them,
    due for review in a quarter."""

    class Meta:
        model = Risk

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    category = Risk.Category.DELIVERY
    cause = "Staff turnover in the commissioned service."
    effect = "The plan's milestones slip."
    inherent_likelihood = 4
    inherent_impact = 4
    residual_likelihood = 3
    residual_impact = 3
    review_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=91))
