"""The risk register's filters."""

import django_filters
from django.utils import timezone

from config.filters import YES_NO, SearchFilterSet
from partnerships.models import Group, Person
from strategy.models import BANDS, Risk, band_range

OPEN, CLOSED = "open", "closed"


class RiskFilter(SearchFilterSet):
    search_fields = ("title", "cause", "effect", "controls")
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(OPEN, "Open"), (CLOSED, "Closed")],
        empty_label="Open or closed",
        method="filter_status",
    )
    band = django_filters.ChoiceFilter(
        label="Residual score",
        choices=[
            (key, f"{label} ({'–'.join(map(str, band_range(key)))})") for _, key, label in BANDS
        ],
        empty_label="Any score",
        method="filter_band",
    )
    category = django_filters.ChoiceFilter(
        label="Category", choices=Risk.Category.choices, empty_label="Any category"
    )
    group = django_filters.ModelChoiceFilter(
        label="Group", queryset=Group.objects.none(), empty_label="Any group or none"
    )
    owner = django_filters.ModelChoiceFilter(
        label="Owner", queryset=Person.objects.none(), empty_label="Any owner"
    )
    review_overdue = django_filters.ChoiceFilter(
        label="Review overdue", choices=YES_NO, empty_label="Either", method="filter_overdue"
    )

    class Meta:
        model = Risk
        fields = ["q", "status", "band", "category", "group", "owner", "review_overdue"]

    def __init__(self, data=None, *args, partnership, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", OPEN)  # the register opens on the risks still held
        super().__init__(data, *args, **kwargs)
        risks = Risk.objects.filter(partnership=partnership)
        groups = Group.objects.filter(pk__in=risks.values("group_id")).order_by("name")
        owners = Person.objects.filter(pk__in=risks.values("owner_id")).order_by("name")
        for name, queryset in (("group", groups), ("owner", owners)):
            self.filters[name].queryset = queryset
            self.form.fields[name].queryset = queryset

    def filter_status(self, queryset, name, value):
        return queryset.filter(closed_on__isnull=value == OPEN)

    def filter_band(self, queryset, name, value):
        lowest, highest = band_range(value)
        return queryset.filter(residual_score__gte=lowest, residual_score__lte=highest)

    def filter_overdue(self, queryset, name, value):
        overdue = {"closed_on__isnull": True, "review_due__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value == "yes" else queryset.exclude(**overdue)
