"""Filters of the API's lists. The register's filters are the pages' own, but for
records chosen by id; the rest follow their names (partnership, group, status,
yes/no choices).

Each filter takes exactly what the schema says of it. A value that cannot be
understood is refused with 400 and a message naming the parameter: an id that is
not a whole number, a date not written YYYY-MM-DD, a financial year not written
2024/25. A value that is understood but matches nothing finds nothing, an empty
page, not an error: an id of no record, a range that ends before it starts. An
empty value is the same as leaving the filter out.
"""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from agreements.models import Agreement
from agreements.models import Status as AgreementStatus
from api.access import sees_contact_details
from config.filters import YES_NO
from config.periods import parse_year
from dhr.models import Review as HomicideReview
from funding.filters import GrantFilter as GrantPageFilter
from funding.models import Allocation, Budget, FundingStream, Grant
from meetings.models import Action, Meeting
from partnerships import filters as register
from partnerships.models import Membership, Partnership
from scrutiny.finding_views import readable_findings
from scrutiny.health import CHECKS
from scrutiny.models import HealthCheck, HealthFinding, Recommendation, Review
from strategy.models import BANDS, Indicator, Priority, Risk, band_range

OrganisationFilter = register.OrganisationFilter
PartnershipFilter = register.PartnershipFilter


class WrittenAs:
    """Refuses a value not written exactly as the schema says (`pattern`) before the
    field reads it: Django's fields are lenient, and would take ' 7', '7.0' or '+7' for
    an id and 25/12/2024 for a date, which the schema does not allow. The value is a
    parameter of the message, never part of it, so a '%' in it is only text."""

    pattern = None

    def to_python(self, value):
        if value not in self.empty_values and not self.pattern.fullmatch(str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return super().to_python(value)


# Ids run from 1 to the largest the database keeps (a big integer): a larger number
# cannot even be asked of it.
ID = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}


class IdField(WrittenAs, forms.IntegerField):
    pattern = re.compile(r"-?[0-9]+")

    def __init__(self, **kwargs):
        super().__init__(min_value=ID["minimum"], max_value=ID["maximum"], **kwargs)


class IsoDateField(WrittenAs, forms.DateField):
    pattern = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# A financial year written 2024/25, the two digits after the slash following the two
# before, from 0001/02 to 9998/99: a year whose April and March both have dates.
YEAR_PAIRS = "|".join(f"{year:02d}/{year + 1:02d}" for year in range(1, 99))
FINANCIAL_YEAR = (
    f"(?:[0-9]{{2}}(?:{YEAR_PAIRS})|(?:0[1-9]|[1-9][0-9])00/01|(?:[0-8][0-9]|9[0-8])99/00)"
)


class FinancialYearField(WrittenAs, forms.CharField):
    pattern = re.compile(FINANCIAL_YEAR)
    default_error_messages = {
        "invalid": "'%(value)s' is not a financial year: write it like 2011/12",
    }

    def clean(self, value):
        value = super().clean(value)
        return parse_year(value) if value else None


@extend_schema_field(ID)
class IdFilter(django_filters.Filter):
    """A record by its id. An id that matches no record (or none this reader may see)
    gives an empty page, as any filter that matches nothing: the schema allows any id,
    and an error would only tell which records exist."""

    field_class = IdField


@extend_schema_field(OpenApiTypes.DATE)
class DateFilter(django_filters.Filter):
    """A day written YYYY-MM-DD, the only way the schema writes one."""

    field_class = IsoDateField


@extend_schema_field({"type": "string", "pattern": f"^{FINANCIAL_YEAR}$", "example": "2024/25"})
class FinancialYearFilter(django_filters.Filter):
    """A financial year written 2024/25; the year it starts in is compared."""

    field_class = FinancialYearField


def _by_id(default_label, **kwargs):
    kwargs.setdefault("label", default_label)
    return IdFilter(**kwargs)


def _partnership(**kwargs):
    return _by_id("A partnership, by its id", **kwargs)


def _group(**kwargs):
    return _by_id("A group, by its id", **kwargs)


def _yes_no(field_name, label, *, yes_is_null=False):
    """A yes/no choice; `yes_is_null` when yes means the field is empty."""

    def method(queryset, name, value):
        empty = (value == "yes") if yes_is_null else (value == "no")
        return queryset.filter(**{f"{field_name}__isnull": empty})

    return django_filters.ChoiceFilter(label=label, choices=YES_NO, method=method)


# The register ------------------------------------------------------------------------


class GroupFilter(register.GroupFilter):
    """The groups page's filters, with the partnership by any id."""

    partnership = _partnership()


class PersonFilter(register.PersonFilter):
    """The people page's filters, with the organisation by any id; the search looks in
    email addresses only for readers who may see them."""

    organisation = _by_id("An organisation, by its id")

    def search(self, queryset, name, value):
        fields = ["name", "job_title"]
        if self.request is not None and sees_contact_details(self.request.user):
            fields.append("email")
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)


class MembershipFilter(django_filters.FilterSet):
    person = _by_id("A person, by their id")
    group = _group()
    partnership = _partnership(field_name="group__partnership")
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)
    current = _yes_no("end", "Current (not ended)", yes_is_null=True)

    class Meta:
        model = Membership
        fields = ["person", "group", "partnership", "role", "current"]


# Agreements --------------------------------------------------------------------------


class AgreementFilter(django_filters.FilterSet):
    partnership = _partnership(label="The partnership that keeps it, by its id")
    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices)
    status = django_filters.ChoiceFilter(
        label="Its status today", choices=AgreementStatus.choices, method="filter_status"
    )
    organisation = _by_id(
        "A party to it, by the organisation's id", field_name="parties__organisation"
    )
    group = _by_id("Covering a group, by its id", field_name="groups")

    class Meta:
        model = Agreement
        fields = ["partnership", "kind", "status", "organisation", "group"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value, timezone.localdate())


# Meetings ----------------------------------------------------------------------------


class MeetingFilter(django_filters.FilterSet):
    partnership = _partnership(field_name="group__partnership")
    group = _group()
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)
    minutes_status = django_filters.ChoiceFilter(choices=Meeting.Minutes.choices)
    date_from = DateFilter(field_name="date", lookup_expr="gte", label="On or after (YYYY-MM-DD)")
    date_to = DateFilter(field_name="date", lookup_expr="lte", label="On or before (YYYY-MM-DD)")

    class Meta:
        model = Meeting
        fields = ["partnership", "group", "status", "minutes_status", "date_from", "date_to"]


class ActionFilter(django_filters.FilterSet):
    partnership = _partnership(field_name="group__partnership")
    group = _group()
    meeting = _by_id("Raised at a meeting, by its id", field_name="item__meeting")
    owner = _by_id("Owned by a person, by their id")
    status = django_filters.ChoiceFilter(choices=Action.Status.choices)
    open = django_filters.ChoiceFilter(
        label="Open (open, in progress or paused)", choices=YES_NO, method="filter_open"
    )
    due_after = DateFilter(
        field_name="due", lookup_expr="gte", label="Due on or after (YYYY-MM-DD)"
    )
    due_before = DateFilter(
        field_name="due", lookup_expr="lte", label="Due on or before (YYYY-MM-DD)"
    )

    class Meta:
        model = Action
        fields = ["partnership", "group", "meeting", "owner", "status", "open"]

    def filter_open(self, queryset, name, value):
        is_open = Q(status__in=Action.OPEN_STATUSES)
        return queryset.filter(is_open) if value == "yes" else queryset.exclude(is_open)


# Strategy ----------------------------------------------------------------------------


class PriorityFilter(django_filters.FilterSet):
    partnership = _partnership(field_name="plan__partnership")
    plan = _by_id("A plan, by its id")

    class Meta:
        model = Priority
        fields = ["partnership", "plan"]


class IndicatorFilter(django_filters.FilterSet):
    partnership = _partnership()
    priority = _by_id("Measuring a priority, by its id", field_name="priorities")

    class Meta:
        model = Indicator
        fields = ["partnership", "priority"]


class RiskFilter(django_filters.FilterSet):
    partnership = _partnership()
    group = _group()
    category = django_filters.ChoiceFilter(choices=Risk.Category.choices)
    open = _yes_no("closed_on", "Open (not closed)", yes_is_null=True)
    band = django_filters.ChoiceFilter(
        label="The residual score's band",
        choices=[(key, label) for _lowest, key, label in BANDS],
        method="filter_band",
    )
    priority = _by_id("Threatening a priority, by its id", field_name="priorities")

    class Meta:
        model = Risk
        fields = ["partnership", "group", "category", "open", "band", "priority"]

    def filter_band(self, queryset, name, value):
        lowest, highest = band_range(value)
        return queryset.filter(residual_score__gte=lowest, residual_score__lte=highest)


class HomicideReviewFilter(django_filters.FilterSet):
    partnership = _partnership()
    decision = django_filters.ChoiceFilter(choices=HomicideReview.Decision.choices)
    open = _yes_no("closed_on", "Open (not closed)", yes_is_null=True)

    class Meta:
        model = HomicideReview
        fields = ["partnership", "decision", "open"]


# Money -------------------------------------------------------------------------------


class FundingStreamFilter(django_filters.FilterSet):
    funder = _by_id("The funding organisation, by its id")
    kind = django_filters.ChoiceFilter(choices=FundingStream.Kind.choices)

    class Meta:
        model = FundingStream
        fields = ["funder", "kind"]


class BudgetFilter(django_filters.FilterSet):
    holder = _partnership(label="The partnership that holds the budget")
    stream = _by_id("A funding stream, by its id")
    year = FinancialYearFilter(label="Financial year, e.g. 2024/25")
    status = django_filters.ChoiceFilter(choices=Budget.Status.choices)

    class Meta:
        model = Budget
        fields = ["holder", "stream", "year", "status"]


class AllocationFilter(django_filters.FilterSet):
    budget = _by_id("A budget, by its id")
    recipient_partnership = _partnership(label="The partnership receiving, by its id")
    holder = _partnership(field_name="budget__holder", label="The partnership allocating")
    year = FinancialYearFilter(field_name="budget__year", label="Financial year, e.g. 2024/25")
    formula = _by_id("The formula that proposed it, by its id")
    withdrawn = _yes_no("withdrawn_at", "Withdrawn")

    class Meta:
        model = Allocation
        fields = ["budget", "recipient_partnership", "holder", "year", "formula", "withdrawn"]


class GrantYearFilter(FinancialYearFilter):
    def filter(self, qs, value):
        return qs if value is None else qs.in_year(value)


class GrantFilter(GrantPageFilter):
    """The grants page's filters, with the partnership and portfolio by any id and a
    strict financial year."""

    partnership = _partnership()
    portfolio = _by_id("A portfolio area, by its id")
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
    review = _by_id("A review, by its id")
    partnership = _partnership(
        method="filter_partnership", label="In scope of the review, or addressed to it"
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
    partnership = IdField(required=False)
    severity = forms.ChoiceField(choices=HealthCheck.Severity.choices, required=False)
    check = forms.ChoiceField(choices=[(name, name) for name in CHECKS], required=False)

    def findings(self, user):
        """The findings chosen, of those `user` may read. Only active partnerships have
        findings, so a partnership that is not active finds none, as an id that matches
        no partnership: an empty page, as the other lists answer."""
        chosen = self.cleaned_data["partnership"]
        if chosen is None:
            return self.apply(readable_findings(user))
        partnership = Partnership.objects.active().filter(pk=chosen).first()
        if partnership is None:
            return HealthFinding.objects.none()
        return self.apply(readable_findings(user, partnership))

    def apply(self, findings):
        if severity := self.cleaned_data["severity"]:
            findings = findings.filter(severity=severity)
        if check := self.cleaned_data["check"]:
            findings = findings.filter(check_name=check)
        return findings
