"""Filters of the API's lists. The register's filters are the pages' own; the rest
follow their names (partnership, group, status, yes/no choices).

A value that cannot be understood is refused with 400 and a message naming the
parameter: an unknown partnership, a date that is not YYYY-MM-DD, a range that
ends before it starts, a financial year not written 2024/25.
"""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from api.access import sees_contact_details
from config.filters import YES_NO
from config.periods import parse_year
from funding.filters import GrantFilter as GrantPageFilter
from funding.models import Allocation, AllocationFormula, Budget, FundingStream, Grant
from meetings.models import Action, Meeting
from partnerships import filters as register
from partnerships.models import Group, Membership, Organisation, Partnership, Person
from scrutiny.health import CHECKS
from scrutiny.models import HealthCheck, Recommendation, Review
from strategy.models import Indicator, Plan, Priority

OrganisationFilter = register.OrganisationFilter
PartnershipFilter = register.PartnershipFilter
GroupFilter = register.GroupFilter


def _by_id(model, default_label, **kwargs):
    """A record of `model`, by its id: one that does not exist is refused."""
    kwargs.setdefault("label", default_label)
    return django_filters.ModelChoiceFilter(queryset=model.objects.all(), **kwargs)


def _partnership(**kwargs):
    return _by_id(Partnership, "A partnership, by its id", **kwargs)


def _group(**kwargs):
    return _by_id(Group, "A group, by its id", **kwargs)


def _yes_no(field_name, label, *, yes_is_null=False):
    """A yes/no choice; `yes_is_null` when yes means the field is empty."""

    def method(queryset, name, value):
        empty = (value == "yes") if yes_is_null else (value == "no")
        return queryset.filter(**{f"{field_name}__isnull": empty})

    return django_filters.ChoiceFilter(label=label, choices=YES_NO, method=method)


class RangeForm(forms.Form):
    """Refuses a range whose end comes before its start. `ranges` pairs the names."""

    ranges = ()

    def clean(self):
        cleaned = super().clean()
        for start, end in self.ranges:
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, f"{end} must be on or after {start}.")
        return cleaned


class FinancialYearField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_year(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


@extend_schema_field({"type": "string", "pattern": "^[0-9]{4}/[0-9]{2}$", "example": "2024/25"})
class FinancialYearFilter(django_filters.Filter):
    """A financial year written 2024/25; the year it starts in is compared."""

    field_class = FinancialYearField


# The register ------------------------------------------------------------------------


class PersonFilter(register.PersonFilter):
    """The people page's filters; the search looks in email addresses only for readers
    who may see them."""

    def search(self, queryset, name, value):
        fields = ["name", "job_title"]
        if self.request is not None and sees_contact_details(self.request.user):
            fields.append("email")
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)


class MembershipFilter(django_filters.FilterSet):
    person = _by_id(Person, "A person, by their id")
    group = _group()
    partnership = _partnership(field_name="group__partnership")
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)
    current = _yes_no("end", "Current (not ended)", yes_is_null=True)

    class Meta:
        model = Membership
        fields = ["person", "group", "partnership", "role", "current"]


# Meetings ----------------------------------------------------------------------------


class MeetingForm(RangeForm):
    ranges = [("date_from", "date_to")]


class MeetingFilter(django_filters.FilterSet):
    partnership = _partnership(field_name="group__partnership")
    group = _group()
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)
    minutes_status = django_filters.ChoiceFilter(choices=Meeting.Minutes.choices)
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label="On or after (YYYY-MM-DD)"
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label="On or before (YYYY-MM-DD)"
    )

    class Meta:
        model = Meeting
        form = MeetingForm
        fields = ["partnership", "group", "status", "minutes_status", "date_from", "date_to"]


class ActionForm(RangeForm):
    ranges = [("due_after", "due_before")]


class ActionFilter(django_filters.FilterSet):
    partnership = _partnership(field_name="group__partnership")
    group = _group()
    meeting = _by_id(Meeting, "Raised at a meeting, by its id", field_name="item__meeting")
    owner = _by_id(Person, "Owned by a person, by their id")
    status = django_filters.ChoiceFilter(choices=Action.Status.choices)
    open = django_filters.ChoiceFilter(
        label="Open (open, in progress or paused)", choices=YES_NO, method="filter_open"
    )
    due_after = django_filters.DateFilter(
        field_name="due", lookup_expr="gte", label="Due on or after (YYYY-MM-DD)"
    )
    due_before = django_filters.DateFilter(
        field_name="due", lookup_expr="lte", label="Due on or before (YYYY-MM-DD)"
    )

    class Meta:
        model = Action
        form = ActionForm
        fields = ["partnership", "group", "meeting", "owner", "status", "open"]

    def filter_open(self, queryset, name, value):
        is_open = Q(status__in=Action.OPEN_STATUSES)
        return queryset.filter(is_open) if value == "yes" else queryset.exclude(is_open)


# Strategy ----------------------------------------------------------------------------


class PriorityFilter(django_filters.FilterSet):
    partnership = _partnership(field_name="plan__partnership")
    plan = _by_id(Plan, "A plan, by its id")

    class Meta:
        model = Priority
        fields = ["partnership", "plan"]


class IndicatorFilter(django_filters.FilterSet):
    partnership = _partnership()
    priority = _by_id(Priority, "Measuring a priority, by its id", field_name="priorities")

    class Meta:
        model = Indicator
        fields = ["partnership", "priority"]


# Money -------------------------------------------------------------------------------


class FundingStreamFilter(django_filters.FilterSet):
    funder = _by_id(Organisation, "The funding organisation, by its id")
    kind = django_filters.ChoiceFilter(choices=FundingStream.Kind.choices)

    class Meta:
        model = FundingStream
        fields = ["funder", "kind"]


class BudgetFilter(django_filters.FilterSet):
    holder = _partnership(label="The partnership that holds the budget")
    stream = _by_id(FundingStream, "A funding stream, by its id")
    year = FinancialYearFilter(label="Financial year, e.g. 2024/25")
    status = django_filters.ChoiceFilter(choices=Budget.Status.choices)

    class Meta:
        model = Budget
        fields = ["holder", "stream", "year", "status"]


class AllocationFilter(django_filters.FilterSet):
    budget = _by_id(Budget, "A budget, by its id")
    recipient_partnership = _partnership(label="The partnership receiving, by its id")
    holder = _partnership(field_name="budget__holder", label="The partnership allocating")
    year = FinancialYearFilter(field_name="budget__year", label="Financial year, e.g. 2024/25")
    formula = _by_id(AllocationFormula, "The formula that proposed it, by its id")
    withdrawn = _yes_no("withdrawn_at", "Withdrawn")

    class Meta:
        model = Allocation
        fields = ["budget", "recipient_partnership", "holder", "year", "formula", "withdrawn"]


class GrantYearFilter(FinancialYearFilter):
    def filter(self, qs, value):
        return qs if value is None else qs.in_year(value)


class GrantFilter(GrantPageFilter):
    """The grants page's filters, with any partnership and a strict financial year."""

    partnership = _partnership()
    year = GrantYearFilter(label="Financial year of the award (or planned start), e.g. 2024/25")

    class Meta(GrantPageFilter.Meta):
        model = Grant


# Scrutiny ----------------------------------------------------------------------------


class ReviewFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Review.Status.choices)
    partnership = _partnership(field_name="partnerships", label="A partnership in scope")

    class Meta:
        model = Review
        fields = ["status", "partnership"]


class RecommendationFilter(django_filters.FilterSet):
    review = _by_id(Review, "A review, by its id")
    partnership = extend_schema_field(OpenApiTypes.INT)(
        _partnership(
            method="filter_partnership", label="In scope of the review, or addressed to it"
        )
    )
    response = django_filters.ChoiceFilter(choices=Recommendation.Response.choices)
    implementation = django_filters.ChoiceFilter(choices=Recommendation.Implementation.choices)
    withdrawn = _yes_no("withdrawn_at", "Withdrawn")

    class Meta:
        model = Recommendation
        fields = ["review", "partnership", "response", "implementation", "withdrawn"]

    def filter_partnership(self, queryset, name, value):
        return queryset.for_partnership(value)


# Health findings (kept as rows; the query string is checked by a form) ------------------


class HealthFilterForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.active(),
        required=False,
        error_messages={"invalid_choice": "Choose an active partnership."},
    )
    severity = forms.ChoiceField(choices=HealthCheck.Severity.choices, required=False)
    check = forms.ChoiceField(choices=[(name, name) for name in CHECKS], required=False)

    def apply(self, findings):
        if severity := self.cleaned_data["severity"]:
            findings = findings.filter(severity=severity)
        if check := self.cleaned_data["check"]:
            findings = findings.filter(check_name=check)
        return findings
