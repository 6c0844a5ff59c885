"""The domestic homicide review register's filters."""

import django_filters
from django.utils import timezone

from config.filters import YES_NO, SearchFilterSet
from dhr.models import Review

OPEN, CLOSED = "open", "closed"


class ReviewFilter(SearchFilterSet):
    search_fields = ("case_reference", "independent_chair")
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(OPEN, "Open"), (CLOSED, "Closed")],
        empty_label="Open or closed",
        method="filter_status",
    )
    decision = django_filters.ChoiceFilter(
        label="Decision", choices=Review.Decision.choices, empty_label="Any decision"
    )
    late = django_filters.ChoiceFilter(
        label="A stage late", choices=YES_NO, empty_label="Either", method="filter_late"
    )

    class Meta:
        model = Review
        fields = ["q", "status", "decision", "late"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", OPEN)  # the register opens on the reviews still open
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        return queryset.filter(closed_on__isnull=value == OPEN)

    def filter_late(self, queryset, name, value):
        """A stage past its time limit (the time limits count in months, so they are
        worked out review by review: a partnership has a handful a year)."""
        today = timezone.localdate()
        reviews = queryset.prefetch_related(None)
        late = [r.pk for r in reviews if r.late_stages(today)]
        return queryset.filter(pk__in=late) if value == "yes" else queryset.exclude(pk__in=late)
