"""The product's URLs plus the bench's floors: bare views that run a page's
essential query and return its rows as plain text."""

from django.db.models import Max
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urls
from funding.models import (
    Allocation,
    AllocationFormula,
    Budget,
    FormulaValue,
    Grant,
    MonitoringReturn,
)
from meetings.models import Action, Attendance, Meeting
from partnerships.models import Group, Membership, Organisation, Partnership, Person
from scrutiny.models import HealthFinding


def _text(rows):
    return HttpResponse(
        "\n".join("\t".join(str(c) for c in row) for row in rows), content_type="text/plain"
    )


def floor_partnerships(request):
    return _text(Partnership.objects.values_list("id", "name", "kind", "area"))


def floor_partnership(request, pk):
    rows = list(Partnership.objects.filter(pk=pk).values_list("id", "name"))
    rows += list(Group.objects.filter(partnership_id=pk).values_list("id", "name", "kind"))
    return _text(rows)


def floor_group(request, pk):
    rows = list(Group.objects.filter(pk=pk).values_list("id", "name", "purpose"))
    rows += list(
        Membership.objects.filter(group_id=pk, end__isnull=True).values_list(
            "person__name", "role", "on_behalf_of__name"
        )
    )
    return _text(rows)


def floor_home(request):
    return _text(
        Group.objects.filter(partnership__in=request.user.partnerships.all()).values_list(
            "id", "name", "partnership__name"
        )
    )


def floor_search(request):
    """The search's essential query: the best matching actions, by the same index."""
    from home.search import BY_KEY, search

    records, _ = search(request.user, request.GET.get("q", ""), BY_KEY["actions"])
    return _text(records.values_list("id", "description")[:5])


def floor_groups(request):
    return _text(Group.objects.values_list("id", "name", "partnership__name")[:50])


def floor_organisations(request):
    return _text(Organisation.objects.values_list("id", "name", "kind")[:50])


def floor_people(request):
    return _text(Person.objects.values_list("id", "name", "organisation__name")[:50])


def floor_load(request, pk):
    return _text(
        Membership.objects.filter(group__partnership_id=pk, end__isnull=True).values_list(
            "person_id", "group_id"
        )
    )


def floor_meetings(request, pk):
    return _text(Meeting.objects.filter(group_id=pk).values_list("id", "date", "status"))


def floor_meeting(request, pk):
    rows = list(Meeting.objects.filter(pk=pk).values_list("id", "date"))
    rows += list(Attendance.objects.filter(meeting_id=pk).values_list("person__name", "status"))
    return _text(rows)


def floor_actions(request, pk):
    return _text(
        Action.objects.filter(group_id=pk, status__in=Action.OPEN_STATUSES).values_list(
            "id", "description", "owner__name", "due"
        )
    )


def floor_person_actions(request, pk):
    return _text(
        Action.objects.filter(owner_id=pk).values_list("id", "description", "group__name", "due")
    )


def floor_funding(request):
    return _text(
        Budget.objects.with_committed()
        .order_by("-year", "holder__name", "stream__name")
        .values_list("id", "year", "holder__name", "stream__name", "amount", "committed")[:50]
    )


def floor_grants(request):
    return _text(
        Grant.objects.order_by("-award_date", "title", "id").values_list(
            "id", "title", "provider__name", "amount", "status"
        )[:50]
    )


def floor_grant(request, pk):
    rows = list(Grant.objects.filter(pk=pk).values_list("id", "title", "provider__name"))
    rows += list(
        MonitoringReturn.objects.filter(grant_id=pk).values_list("period_end", "received", "rag")
    )
    return _text(rows)


def floor_budget(request, pk):
    rows = list(Budget.objects.filter(pk=pk).values_list("id", "year", "stream__name", "amount"))
    rows += list(
        Allocation.objects.filter(budget_id=pk).values_list("id", "recipient_name", "amount")
    )
    rows += list(
        Grant.objects.filter(budget_id=pk).values_list("id", "title", "provider__name", "amount")
    )
    return _text(rows)


def floor_formula(request, pk):
    rows = list(AllocationFormula.objects.filter(pk=pk).values_list("id", "name", "year"))
    rows += list(
        FormulaValue.objects.filter(indicator__formula_id=pk).values_list(
            "indicator__name", "area_id", "value"
        )
    )
    return _text(rows)


def floor_statement(request, pk):
    year = Budget.objects.filter(holder_id=pk).aggregate(year=Max("year"))["year"]
    years = range(year - 2, year + 1)
    rows = list(
        Budget.objects.filter(holder_id=pk, year__in=years).values_list(
            "year", "stream__name", "amount"
        )
    )
    rows += list(
        Allocation.objects.filter(
            budget__holder_id=pk, budget__year__in=years, withdrawn_at__isnull=True
        ).values_list("budget__year", "recipient_name", "amount")
    )
    rows += list(
        Grant.objects.filter(budget__holder_id=pk, budget__year__in=years)
        .exclude(status=Grant.Status.WITHDRAWN)
        .values_list("budget__year", "title", "amount")
    )
    return _text(rows)


def _findings(partnerships):
    """What the assurance pages read first: a page of the kept open findings of the
    partnerships, most recent first."""
    return list(
        HealthFinding.objects.open()
        .filter(partnership__in=partnerships)
        .order_by("-first_found")
        .values_list("id", "check_name", "subject", "detail")[:50]
    )


def floor_dashboard(request, pk):
    return _text(_findings([pk]))


def floor_health(request):
    return _text(_findings(Partnership.objects.active()))


urlpatterns = [
    path("floor/dashboard/<int:pk>/", floor_dashboard),
    path("floor/health/", floor_health),
    path("floor/funding/", floor_funding),
    path("floor/grants/", floor_grants),
    path("floor/grants/<int:pk>/", floor_grant),
    path("floor/budgets/<int:pk>/", floor_budget),
    path("floor/formulas/<int:pk>/", floor_formula),
    path("floor/statement/<int:pk>/", floor_statement),
    path("floor/meetings/<int:pk>/", floor_meetings),
    path("floor/meeting/<int:pk>/", floor_meeting),
    path("floor/actions/<int:pk>/", floor_actions),
    path("floor/person-actions/<int:pk>/", floor_person_actions),
    path("floor/groups/", floor_groups),
    path("floor/organisations/", floor_organisations),
    path("floor/people/", floor_people),
    path("floor/load/<int:pk>/", floor_load),
    path("floor/home/", floor_home),
    path("floor/search/", floor_search),
    path("floor/partnerships/", floor_partnerships),
    path("floor/partnerships/<int:pk>/", floor_partnership),
    path("floor/groups/<int:pk>/", floor_group),
    *product_urls,
]
