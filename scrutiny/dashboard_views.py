"""The assurance screens: the scrutiny dashboard of a partnership and the list
of governance health findings across partnerships."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from partnerships.models import Partnership
from scrutiny.dashboard import partnership_dashboard
from scrutiny.health import governance_health
from scrutiny.models import HealthCheck

PAGE_SIZE = 50


def _sees_exempt(user, partnership=None):
    """Exempt items count only for those entitled to them: never scrutiny members."""
    if user.is_admin:
        return True
    return partnership is not None and user.is_officer and partnership.pk in user.partnership_ids


@login_required
def dashboard(request, pk):
    partnership = get_object_or_404(Partnership, pk=pk)
    if not request.user.has_perm("partnerships.view_partnership", partnership):
        raise PermissionDenied
    today = timezone.localdate()
    data = partnership_dashboard(
        partnership, on=today, include_exempt=_sees_exempt(request.user, partnership)
    )
    return render(
        request,
        "scrutiny/dashboard.html",
        {"partnership": partnership, "today": today, **data},
    )


@login_required
def health(request):
    if not request.user.has_perm("partnerships.view_register"):
        raise PermissionDenied
    partnerships = Partnership.objects.active().order_by("name")
    chosen = request.GET.get("partnership", "")
    partnership = next((p for p in partnerships if str(p.pk) == chosen), None)
    severity = request.GET.get("severity", "")
    check = request.GET.get("check", "")
    findings = governance_health(
        partnership=partnership, include_exempt=_sees_exempt(request.user, partnership)
    )
    if severity:
        findings = [f for f in findings if f.severity == severity]
    if check:
        findings = [f for f in findings if f.check == check]
    return render(
        request,
        "scrutiny/health.html",
        {
            "page": Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page")),
            "partnerships": partnerships,
            "chosen": partnership,
            "severity": severity,
            "check": check,
            "severities": HealthCheck.Severity.choices,
            "checks": HealthCheck.objects.order_by("name"),
        },
    )
