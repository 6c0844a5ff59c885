"""The scrutiny dashboard of a partnership (the findings' list and pages are in
finding_views.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from config import exports
from meetings.rules import sees_exempt_across
from partnerships.models import Partnership
from scrutiny.dashboard import dashboard_body, dashboard_tables, draw, partnership_dashboard


@require_safe  # a reading: its first reader's drawing is kept, never on a POST
@login_required
def dashboard(request, pk):
    partnership = get_object_or_404(Partnership, pk=pk)
    if not request.user.has_perm("partnerships.view_partnership", partnership):
        raise PermissionDenied
    today = timezone.localdate()
    include_exempt = sees_exempt_across(request.user, partnership)
    page = {"partnership": partnership, "today": today}
    if not request.GET:
        body, drawn_at = dashboard_body(partnership, on=today, include_exempt=include_exempt)
        return render(
            request, "scrutiny/dashboard.html", {**page, "body": body, "drawn_at": drawn_at}
        )
    # A download, or a query the page does not keep: drawn from the records.
    data = partnership_dashboard(partnership, on=today, include_exempt=include_exempt)
    page_tables = dashboard_tables(partnership, data)
    if file := exports.download(request, *page_tables.values()):
        return file
    body = draw(partnership, data, page_tables, request)
    return render(request, "scrutiny/dashboard.html", {**page, "body": body})
