"""Each person's starting page: what they have to do next (home/todo.py), by role,
then what they look after. It reads the register, the meetings, the strategy,
funding and scrutiny, so it sits above them all."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.views import PREVIOUS_SIGN_IN
from config.pages import paginate
from home import search as finding
from home import todo
from meetings.models import Action
from partnerships.models import Group, Partnership

FIRST_VISIT = datetime.timedelta(days=30)  # "since your last visit" on a first visit


@login_required
def home(request):
    """Each role's starting page."""
    user = request.user
    on = timezone.localdate()
    ctx = {"today": on, "sections": []}
    if user.is_officer:
        ctx["sections"] = todo.for_officer(user, on)
        ctx["partnerships"] = Partnership.objects.for_list().filter(id__in=user.partnership_ids)
        template = "home/officer.html"
    elif user.is_chair:
        ctx["sections"] = todo.for_chair(user, on)
        ctx["groups"] = (
            Group.objects.for_list().filter(id__in=Group.objects.chaired_by(user.person_id))
            if user.person_id
            else Group.objects.none()
        )
        template = "home/chair.html"
    elif user.is_scrutiny:
        ctx["sections"] = todo.for_scrutiny(user, on, _last_visit(request))
        partnerships = Partnership.objects.for_list().active()
        if user.partnership_ids:
            partnerships = partnerships.filter(id__in=user.partnership_ids)
        ctx["partnerships"] = partnerships
        template = "home/scrutiny.html"
    elif user.is_admin:
        ctx["partnerships"] = Partnership.objects.for_list().active()
        template = "home/admin.html"
    else:
        template = "home/owner.html"
    ctx["actions"] = (
        list(Action.objects.filter(owner_id=user.person_id).open().for_tracker())
        if user.person_id
        else []
    )
    ctx["task_count"] = sum(len(s.tasks) + s.more for s in ctx["sections"])
    return render(request, template, ctx)


def _last_visit(request):
    """The time of the sign-in before this one, or FIRST_VISIT ago."""
    previous = parse_datetime(request.session.get(PREVIOUS_SIGN_IN) or "")
    return previous or timezone.now() - FIRST_VISIT


SHOWN_EACH = 5  # results of each kind on the first page, before "more"
LONGEST = 200  # characters of a search


@login_required
def search(request):
    """The search box's page: the best few of each kind, or every result of one kind."""
    text = " ".join(request.GET.get("q", "").split())
    kind = finding.BY_KEY.get(request.GET.get("kind", ""))
    ctx = {"q": text, "kinds": finding.KINDS, "kind": kind}
    if len(text) > LONGEST:
        ctx["error"] = f"Search for {LONGEST} characters or fewer."
    elif text and not finding.words(text):
        ctx["error"] = "Search for a word of two letters or more."
    elif text and kind:
        records, result = finding.search(request.user, text, kind)
        page = paginate(request, records)
        ctx["page"] = page
        ctx["results"] = [result(record) for record in page.object_list]
    elif text:
        ctx["groups"] = []
        for each in finding.KINDS:
            records, result = finding.search(request.user, text, each)
            found = list(records[: SHOWN_EACH + 1])
            if found:
                ctx["groups"].append(
                    (each, [result(r) for r in found[:SHOWN_EACH]], len(found) > SHOWN_EACH)
                )
    return render(request, "home/search.html", ctx, status=400 if "error" in ctx else 200)
