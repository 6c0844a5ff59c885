import django_filters
from django.db.models import Q
from django.utils import timezone

from config.filters import YES_NO, SearchFilterSet
from partnerships.models import Group, Organisation, Partnership, Person, Seniority


class OrganisationFilter(SearchFilterSet):
    search_fields = ("name", "identifier")
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, empty_label="Any kind")
    statutory_responsible_authority = django_filters.ChoiceFilter(
        label="Statutory responsible authority",
        choices=YES_NO,
        empty_label="Either",
        method="yes_no",
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "statutory_responsible_authority"]

    def yes_no(self, queryset, name, value):
        return queryset.filter(**{name: value == "yes"})


class PartnershipFilter(SearchFilterSet):
    search_fields = ("name", "area")
    kind = django_filters.ChoiceFilter(choices=Partnership.Kind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(
        choices=Partnership.Status.choices, empty_label="Any status"
    )

    class Meta:
        model = Partnership
        fields = ["q", "kind", "status"]


class GroupFilter(SearchFilterSet):
    search_fields = ("name", "purpose")
    kind = django_filters.ChoiceFilter(choices=Group.Kind.choices, empty_label="Any kind")
    partnership = django_filters.ModelChoiceFilter(
        queryset=Partnership.objects.all(), empty_label="Any partnership"
    )
    has_tor = django_filters.ChoiceFilter(
        label="Has Terms of Reference",
        choices=YES_NO,
        empty_label="Either",
        method="filter_has_tor",
    )
    tor_overdue = django_filters.ChoiceFilter(
        label="Terms of Reference review overdue",
        choices=YES_NO,
        empty_label="Either",
        method="filter_tor_overdue",
    )

    class Meta:
        model = Group
        fields = ["q", "kind", "partnership", "has_tor", "tor_overdue"]

    def filter_has_tor(self, queryset, name, value):
        return queryset.filter(tor_approved__isnull=(value == "no"))

    def filter_tor_overdue(self, queryset, name, value):
        overdue = Q(tor_approved__isnull=False, tor_review_due__lt=timezone.localdate())
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)


class PersonFilter(SearchFilterSet):
    """Searching by email address only for those who may see the addresses: a
    search must not tell anyone else whose address it is."""

    search_fields = ("name", "email", "job_title")
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), empty_label="Any organisation"
    )
    seniority = django_filters.ChoiceFilter(choices=Seniority.choices, empty_label="Any seniority")

    class Meta:
        model = Person
        fields = ["q", "organisation", "seniority"]

    def __init__(self, *args, search_email=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not search_email:
            self.search_fields = ("name", "job_title")
