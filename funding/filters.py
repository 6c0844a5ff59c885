import django_filters
from django.db.models import Exists, OuterRef

from config.filters import SearchFilterSet
from config.periods import parse_year
from funding.models import Budget, Grant, PortfolioArea
from partnerships.models import Partnership


class FinancialYearFilter(django_filters.CharFilter):
    """'2011/12' in the query string; a value that is not a year matches nothing."""

    def filter(self, qs, value):
        if not value:
            return qs
        try:
            start = parse_year(value)
        except ValueError:
            return qs.none()
        return self.apply(qs, start)

    def apply(self, qs, start):
        return qs.filter(**{self.field_name: start})


class GrantYearFilter(FinancialYearFilter):
    def apply(self, qs, start):
        return qs.in_year(start)


class BudgetFilter(django_filters.FilterSet):
    holder = django_filters.ModelChoiceFilter(
        label="Partnership",
        queryset=Partnership.objects.filter(
            Exists(Budget.objects.filter(holder=OuterRef("pk")))
        ).order_by("name"),
        empty_label="Any partnership",
    )
    year = FinancialYearFilter(label="Financial year (e.g. 2011/12)", field_name="year")

    class Meta:
        model = Budget
        fields = ["holder", "year"]


class GrantFilter(SearchFilterSet):
    search_fields = ("title", "identifier", "provider__name")
    partnership = django_filters.ModelChoiceFilter(
        queryset=Partnership.objects.filter(
            Exists(Grant.objects.filter(partnership=OuterRef("pk")))
        ).order_by("name"),
        empty_label="Any partnership",
    )
    status = django_filters.ChoiceFilter(choices=Grant.Status.choices, empty_label="Any status")
    portfolio = django_filters.ModelChoiceFilter(
        queryset=PortfolioArea.objects.order_by("name"), empty_label="Any portfolio"
    )
    year = GrantYearFilter(label="Financial year (e.g. 2020/21)")

    class Meta:
        model = Grant
        fields = ["q", "partnership", "status", "portfolio", "year"]

    @property
    def qs(self):
        return super().qs.order_by("-award_date", "title", "id")
