import datetime

import factory

from agreements.models import Agreement, Party
from partnerships.tests.factories import OrganisationFactory, PartnershipFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    kind = Agreement.Kind.INFORMATION_SHARING
    title = factory.Sequence(lambda n: f"Information sharing agreement {n}")
    purpose = "Sharing case information between the panel's members."
    lawful_basis = Agreement.LawfulBasis.PUBLIC_TASK
    starts = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=90))
    review_due = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=275))


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    signatory_name = "Sam Signer"
    signatory_job_title = "Chief Executive"
    signed_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=60))
