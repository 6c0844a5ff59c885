"""Each person's starting page: what they look after, by role. It reads the
register and the meetings, so it sits above them, not with the accounts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from meetings.models import Action
from partnerships.models import Group, Partnership


@login_required
def home(request):
    """Each role's starting page."""
    user = request.user
    ctx = {}
    if user.is_officer:
        ctx["partnerships"] = Partnership.objects.for_list().filter(id__in=user.partnership_ids)
        ctx["groups"] = Group.objects.for_list().filter(partnership_id__in=user.partnership_ids)
        template = "home/officer.html"
    elif user.is_chair:
        ctx["groups"] = (
            Group.objects.for_list().filter(id__in=Group.objects.chaired_by(user.person_id))
            if user.person_id
            else Group.objects.none()
        )
        template = "home/chair.html"
    elif user.is_scrutiny:
        partnerships = Partnership.objects.for_list().active()
        if user.partnership_ids:
            partnerships = partnerships.filter(id__in=user.partnership_ids)
        ctx["partnerships"] = partnerships
        template = "home/scrutiny.html"
    elif user.is_admin:
        ctx["partnerships"] = Partnership.objects.for_list().active()
        template = "home/admin.html"
    else:
        ctx["actions"] = (
            list(Action.objects.filter(owner_id=user.person_id).open().for_tracker())
            if user.person_id
            else []
        )
        ctx["today"] = timezone.localdate()
        template = "home/owner.html"
    return render(request, template, ctx)
