"""The agreements register's filters."""

import django_filters
from django.utils import timezone

from agreements.models import Agreement, Status
from config.filters import SearchFilterSet


class AgreementFilter(SearchFilterSet):
    search_fields = ("title", "purpose", "parties__organisation__name")
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Agreement.Kind.choices, empty_label="Any kind"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Any status", method="filter_status"
    )

    class Meta:
        model = Agreement
        fields = ["q", "kind", "status"]

    def search(self, queryset, name, value):
        return super().search(queryset, name, value).distinct()

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value, timezone.localdate())
