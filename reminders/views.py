"""A person's notifications, and how they choose to hear of each kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from config.pages import form_page, paginate, posted
from reminders import notices
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
