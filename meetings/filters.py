"""The action tracker's filters and orders."""

import django_filters
from django.db.models import F, Q
from django.utils import timezone

from config.filters import YES_NO, SearchFilterSet
from meetings.models import Action
from partnerships.models import Organisation, Person

OPEN, CLOSED = "open", "closed"

# What each column sorts by, soonest or lowest first; "-" before a key reverses it.
ORDERS = {
    "number": ("id",),
    "action": ("description", "id"),
    "owner": ("owner__name", "id"),
    "due": (F("due").asc(nulls_last=True), "id"),
    "status": ("status", "id"),
    "age": ("-created_on", "id"),
    "update": (F("last_update").asc(nulls_first=True), "id"),
}


def _reversed(term):
    if isinstance(term, str):
        return term[1:] if term.startswith("-") else f"-{term}"
    expression = term.expression
    return expression.asc(nulls_last=True) if term.descending else expression.desc(nulls_last=True)


def ordering(key):
    """The order_by terms for a sort key ("due", "-owner"); the tracker's usual order
    for a key it does not know."""
    name = key.lstrip("-")
    terms = ORDERS.get(name, ORDERS["due"])
    if key.startswith("-") and name in ORDERS:
        return [_reversed(t) for t in terms[:-1]] + ["-id"]
    return list(terms)


class ActionFilter(SearchFilterSet):
    search_fields = ("description",)
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[
            (OPEN, "Open, in progress or paused"),
            (CLOSED, "Done or dropped"),
            *Action.Status.choices,
        ],
        empty_label="Any status",
        method="filter_status",
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue", choices=YES_NO, empty_label="Either", method="filter_overdue"
    )
    due_from = django_filters.DateFilter(
        label="Due on or after (YYYY-MM-DD)", field_name="due", lookup_expr="gte"
    )
    due_to = django_filters.DateFilter(
        label="Due on or before (YYYY-MM-DD)", field_name="due", lookup_expr="lte"
    )
    owner = django_filters.ModelChoiceFilter(
        label="Owner", queryset=Person.objects.none(), empty_label="Any owner"
    )
    organisation = django_filters.ModelChoiceFilter(
        label="Owner's organisation",
        field_name="owner__organisation",
        queryset=Organisation.objects.none(),
        empty_label="Any organisation",
    )

    class Meta:
        model = Action
        fields = ["q", "status", "overdue", "due_from", "due_to", "owner", "organisation"]

    def __init__(self, data=None, *args, group, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", OPEN)  # the tracker opens on what is still to do
        super().__init__(data, *args, **kwargs)
        owner_ids = Action.objects.filter(group=group).values("owner_id")
        owners = Person.objects.filter(pk__in=owner_ids).order_by("name")
        self.filters["owner"].queryset = owners
        self.filters["organisation"].queryset = Organisation.objects.filter(
            pk__in=Person.objects.filter(pk__in=owner_ids).values("organisation_id")
        ).order_by("name")
        self.form.fields["owner"].queryset = owners
        self.form.fields["organisation"].queryset = self.filters["organisation"].queryset

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        if value == CLOSED:
            return queryset.filter(status__in=[Action.Status.DONE, Action.Status.DROPPED])
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=Action.OPEN_STATUSES, due__lt=timezone.localdate())
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)
