"""A person's notifications, and how they choose to hear of each kind."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.bearer import brings_token
from config.pages import form_page, paginate, posted
from reminders import delivery, notices
from reminders.forms import NoticeChoicesForm


@login_required
def notice_list(request):
    """Newest first, unread marked; opening the list reads them."""
    page = paginate(request, request.user.notices.all())
    unread = {n.pk for n in page.object_list if n.read_at is None}
    if unread:
        notices.mark_read(request.user, unread)
    return render(request, "reminders/notice_list.html", {"notices": page, "unread": unread})


@login_required
def notice_choices(request):
    form = NoticeChoicesForm(posted(request)[0], user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "How you hear of each kind of notification is saved.")
        return redirect("reminders:notice_list")
    return form_page(
        request,
        form,
        title="How you hear of things",
        caption="Notifications",
        back="/notifications/",
    )


@csrf_exempt
@require_POST
def notify_delivery(request):
    """GOV.UK Notify's report of whether an email was delivered (reminders/delivery.py),
    from Notify only: it brings NOTIFY_CALLBACK_TOKEN as its bearer token. Not set up:
    404. A report that names none of ours is taken and forgotten."""
    expected = settings.NOTIFY_CALLBACK_TOKEN
    if not expected:
        raise Http404("No delivery reports are taken here.")
    if not brings_token(request, expected):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    try:
        report = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("The report is not JSON.")
    if not isinstance(report, dict):
        return HttpResponseBadRequest("The report is not a JSON object.")
    delivery.record(report)
    return HttpResponse(status=204)
