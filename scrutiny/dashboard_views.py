"""The scrutiny dashboard of a partnership (the findings' list and pages are in
finding_views.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from config import exports
from meetings.rules import sees_exempt_across
from partnerships.models import Partnership
from scrutiny import tables
from scrutiny.dashboard import partnership_dashboard

PAGE_SIZE = 50


@login_required
def dashboard(request, pk):
    partnership = get_object_or_404(Partnership, pk=pk)
    if not request.user.has_perm("partnerships.view_partnership", partnership):
        raise PermissionDenied
    today = timezone.localdate()
    data = partnership_dashboard(
        partnership, on=today, include_exempt=sees_exempt_across(request.user, partnership)
    )
    page_tables = _dashboard_tables(partnership, data)
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "scrutiny/dashboard.html",
        {"partnership": partnership, "today": today, "tables": page_tables, **data},
    )


def _dashboard_tables(partnership, data):
    """The data tables beside the dashboard's charts, with the rows the page shows."""
    funding = data["funding"]
    by_priority = funding["by_priority"]
    if by_priority:
        by_priority = [
            *by_priority,
            {"priority": "Total", "total": sum(r["total"] for r in by_priority)},
        ]

    def table(name, title, columns, rows):
        return exports.Table(name, title, columns, rows, partnership.name)

    return {
        "findings": table(
            "findings-by-severity",
            "Findings by severity",
            tables.FINDINGS_BY_SEVERITY,
            data["findings"]["counts"],
        ),
        "trend": table(
            "findings-each-week",
            "Findings each week",
            tables.FINDINGS_EACH_WEEK,
            data["findings"]["trend"]["rows"],
        ),
        "follow_ups": table(
            "recommendation-follow-ups",
            "Recommendation follow-ups due",
            tables.FOLLOW_UPS,
            data["follow_ups"],
        ),
        "attendance": table(
            "attendance-by-organisation",
            "Attendance by organisation",
            tables.ATTENDANCE_BY_ORGANISATION,
            data["attendance"]["organisations"],
        ),
        "seniority": table(
            "attendance-by-seniority",
            "Who came, by seniority",
            tables.ATTENDANCE_BY_SENIORITY,
            data["attendance"]["seniority"],
        ),
        "overdue": table(
            "overdue-actions",
            "Overdue actions, oldest first",
            tables.OVERDUE_ACTIONS,
            data["overdue"]["rows"],
        ),
        "priorities": table("priorities", "Priorities", tables.PRIORITIES, data["priorities"]),
        "indicators": table(
            "indicators", "Performance indicators", tables.INDICATORS, data["indicators"]
        ),
        "funding": table(
            "grants-by-priority",
            f"Grants by priority {funding['year']}",
            tables.FUNDING_BY_PRIORITY,
            by_priority,
        ),
        "no_evaluation": table(
            "projects-without-an-evaluation",
            "Projects without an evaluation",
            tables.NO_EVALUATION,
            funding["no_evaluation"],
        ),
    }
