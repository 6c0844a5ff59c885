"""What every app's list filters share: a free-text search over the fields a filter
names, and the yes-or-no choices."""

import django_filters
from django.db.models import Q

YES_NO = [("yes", "Yes"), ("no", "No")]


class SearchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    search_fields = ()

    def search(self, queryset, name, value):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)
