from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from config.health import broker_status, database_status
from partnerships.models import Group, Partnership


@login_required
def home(request):
    """Each role's starting page."""
    user = request.user
    ctx = {}
    if user.is_officer:
        ctx["partnerships"] = Partnership.objects.for_list().filter(id__in=user.partnership_ids)
        ctx["groups"] = Group.objects.for_list().filter(partnership_id__in=user.partnership_ids)
        template = "accounts/home_officer.html"
    elif user.is_chair:
        ctx["groups"] = (
            Group.objects.for_list().filter(id__in=Group.objects.chaired_by(user.person_id))
            if user.person_id
            else Group.objects.none()
        )
        template = "accounts/home_chair.html"
    elif user.is_scrutiny:
        partnerships = Partnership.objects.for_list().active()
        if user.partnership_ids:
            partnerships = partnerships.filter(id__in=user.partnership_ids)
        ctx["partnerships"] = partnerships
        template = "accounts/home_scrutiny.html"
    elif user.is_admin:
        ctx["partnerships"] = Partnership.objects.for_list().active()
        template = "accounts/home_admin.html"
    else:
        from meetings.models import Action

        ctx["actions"] = (
            list(Action.objects.filter(owner_id=user.person_id).open().for_tracker())
            if user.person_id
            else []
        )
        ctx["today"] = timezone.localdate()
        template = "accounts/home_owner.html"
    return render(request, template, ctx)


def accessibility(request):
    return render(request, "accounts/accessibility.html")


@never_cache
def healthz(request):
    """Database and broker status, for load balancers and compose healthchecks."""
    checks = {"database": database_status(connection), "broker": broker_status()}
    healthy = all(v in ("ok", "not configured") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
