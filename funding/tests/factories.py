import datetime

import factory

from funding.models import (
    Allocation,
    AllocationFormula,
    Budget,
    FormulaArea,
    FormulaIndicator,
    FundingStream,
    Grant,
    MonitoringReturn,
    PortfolioArea,
)
from partnerships.tests.factories import OrganisationFactory, PartnershipFactory


class FundingStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingStream

    name = factory.Sequence(lambda n: f"Funding stream {n}")
    funder = factory.SubFactory(OrganisationFactory)
    kind = FundingStream.Kind.COMMUNITY_SAFETY_FUND


class PortfolioAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioArea

    funder = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Portfolio {n}")


class BudgetFactory(factory.django.DjangoModelFactory):
    """£100,000 for 2024/25, confirmed."""

    class Meta:
        model = Budget

    stream = factory.SubFactory(FundingStreamFactory)
    holder = factory.SubFactory(PartnershipFactory)
    year = 2024
    amount = 100_000_00
    status = Budget.Status.CONFIRMED


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    budget = factory.SubFactory(BudgetFactory)
    recipient_name = factory.Sequence(lambda n: f"Service {n}")
    amount = 10_000_00


class AllocationFormulaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllocationFormula

    holder = factory.SubFactory(PartnershipFactory)
    year = 2024
    version = 1
    name = factory.Sequence(lambda n: f"Needs formula {n}")


class FormulaIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormulaIndicator

    formula = factory.SubFactory(AllocationFormulaFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    weight = 1
    position = factory.Sequence(lambda n: n + 1)


class FormulaAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormulaArea

    formula = factory.SubFactory(AllocationFormulaFactory)
    recipient_name = factory.Sequence(lambda n: f"Area {n}")
    position = factory.Sequence(lambda n: n + 1)


class GrantFactory(factory.django.DjangoModelFactory):
    """An active grant for 2024/25 with quarterly returns, not drawn on a budget."""

    class Meta:
        model = Grant
        skip_postgeneration_save = True

    identifier = factory.Sequence(lambda n: f"360G-test-{n:04d}")
    title = factory.Sequence(lambda n: f"Project {n}")
    description = "A project funded by the partnership."
    partnership = factory.SubFactory(PartnershipFactory)
    funder = factory.SubFactory(OrganisationFactory)
    provider = factory.SubFactory(OrganisationFactory)
    amount = 5_000_00
    status = Grant.Status.ACTIVE
    award_date = datetime.date(2024, 4, 1)
    planned_start = datetime.date(2024, 4, 1)
    planned_end = datetime.date(2025, 3, 31)
    returns_every = Grant.ReturnsEvery.QUARTERLY
    return_days = 30


class MonitoringReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringReturn

    grant = factory.SubFactory(GrantFactory)
    period_end = datetime.date(2024, 6, 30)
    received = datetime.date(2024, 7, 15)
    outputs = "Sessions delivered as planned."
    rag = "green"
