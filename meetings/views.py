import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config import exports, stale_edits
from config.files import download
from config.imports import ImportFailed
from config.pages import edit_page, form_page, paginate, posted, require, safe_next
from config.spreadsheets import table_response
from meetings import events, forms, tables
from meetings.calendar import feed_for_group, feed_for_person, feed_token, read_feed_token
from meetings.filters import ActionFilter, ordering
from meetings.links import LinkRevoked, action_link, read_action_link
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    Declaration,
    Guest,
    ItemMinutes,
    Meeting,
    Paper,
)
from meetings.stats import attendance_stats
from meetings.tracker import DOWNLOAD_COLUMNS, apply_tracker, download_rows
from ops.models import ConfidentialDownload, with_source
from partnerships.models import Deputy, Group, Membership, Person


def _get_group(request, pk, perm="view"):
    group = get_object_or_404(Group.objects.select_related("partnership"), pk=pk)
    require(
        request, f"meetings.{perm}_meetings" if perm != "view" else "meetings.view_meetings", group
    )
    return group


def _get_meeting_for_user(request, pk, perm="view", queryset=None):
    queryset = (
        Meeting.objects.select_related("group__partnership") if queryset is None else queryset
    )
    meeting = get_object_or_404(queryset, pk=pk)
    require(request, f"meetings.{perm}_meetings", meeting.group)
    return meeting


def _get_action_for_user(request, pk):
    action = get_object_or_404(
        Action.objects.select_related("group__partnership", "owner", "item"), pk=pk
    )
    user = request.user
    owns = user.person_id is not None and action.owner_id == user.person_id
    if owns or user.has_perm("meetings.change_meetings", action.group):
        return action, True
    if not user.has_perm("meetings.view_meetings", action.group):
        raise PermissionDenied
    if not action.is_visible_to(user):
        raise Http404("No such action.")  # an exempt item's action does not exist for this reader
    return action, False


def _with_age(actions, today):
    actions = list(actions)
    for action in actions:
        action.age = (today - action.created_on).days
    return actions


# Meetings -------------------------------------------------------------------


@login_required
def group_meetings(request, pk):
    group = _get_group(request, pk)
    today = timezone.localdate()
    meetings = Meeting.objects.filter(group=group)
    upcoming = meetings.filter(date__gte=today).exclude(status=Meeting.Status.CANCELLED)
    past = meetings.exclude(pk__in=upcoming.values("pk")).for_group_page()
    stats = attendance_stats(group, since=today - datetime.timedelta(days=365), until=today)
    page_tables = {
        "members": exports.Table(
            "attendance-by-member",
            "Attendance by member",
            tables.ATTENDANCE_BY_MEMBER,
            stats["members"],
            group.name,
        ),
        "organisations": exports.Table(
            "attendance-by-organisation",
            "Attendance by organisation",
            tables.ATTENDANCE_BY_ORGANISATION,
            stats["organisations"],
            group.name,
        ),
        "seniority": exports.Table(
            "attendance-by-seniority",
            "Seniority of who came",
            tables.ATTENDANCE_BY_SENIORITY,
            stats["seniority"],
            group.name,
        ),
        "past": exports.Table(
            "past-meetings", "Past and cancelled meetings", tables.PAST_MEETINGS, past, group.name
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "meetings/group_meetings.html",
        {
            "group": group,
            "upcoming": upcoming.order_by("date", "start_time")[:10],
            "past": paginate(request, past),
            "stats": stats,
            "tables": page_tables,
            "can_change": request.user.has_perm("meetings.change_meetings", group),
            "feed_url": request.build_absolute_uri(
                reverse("meetings:feed", args=[feed_token("group", group.pk)])
            ),
        },
    )


@login_required
def meeting_create(request, pk):
    group = _get_group(request, pk, "change")
    form = forms.MeetingForm(*posted(request)[:1])
    form.instance.group = group

    def save(form):
        meeting = form.save()
        for position, (title, closing) in enumerate(group.standard_items(), 1):
            AgendaItem.objects.create(
                meeting=meeting, position=position, title=title, closing=closing
            )
        return meeting

    return edit_page(
        request,
        form,
        save=save,
        message="Meeting scheduled, with the group's standard agenda items.",
        title="Schedule a meeting",
        caption=str(group),
        back=reverse("meetings:group_meetings", args=[group.pk]),
    )


@login_required
def meeting_edit(request, pk):
    meeting = _get_meeting_for_user(request, pk, "change")
    form = forms.MeetingForm(*posted(request)[:1], instance=meeting)

    def save(form):
        changed = [name for name in form.changed_data if name != stale_edits.FIELD]
        form.save(commit=False).revise(*changed)

    return edit_page(
        request,
        form,
        save=save,
        message="Meeting saved.",
        then=meeting,
        title="Edit the meeting",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
    )


@login_required
def meeting_cancel(request, pk):
    meeting = _get_meeting_for_user(request, pk, "change")
    form = forms.CancelForm(*posted(request)[:1])
    return edit_page(
        request,
        form,
        save=lambda form: meeting.cancel(form.cleaned_data["reason"]),
        message="Meeting cancelled. It no longer counts for attendance.",
        then=meeting,
        title="Cancel the meeting",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
    )


@login_required
def meeting_detail(request, pk):
    meeting = _get_meeting_for_user(
        request, pk, queryset=with_source(Meeting.objects.for_detail_page())
    )
    group = meeting.group
    attendance = exports.Table(
        "attendance",
        "Attendance of members",
        tables.MEETING_ATTENDANCE,
        meeting.attendance.all(),
        f"{group.name} {meeting.date.isoformat()}",
    )
    if file := exports.download(request, attendance):
        return file
    items = list(AgendaItem.objects.for_meeting_page(meeting, request.user))
    # The visible items are already loaded: no join back through the agenda.
    actions = list(Action.objects.filter(item_id__in=[i.pk for i in items]).select_related("owner"))
    for item in items:
        item.action_list = [a for a in actions if a.item_id == item.pk]
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance_table": attendance,
            "group": group,
            "items": items,
            "actions": actions,
            "can_change": request.user.has_perm("meetings.change_meetings", group),
            "can_approve": meeting.may_be_approved_by(request.user),
            "declarations": [d for item in items for d in item.declarations.all()],
            "minutes_written": meeting.minutes
            or any(getattr(item, "minutes", None) for item in items),
            "versions": meeting.minutes_versions.select_related("approved_by", "corrected_by"),
            # A correction's reason may speak of an exempt item: said to those who may
            # see them.
            "sees_exempt": request.user.has_perm("meetings.view_exempt", group),
            "minutes_late": meeting.minutes_late(),
            "minutes_due": meeting.minutes_due_by(),
        },
    )


@login_required
@require_POST
def publish_agenda(request, pk):
    meeting = _get_meeting_for_user(request, pk, "change")
    if not meeting.items.exists():
        messages.error(request, "Add at least one agenda item before publishing the agenda.")
    elif meeting.agenda_published_at is None:
        meeting.publish_agenda()
        messages.success(request, "Agenda published.")
    return redirect(meeting)


@login_required
def item_add(request, pk):
    meeting = _get_meeting_for_user(request, pk, "change")
    form = forms.AgendaItemForm(*posted(request))
    form.instance.meeting = meeting

    def save(form):
        item = form.save(commit=False)
        item.position = _make_room(meeting)
        item.save()
        form.save_paper(item)

    return edit_page(
        request,
        form,
        save=save,
        message="Agenda item added.",
        then=meeting,
        title="Add an agenda item",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
        multipart=True,
    )


def _make_room(meeting):
    """The place for a new item: before the standard closing items at the end of a
    draft agenda (any other business), which move down one; else, and on a
    published agenda, whose numbers the public has seen, at the end. Call in a
    transaction: the meeting's row is locked, so two items added at once do not
    take one place."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    items = list(meeting.items.order_by("position"))
    closing = []
    while items and items[-1].closing and meeting.agenda_published_at is None:
        closing.append(items.pop())
    if not closing:
        return (items[-1].position if items else 0) + 1
    for item in closing:  # from the last, so no two share a place meanwhile
        AgendaItem.objects.filter(pk=item.pk).update(position=item.position + 1)
    return closing[-1].position


def _get_item_for_change(request, pk):
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__group__partnership"), pk=pk
    )
    require(request, "meetings.change_meetings", item.meeting.group)
    return item


def _minutes_frozen(request, meeting):
    """Approved minutes are the record of the meeting: what they show is not changed
    behind them. A correction reopens them (minutes_correct)."""
    if not meeting.minutes_frozen:
        return False
    messages.error(
        request,
        "The minutes of this meeting are approved, so what they record is fixed. "
        "To change it, correct the minutes first.",
    )
    return True


def _agenda_fixed(request, meeting):
    """Published agendas keep their order and items: the public has seen them."""
    if meeting.agenda_published_at is None:
        return False
    messages.error(
        request,
        "The agenda is published, so its items and their order are fixed. "
        "Record what happened to an item in its minutes.",
    )
    return True


@login_required
@require_POST
def item_move(request, pk, direction):
    """Move an item one place up or down the agenda: a button for each, so the
    order is changed with a keyboard as well as a pointer."""
    if direction not in ("up", "down"):
        raise Http404("Items move up or down.")
    item = _get_item_for_change(request, pk)
    meeting = item.meeting
    if _agenda_fixed(request, meeting):
        return redirect(meeting)
    with transaction.atomic():
        # The meeting's row is the agenda's lock: its items' places are read again
        # under it, so two moves at once each see the other's result.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        item.refresh_from_db(fields=["position"])
        items = meeting.items.order_by("position")
        if direction == "up":
            other = items.filter(position__lt=item.position).last()
        else:
            other = items.filter(position__gt=item.position).first()
        if other is not None:
            mine, theirs = item.position, other.position
            item.position = 0  # free its place: positions are unique in a meeting
            item.save(update_fields=["position"])
            other.position = mine
            other.save(update_fields=["position"])
            item.position = theirs
            item.save(update_fields=["position"])
            messages.success(request, f"‘{item.title}’ is now item {theirs}.")
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


@login_required
def item_withdraw(request, pk):
    """Take an item off an agenda not yet published; the items after it move up."""
    item = _get_item_for_change(request, pk)
    meeting = item.meeting
    if _agenda_fixed(request, meeting):
        return redirect(meeting)
    minuted = ItemMinutes.objects.filter(item=item).exclude(discussion="", resolution="")
    if (
        item.decisions.exists()
        or item.actions.exists()
        or item.declarations.exists()
        or minuted.exists()
    ):
        messages.error(
            request,
            f"Item {item.position} has decisions, actions, declarations or minutes recorded, "
            "so it stays on the agenda.",
        )
        return redirect(meeting)
    if request.method == "POST":
        with transaction.atomic():
            Meeting.objects.select_for_update().get(pk=meeting.pk)  # the agenda's lock
            item.refresh_from_db(fields=["position"])
            after = list(meeting.items.filter(position__gt=item.position).order_by("position"))
            item.delete()
            for later in after:
                later.position -= 1
                later.save(update_fields=["position"])
        messages.success(request, f"‘{item.title}’ is withdrawn from the agenda.")
        return redirect(meeting)
    return render(
        request,
        "meetings/item_withdraw.html",
        {"item": item, "meeting": meeting, "papers": list(item.papers.all())},
    )


@login_required
def declaration_add(request, pk):
    meeting = _get_meeting_for_user(request, pk, "change")
    if _minutes_frozen(request, meeting):
        return redirect(meeting)
    form = forms.DeclarationForm(*posted(request)[:1], meeting=meeting)
    return edit_page(
        request,
        form,
        message="Declaration recorded.",
        then=f"{meeting.get_absolute_url()}#declarations",
        title="Record a declaration of interest",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
    )


@login_required
@require_POST
def declaration_remove(request, pk):
    declaration = get_object_or_404(
        Declaration.objects.select_related("item__meeting__group__partnership", "person"), pk=pk
    )
    meeting = declaration.item.meeting
    require(request, "meetings.change_meetings", meeting.group)
    if meeting.minutes_frozen:
        messages.error(request, "The minutes are approved: their declarations stay as recorded.")
    else:
        declaration.delete()
        messages.success(request, f"The declaration of {declaration.person.name} is removed.")
    return redirect(f"{meeting.get_absolute_url()}#declarations")


@require_safe
@login_required
def paper_download(request, pk):
    paper = get_object_or_404(
        Paper.objects.select_related("item__meeting__group__partnership"), pk=pk
    )
    group = paper.item.meeting.group
    require(request, "meetings.view_meetings", group)
    if not paper.item.is_visible_to(request.user):
        raise Http404("No such paper.")
    response = download(paper.file)
    if paper.item.exempt and request.method == "GET":  # a HEAD downloads nothing
        ConfidentialDownload.record(
            request, ConfidentialDownload.Kind.PAPER, f"{paper.title} ({paper.item})", paper.pk
        )
    return response


@login_required
def decision_add(request, pk):
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__group__partnership"), pk=pk
    )
    meeting = item.meeting
    require(request, "meetings.change_meetings", meeting.group)
    if _minutes_frozen(request, meeting):
        return redirect(meeting)
    form = forms.DecisionForm(*posted(request)[:1])
    return edit_page(
        request,
        form,
        save=lambda form: Decision.objects.create(item=item, text=form.cleaned_data["text"]),
        message="Decision recorded.",
        then=meeting,
        title=f"Record a decision on item {item.position}",
        caption=item.title,
        back=meeting.get_absolute_url(),
    )


@login_required
def attendance(request, pk):
    meeting = _get_meeting_for_user(request, pk, "change")
    if _minutes_frozen(request, meeting):
        return redirect(meeting)
    members = list(
        Membership.objects.current(on=meeting.date)
        .filter(group=meeting.group)
        .select_related("person__organisation", "on_behalf_of")
        .order_by("person__name")
    )
    existing = {a.person_id: a for a in meeting.attendance.all()}
    people = Person.objects.current().select_related("organisation").order_by("name")
    everyone = [(p.pk, forms.person_label(p)) for p in people]
    deputies = {}
    for deputy in Deputy.objects.filter(seat__in=members).select_related("person"):
        deputies.setdefault(deputy.seat_id, []).append(deputy)
    today = timezone.localdate()
    before = meeting.date if meeting.date > today else None
    rows = []
    for m in members:
        prior = existing.get(m.person_id)
        initial = {
            "status": prior.status if prior else "",
            "substitute": prior.substitute_id if prior else None,
            "substitute_can_decide": prior.substitute_can_decide if prior else False,
        }
        form = forms.AttendanceForm(
            posted(request)[0],
            prefix=f"m{m.person_id}",
            initial=initial,
            people=people,
            everyone=everyone,
            deputies=deputies.get(m.pk, ()),
            before=before,
        )
        rows.append((m, form))
    if request.method == "POST" and all(form.is_valid() for _, form in rows):
        with transaction.atomic():
            for m, form in rows:
                if not form.cleaned_data["status"]:  # not recorded, or no longer
                    Attendance.objects.filter(meeting=meeting, person=m.person).delete()
                    continue
                Attendance.objects.update_or_create(
                    meeting=meeting,
                    person=m.person,
                    defaults={
                        "on_behalf_of": m.on_behalf_of or m.person.organisation,
                        "voting": m.voting,
                        "status": form.cleaned_data["status"],
                        "substitute": form.cleaned_data["substitute"],
                        "substitute_can_decide": form.cleaned_data["substitute_can_decide"],
                    },
                )
            came = {Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED}
            someone_came = any(form.cleaned_data["status"] in came for _, form in rows)
            if meeting.status == Meeting.Status.SCHEDULED and someone_came and not before:
                meeting.status = Meeting.Status.HELD
            # The quorum of the day, so a later change to the group's rules
            # does not rewrite the record of this meeting.
            meeting.quorum = meeting.quorum or meeting.group.quorum
            meeting.save(update_fields=["status", "quorum"])
        messages.success(request, "Attendance recorded.")
        return redirect(meeting)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "has_errors": request.method == "POST",
            "before": before,
        },
    )


@login_required
def guest_add(request, pk):
    meeting = _get_meeting_for_user(request, pk, "change")
    form = forms.GuestForm(*posted(request)[:1])
    return edit_page(
        request,
        form,
        save=lambda form: Guest.objects.create(meeting=meeting, **form.cleaned_data),
        message="Guest added.",
        then=meeting,
        title="Add a guest",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
    )


# Minutes --------------------------------------------------------------------


@login_required
def minutes_edit(request, pk):
    """The draft minutes, laid out by agenda item: each item with its decisions,
    actions and declarations already recorded, and a discussion and resolution to
    write; the attendance recorded heads the page."""
    meeting = _get_meeting_for_user(request, pk, "change")
    if meeting.minutes_frozen:
        messages.error(
            request, "Approved minutes cannot be edited: reopen them for correction first."
        )
        return redirect(meeting)
    data = posted(request)[0]
    form = forms.MinutesForm(data, instance=meeting)
    items = list(
        meeting.items.select_related("minutes")
        .prefetch_related("decisions", "actions__owner", "declarations__person")
        .order_by("position")
    )
    for item in items:
        item.form = forms.ItemMinutesForm(
            data,
            prefix=f"item{item.pk}",
            instance=getattr(item, "minutes", None) or ItemMinutes(item=item),
        )
    if request.method == "POST" and form.is_valid() and all(i.form.is_valid() for i in items):
        try:
            with transaction.atomic():
                stale_edits.check(form)
                if Meeting.objects.get(pk=meeting.pk).minutes_frozen:
                    messages.error(request, "The minutes were approved meanwhile: not saved.")
                    return redirect(meeting)
                meeting.minutes = form.cleaned_data["minutes"]
                meeting.minutes_status = Meeting.Minutes.DRAFT
                meeting.save(update_fields=["minutes", "minutes_status"])
                for item in items:
                    if item.form.has_changed() or item.form.instance.pk:
                        item.form.save()
        except stale_edits.StaleEdit as refused:
            stale_edits.refuse(form, refused)
        else:
            messages.success(request, "Draft minutes saved.")
            return redirect(f"{meeting.get_absolute_url()}#minutes")
    return render(
        request,
        "meetings/minutes_edit.html",
        {
            "meeting": meeting,
            "form": form,
            "items": items,
            "attendance": meeting.attendance.select_related("person", "substitute").order_by(
                "person__name"
            ),
            "has_errors": request.method == "POST",
        },
    )


@login_required
@require_POST
def minutes_approve(request, pk):
    meeting = _get_meeting_for_user(request, pk)
    if not meeting.may_be_approved_by(request.user):
        raise PermissionDenied
    if refused := meeting.approval_refused(request.user):
        messages.error(request, refused)
    elif meeting.approve_minutes(by=request.user):
        messages.success(request, "Minutes approved. They can no longer be edited.")
    else:
        messages.error(request, "Only draft minutes can be approved.")
    return redirect(f"{meeting.get_absolute_url()}#minutes")


@login_required
def minutes_correct(request, pk):
    """Reopen approved minutes for a correction: the approved version stays on
    record, with the reason; the chair approves the corrected one."""
    meeting = _get_meeting_for_user(request, pk, "change")
    if not meeting.minutes_frozen:
        messages.error(request, "Only approved minutes are corrected: edit the draft instead.")
        return redirect(meeting)
    form = forms.CorrectMinutesForm(*posted(request)[:1])
    if request.method == "POST" and form.is_valid():
        if meeting.correct_minutes(form.cleaned_data["because"], by=request.user):
            messages.success(
                request, "The minutes are reopened as a draft; the approved version is kept."
            )
            return redirect("meetings:minutes_edit", meeting.pk)
        messages.error(request, "These minutes were reopened already.")
        return redirect(meeting)
    return form_page(
        request,
        form,
        title="Correct the approved minutes",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
    )


@login_required
def minutes_circulate(request, pk):
    meeting = _get_meeting_for_user(request, pk, "change")
    if meeting.minutes_status != Meeting.Minutes.APPROVED:
        messages.error(request, "Minutes are circulated once the chair has approved them.")
        return redirect(meeting)
    form = forms.CirculateForm(
        *posted(request)[:1], initial={"circulated_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        if meeting.circulate_minutes(form.cleaned_data["circulated_on"]):
            messages.success(request, "Circulation recorded.")
        else:
            messages.error(request, "The circulation of these minutes is already recorded.")
        return redirect(meeting)
    return form_page(
        request,
        form,
        title="Record circulation of the minutes",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
    )


# Actions --------------------------------------------------------------------


@login_required
def tracker(request, pk):
    """A group's actions: filtered (open ones to start with), sorted by any column,
    and, for who may change them, several changed at once."""
    group = _get_group(request, pk)
    today = timezone.localdate()
    can_change = request.user.has_perm("meetings.change_meetings", group)
    filterset = ActionFilter(
        request.GET,
        queryset=Action.objects.filter(group=group)
        .on_items_visible_to(request.user, group=group)
        .for_tracker(),
        group=group,
    )
    sort = request.GET.get("sort", "due")
    actions = (
        filterset.qs.order_by(*ordering(sort)) if filterset.is_valid() else Action.objects.none()
    )
    table = exports.Table(
        "actions",
        "Actions, as filtered and sorted",
        tables.action_columns(today, with_group=False),
        actions,
        group.name,
    )
    if file := exports.download(request, table):
        return file
    page = paginate(request, actions)
    shown = _with_age(page.object_list, today)
    if can_change:  # the version of each shown, for the several-at-once change
        seen = stale_edits.versions(Action, [a.pk for a in shown])
        for action in shown:
            action.seen_version = seen.get(action.pk, 0)
    bulk = None
    if can_change:
        bulk = forms.BulkActionForm(
            request.POST if request.method == "POST" else None, choices=shown, group=group
        )
        if request.method == "POST":
            refused = bulk.is_valid() and _change_several(request, bulk, shown)
            if bulk.is_valid() and not refused:
                return redirect(request.get_full_path())
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "meetings/tracker.html",
        {
            "group": group,
            "filter": filterset,
            "sort": sort,
            "page": page,
            "table": table,
            "actions": shown,
            "sort_columns": SORT_COLUMNS,
            "bulk": bulk,
            "today": today,
            "soon": today + datetime.timedelta(days=14),
            "can_change": can_change,
        },
        status=409 if bulk is not None and getattr(bulk, "stale", None) else 200,
    )


SORT_COLUMNS = [
    ("number", "No."),
    ("action", "Action"),
    ("owner", "Owner"),
    ("due", "Due"),
    ("status", "Status"),
    ("age", "Age (days)"),
    ("update", "Last update"),
]


def _change_several(request, form, shown):
    """Save the form's change to each action chosen, in one transaction, unless one of
    them changed since the page showed it: then nothing is saved, and the form says
    which (returned as refused)."""
    chosen = form.cleaned_data["selected"]
    seen = {pk: request.POST.get(f"seen-{pk}", "") for pk in chosen}
    with transaction.atomic():
        locked = list(Action.objects.select_for_update().filter(pk__in=chosen).order_by("pk"))
        now = stale_edits.versions(Action, chosen)
        moved = [a for a in locked if str(now.get(a.pk, 0)) != seen[a.pk]]
        if moved:
            form.stale = moved
            form.add_error(
                None,
                "Someone changed "
                + ", ".join(f"action {a.pk}" for a in moved)
                + " since you opened this page, so nothing was saved. The tracker now shows "
                "the actions as they are: choose again, then save.",
            )
            return True
        status, due, owner = (form.cleaned_data[k] for k in ("status", "due", "owner"))
        for action in locked:
            if status:
                action.status = status
                action.completed_on = (
                    (action.completed_on or timezone.localdate())
                    if status == Action.Status.DONE
                    else None
                )
            if due:
                action.due = due
            if owner:
                action.owner = owner
            action._history_user = request.user
            action.save()
    changed = len(locked)
    messages.success(request, f"{changed} action{pluralize(changed)} changed.")
    return False


@login_required
def action_create(request, pk):
    group = _get_group(request, pk, "change")
    initial = {"item": request.GET.get("item")} if request.GET.get("item", "").isdigit() else {}
    form = forms.ActionForm(*posted(request)[:1], group=group, initial=initial)
    form.instance.group = group

    def save(form):
        action = form.save()
        return action.item.meeting if action.item else reverse("meetings:tracker", args=[group.pk])

    return edit_page(
        request,
        form,
        save=save,
        message="Action added to the tracker.",
        title="Add an action",
        caption=str(group),
        back=reverse("meetings:tracker", args=[group.pk]),
    )


def _record_update(action, form, *, user=None, person=None):
    with transaction.atomic():
        update = form.save(commit=False)
        update.action = action
        update.by_user = user
        update.by_person = person
        update.save()
        action.status = update.status
        action.completed_on = update.on if update.status == Action.Status.DONE else None
        action.save(update_fields=["status", "completed_on"])


@login_required
def action_detail(request, pk):
    action, can_update = _get_action_for_user(request, pk)
    form = forms.ActionUpdateForm(
        *posted(request)[:1],
        initial={"status": action.status},
        version_of=action if can_update else None,
    )
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied
        if form.is_valid() and stale_edits.save_if_current(
            form,
            lambda: _record_update(action, form, user=request.user, person=request.user.person),
        ):
            messages.success(request, "Update saved.")
            return redirect(action)
    return render(
        request,
        "meetings/action_detail.html",
        {
            "action": action,
            "updates": action.updates.select_related("by_user", "by_person"),
            "form": form if can_update else None,
            "can_edit": request.user.has_perm("meetings.change_meetings", action.group),
            # The officer may give the owner their link by hand, or have it emailed.
            "owner_link": (
                action_link(action.owner, base=request.build_absolute_uri("/").rstrip("/"))
                if _may_hand_on_link(request.user, action)
                else ""
            ),
            "may_send_link": action.owner_id
            and request.user.has_perm("meetings.change_meetings", action.group),
            "link_days": settings.ACTION_LINK_DAYS,
        },
        status=409 if form.refused else 200,
    )


def _may_hand_on_link(user, action):
    """Whether the user may see the owner's link itself: it opens every open action the
    owner has, so only someone who may change the groups of them all (exempt items
    included) may hold it. Others may have it emailed to the owner."""
    if not action.owner_id or not user.has_perm("meetings.change_meetings", action.group):
        return False
    groups = Group.objects.filter(
        actions__owner_id=action.owner_id, actions__status__in=Action.OPEN_STATUSES
    ).distinct()
    return all(user.has_perm("meetings.change_meetings", group) for group in groups)


def _told(responses):
    """How many were told, of the receivers' answers to an event."""
    return sum(told or 0 for _, told in responses)


@require_http_methods(["GET", "POST"])
@login_required
def action_send_link(request, pk):
    """Email the action's owner the link to update their actions (once a day at most).
    From the tracker a page asks first, and the send goes back to the tracker."""
    action = get_object_or_404(Action.objects.select_related("owner__user", "group"), pk=pk)
    require(request, "meetings.change_meetings", action.group)
    back = safe_next(request) or action.get_absolute_url()
    owner = action.owner
    account = getattr(owner, "user", None) if owner is not None else None
    reachable = owner is not None and bool(owner.email or (account and account.is_active))
    if request.method == "GET":
        return render(
            request,
            "meetings/send_link.html",
            {"action": action, "owner": owner, "reachable": reachable, "back": back},
        )
    if not reachable:
        messages.error(request, "This action's owner has no email address to send the link to.")
    elif _told(events.link_sent.send(Action, person=owner, by=request.user)):
        messages.success(request, f"{owner} has been emailed their link.")
    else:
        messages.success(request, f"{owner} was emailed their link earlier today.")
    return redirect(back)


@require_POST
@login_required
def action_revoke_links(request, pk):
    """Stop every link the action's owner has been given; a new one works."""
    action = get_object_or_404(Action.objects.select_related("owner", "group"), pk=pk)
    require(request, "meetings.change_meetings", action.group)
    if action.owner is None:
        raise Http404("This action has no owner.")
    owner = action.owner
    owner.links_revoked_at = timezone.now()
    owner._history_user = request.user  # who stopped them, in the person's history
    owner.save(update_fields=["links_revoked_at"])
    events.links_revoked.send(Person, person=owner)
    messages.success(
        request,
        f"The links {action.owner} was given no longer work. Send a new one when they need it.",
    )
    return redirect(action)


@require_POST
@login_required
def tracker_request_updates(request, pk):
    """Ask every owner of the group's open actions for an update, once a day at most."""
    group = _get_group(request, pk)
    require(request, "meetings.change_meetings", group)
    owners = list(
        Person.objects.filter(actions__group=group, actions__status__in=Action.OPEN_STATUSES)
        .exclude(email="")
        .select_related("user")
        .distinct()
        .order_by("name", "pk")
    )
    told = _told(events.updates_requested.send(Action, group=group, owners=owners, by=request.user))
    if not owners:
        messages.error(request, "No owner of an open action has an email address to ask.")
    elif told:
        messages.success(
            request,
            f"Asked {told} owner{pluralize(told)} for an update"
            + (
                f"; {len(owners) - told} had been asked today already."
                if told < len(owners)
                else "."
            ),
        )
    else:
        messages.success(request, "Every owner was asked for an update earlier today.")
    return redirect("meetings:tracker", pk=group.pk)


@login_required
def person_actions(request, pk):
    person = get_object_or_404(Person, pk=pk)
    user = request.user
    if not (user.has_perm("partnerships.view_register") or user.person_id == person.pk):
        raise PermissionDenied
    # Row by row as they are read: no query for the groups that hold exempt items.
    actions = Action.objects.filter(owner=person).for_tracker()
    visible = [a for a in actions if a.is_visible_to(user)]
    today = timezone.localdate()
    table = exports.Table(
        "actions",
        "Across all groups",
        tables.action_columns(today, with_group=True),
        visible,
        person.name,
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "meetings/person_actions.html",
        {
            "person": person,
            "table": table,
            "actions": _with_age(visible, today),
            "today": today,
            "soon": today + datetime.timedelta(days=14),
            "feed_url": request.build_absolute_uri(
                reverse("meetings:feed", args=[feed_token("person", person.pk)])
            ),
        },
    )


def owner_link(request, token):
    """No password: the signed link names the person, for ACTION_LINK_DAYS."""
    try:
        person = read_action_link(token, lambda pk: get_object_or_404(Person, pk=pk))
    except signing.SignatureExpired:
        return render(request, "meetings/link_expired.html", status=410)
    except LinkRevoked:
        return render(request, "meetings/link_expired.html", {"revoked": True}, status=410)
    except signing.BadSignature:
        raise Http404("This link is not valid.") from None
    if request.method == "POST" and request.POST.get("reminders") in ("stop", "start"):
        # Digests only: escalations of long-overdue actions to a chair are still sent.
        person.digest_opt_out = request.POST["reminders"] == "stop"
        person.save(update_fields=["digest_opt_out"])
        messages.success(
            request,
            "You will get no more daily reminder emails."
            if person.digest_opt_out
            else "Daily reminder emails are on again.",
        )
        return redirect(request.path)
    actions = list(Action.objects.filter(owner=person).open().for_tracker())
    seen = stale_edits.versions(Action, [a.pk for a in actions])
    forms_by_action = {
        a.pk: forms.ActionUpdateForm(
            prefix=f"a{a.pk}",
            initial={"status": a.status},
            version_of=a,
            seen=seen.get(a.pk, 0),
        )
        for a in actions
    }
    status = 200
    if request.method == "POST":
        action = next((a for a in actions if str(a.pk) == request.POST.get("action")), None)
        if action is None:
            raise Http404("That action is not one of yours, or it is closed.")
        form = forms.ActionUpdateForm(
            request.POST, prefix=f"a{action.pk}", version_of=action, seen=seen.get(action.pk, 0)
        )
        if form.is_valid() and stale_edits.save_if_current(
            form, lambda: _record_update(action, form, person=person)
        ):
            messages.success(request, f"Update saved: {action.description[:60]}")
            return redirect(request.path)
        forms_by_action[action.pk] = form
        status = 409 if form.refused else 200
    today = timezone.localdate()
    rows = [(a, forms_by_action[a.pk]) for a in _with_age(actions, today)]
    return render(
        request,
        "meetings/owner_link.html",
        {"person": person, "rows": rows, "today": today},
        status=status,
    )


@login_required
def tracker_upload(request, pk):
    group = _get_group(request, pk, "change")
    form = forms.TrackerUploadForm(*posted(request))
    context = {"form": form, "group": group}
    if request.method == "POST" and form.is_valid():
        try:
            result = apply_tracker(group, form.cleaned_data["file"], user=request.user)
        except ImportFailed as failed:
            context["problems"] = failed.problems
        else:
            changed = result.changed
            said = f"Tracker updated: {changed} action{'s' if changed != 1 else ''} changed."
            if not result.not_applied:
                messages.success(request, said)
                return redirect("meetings:tracker", pk=group.pk)
            # Rows not applied stay on this page, listed, to be done again from a new download.
            context.update(form=forms.TrackerUploadForm(), result=result, said=said)
    return render(request, "meetings/tracker_upload.html", context)


@login_required
def tracker_download(request, pk):
    group = _get_group(request, pk)
    actions = (
        Action.objects.filter(group=group)
        .open()
        .on_items_visible_to(request.user, group=group)
        .for_tracker()
    )
    rows = download_rows(list(actions))
    return table_response(f"tracker-{group.pk}", DOWNLOAD_COLUMNS, rows, "csv")


# Calendar feeds -------------------------------------------------------------


def feed(request, token):
    kind, pk = read_feed_token(token)
    if kind == "group":
        group = get_object_or_404(Group, pk=pk)
        body = feed_for_group(group, request.build_absolute_uri("/"))
    else:
        person = get_object_or_404(Person, pk=pk)
        body = feed_for_person(person, request.build_absolute_uri("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def person_feed_link(request, pk):
    person = get_object_or_404(Person, pk=pk)
    if not (
        request.user.has_perm("partnerships.view_register") or request.user.person_id == person.pk
    ):
        raise PermissionDenied
    return HttpResponse(
        request.build_absolute_uri(
            reverse("meetings:feed", args=[feed_token("person", person.pk)])
        ),
        content_type="text/plain",
    )


@login_required
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.select_related("group__partnership"), pk=pk)
    require(request, "meetings.change_meetings", action.group)
    form = forms.ActionForm(*posted(request)[:1], instance=action, group=action.group)
    return edit_page(
        request,
        form,
        message="Action saved.",
        then=action,
        title=f"Edit action {action.pk}",
        caption=str(action.group),
        back=action.get_absolute_url(),
    )


@login_required
def item_edit(request, pk):
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__group__partnership"), pk=pk
    )
    meeting = item.meeting
    require(request, "meetings.change_meetings", meeting.group)
    if _minutes_frozen(request, meeting):
        return redirect(meeting)
    form = forms.AgendaItemForm(*posted(request), instance=item)

    def save(form):
        form.save()
        form.save_paper(item)
        meeting.revise()

    return edit_page(
        request,
        form,
        save=save,
        message="Agenda item saved.",
        then=meeting,
        title=f"Edit item {item.position}",
        caption=str(meeting),
        back=meeting.get_absolute_url(),
        multipart=True,
    )
