import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from config import exports, files
from config.files import download
from config.imports import ImportFailed
from config.pages import edit_page, paginate, posted, require
from config.spreadsheets import FORMATS, table_response
from ops.models import with_source
from partnerships import filters, forms, personal_data, tables
from partnerships.load import membership_load
from partnerships.models import (
    BoardLink,
    Deputy,
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)
from partnerships.register_export import register_workbook
from partnerships.register_files import import_register
from partnerships.structure_chart import structure_chart


def get_partnership_for_user(request, pk, perm="view", queryset=None):
    """The partnership, 404 when there is none, 403 when the user may not `perm` it."""
    queryset = Partnership.objects.all() if queryset is None else queryset
    partnership = get_object_or_404(queryset, pk=pk)
    require(request, f"partnerships.{perm}_partnership", partnership)
    return partnership


def _get_group_for_user(request, pk, perm="view", queryset=None):
    queryset = Group.objects.select_related("partnership") if queryset is None else queryset
    group = get_object_or_404(queryset, pk=pk)
    require(request, f"partnerships.{perm}_group", group)
    return group


def _get_register_object(request, model, pk, perm="view"):
    require(request, f"partnerships.{perm}_register")
    return get_object_or_404(model, pk=pk)


def _setting(**fields):
    """A save for edit_page that sets these fields (the partnership a group is added
    to) before saving the form's record."""

    def save(form):
        obj = form.save(commit=False)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
        form.save_m2m()
        return obj

    return save


# Partnerships ---------------------------------------------------------------


@login_required
def partnership_list(request):
    require(request, "partnerships.view_register")
    filterset = filters.PartnershipFilter(request.GET, queryset=Partnership.objects.for_list())
    table = exports.Table(
        "partnerships", "Partnerships in the register", tables.PARTNERSHIPS, filterset.qs
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "partnerships/partnership_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "table": table,
            "can_add": request.user.has_perm("partnerships.change_register"),
        },
    )


@login_required
def partnership_create(request):
    require(request, "partnerships.change_register")
    form = forms.PartnershipForm(posted(request)[0])

    def save(form):
        partnership = form.save()
        if request.user.is_officer:
            request.user.partnerships.add(partnership)
        return partnership

    return edit_page(
        request,
        form,
        save=save,
        message="Partnership added.",
        title="Add a partnership",
        back="partnerships:partnership_list",
    )


@login_required
def partnership_detail(request, pk):
    partnership = get_partnership_for_user(
        request, pk, queryset=Partnership.objects.for_detail_page()
    )
    composition = partnership.statutory_composition()
    links = list(BoardLink.objects.of(partnership).for_partnership_page())
    for link in links:
        link.can_change = request.user.has_perm("partnerships.change_board_link", link)
        link.other_board = link.other(partnership)
        link.seen_from_here = link.seen_from(partnership)
    name = partnership.name
    page_tables = {
        "composition": exports.Table(
            "responsible-authorities",
            "Statutory responsible authorities",
            tables.COMPOSITION,
            composition,
            name,
        ),
        "members": exports.Table(
            "member-organisations",
            "Member organisations",
            tables.PARTNERSHIP_MEMBERS,
            list(partnership.members.all()),
            name,
        ),
        "groups": exports.Table(
            "groups",
            "Groups",
            tables.group_columns(with_partnership=False),
            partnership.live_groups,
            name,
        ),
        "links": exports.Table(
            "board-links", "Links with other boards", tables.BOARD_LINKS, links, name
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "composition": composition,
            "links": links,
            "today": timezone.localdate(),
            "groups": paginate(request, partnership.live_groups()),
            "tables": page_tables,
            "can_change": request.user.has_perm("partnerships.change_partnership", partnership),
        },
    )


@login_required
def partnership_edit(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")
    original = str(partnership)
    form = forms.PartnershipForm(posted(request)[0], instance=partnership)
    return edit_page(
        request,
        form,
        save=_setting(),
        message="Partnership saved.",
        title=f"Edit {original}",
        back=partnership.get_absolute_url(),
    )


@login_required
def partnership_member_add(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")
    form = forms.PartnershipMemberForm(posted(request)[0], partnership=partnership)
    return edit_page(
        request,
        form,
        save=_setting(partnership=partnership),
        message="Organisation added to the partnership.",
        then=partnership,
        title="Add a member organisation",
        caption=str(partnership),
        back=partnership.get_absolute_url(),
    )


@login_required
def partnership_member_remove(request, pk, member_pk):
    """Ask first (GET), then remove (POST); the history keeps the membership."""
    partnership = get_partnership_for_user(request, pk, "change")
    member = get_object_or_404(
        PartnershipMember.objects.select_related("organisation"),
        pk=member_pk,
        partnership=partnership,
    )
    if request.method == "POST":
        member.delete()
        messages.success(request, f"{member.organisation} is no longer a member of {partnership}.")
        return redirect(partnership)
    return render(
        request, "partnerships/confirm_remove.html", {"partnership": partnership, "member": member}
    )


@login_required
def structure(request, pk):
    partnership = get_partnership_for_user(request, pk)
    chart = structure_chart(partnership)
    return render(
        request,
        "partnerships/structure.html",
        {"partnership": partnership, "chart": chart, "today": timezone.localdate()},
    )


# Links between boards ---------------------------------------------------------


def _get_board_link(request, pk, perm="change"):
    """The link, 404 when there is none, 403 when the user may not `perm` it: view
    either board, or change (support either board, or administer)."""
    link = get_object_or_404(
        BoardLink.objects.select_related("from_partnership", "to_partnership"), pk=pk
    )
    if perm == "view":
        require(request, "partnerships.view_partnership", link.from_partnership)
    else:
        require(request, "partnerships.change_board_link", link)
    return link


@login_required
def board_link_create(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")
    form = forms.BoardLinkForm(*posted(request), partnership=partnership)
    return edit_page(
        request,
        form,
        message="Link between boards added.",
        then=partnership,
        title="Add a link with another board",
        caption=str(partnership),
        back=partnership.get_absolute_url(),
        multipart=True,
    )


@login_required
def board_link_edit(request, pk):
    link = _get_board_link(request, pk)
    form = forms.BoardLinkForm(*posted(request), instance=link, partnership=link.from_partnership)
    return edit_page(
        request,
        form,
        message="Link between boards saved.",
        title="Edit the link between boards",
        caption=f"{link.from_partnership} and {link.to_partnership}",
        back=link.get_absolute_url(),
        multipart=True,
    )


@login_required
def board_link_remove(request, pk):
    """Ask first (GET), then remove (POST); the history keeps the link."""
    link = _get_board_link(request, pk)
    if request.method == "POST":
        link.delete()
        messages.success(request, f"The link “{link}” is removed.")
        return redirect(link.from_partnership)
    return render(request, "partnerships/board_link_remove.html", {"link": link})


@login_required
def board_link_protocol(request, pk):
    """The protocol document, served only to those who may view the boards."""
    link = _get_board_link(request, pk, "view")
    filename = (
        f"{link.from_partnership} - {link.to_partnership} - "
        f"{link.get_kind_display()} protocol{link.protocol_extension}"
    )
    return download(link.protocol_file, filename)


@login_required
def tor_register(request, pk):
    partnership = get_partnership_for_user(request, pk)
    today = timezone.localdate()
    groups = list(Group.objects.for_tor_register().filter(partnership=partnership))
    order = {Group.TorStatus.MISSING: 0, Group.TorStatus.OVERDUE: 1, Group.TorStatus.CURRENT: 2}
    groups.sort(key=lambda g: (order[g.tor_status(today)], g.tor_review_due or today, g.name))
    counts = {status: sum(1 for g in groups if g.tor_status(today) == status) for status in order}
    table = exports.Table(
        "terms-of-reference",
        "Groups and their Terms of Reference",
        tables.TOR_REGISTER,
        groups,
        partnership.name,
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "partnerships/tor_register.html",
        {"partnership": partnership, "groups": groups, "counts": counts, "table": table},
    )


@login_required
def load(request, pk):
    partnership = get_partnership_for_user(request, pk)
    try:
        threshold = int(request.GET.get("threshold", round(settings.OVERLAP_THRESHOLD * 100)))
    except ValueError:
        threshold = -1
    if not 1 <= threshold <= 100:
        if exports.FORMAT not in request.GET:  # a download follows the page, which said so
            messages.error(
                request, "The overlap threshold must be a whole percentage from 1 to 100."
            )
        threshold = round(settings.OVERLAP_THRESHOLD * 100)
    data = membership_load(partnership, threshold / 100)
    name = partnership.name
    page_tables = {
        "overlaps": exports.Table(
            "shared-members", "Candidates to merge", tables.OVERLAPS, data["overlaps"], name
        ),
        "people": exports.Table(
            "membership-load", "People, busiest first", tables.LOAD_PEOPLE, data["per_person"], name
        ),
        "organisations": exports.Table(
            "seats-by-organisation",
            "Seats by organisation",
            tables.LOAD_ORGANISATIONS,
            data["per_organisation"],
            name,
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "partnerships/load.html",
        {"partnership": partnership, "threshold": threshold, "tables": page_tables, **data},
    )


# Groups ---------------------------------------------------------------------


@login_required
def group_list(request):
    require(request, "partnerships.view_register")
    filterset = filters.GroupFilter(request.GET, queryset=Group.objects.for_list())
    table = exports.Table(
        "groups",
        "Groups in the register",
        tables.group_columns(with_partnership=True),
        filterset.qs,
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "partnerships/group_list.html",
        {"filter": filterset, "page": paginate(request, filterset.qs), "table": table},
    )


@login_required
def group_create(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")
    form = forms.GroupForm(*posted(request), partnership=partnership)
    return edit_page(
        request,
        form,
        save=_setting(partnership=partnership),
        message="Group added.",
        title="Add a group",
        caption=str(partnership),
        back=partnership.get_absolute_url(),
        multipart=True,
    )


@login_required
def group_detail(request, pk):
    group = _get_group_for_user(request, pk, queryset=with_source(Group.objects.for_detail_page()))
    history = group.change_history()
    page_tables = {
        "members": exports.Table(
            "members", "Members", tables.GROUP_MEMBERS, group.current_memberships, group.name
        ),
        "history": exports.Table("history", "Latest changes", tables.HISTORY, history, group.name),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "partnerships/group_detail.html",
        {
            "group": group,
            "can_change": request.user.has_perm("partnerships.change_group", group),
            "history": history,
            "tables": page_tables,
        },
    )


@login_required
def group_edit(request, pk):
    group = _get_group_for_user(request, pk, "change")
    original = str(group)
    form = forms.GroupForm(*posted(request), instance=group, partnership=group.partnership)
    return edit_page(
        request,
        form,
        save=_setting(),
        message="Group saved.",
        title=f"Edit {original}",
        caption=str(group.partnership),
        back=group.get_absolute_url(),
        multipart=True,
    )


@login_required
@require_POST
def group_archive(request, pk):
    group = _get_group_for_user(request, pk, "change")
    today = timezone.localdate()
    with transaction.atomic():
        if group.archived_at is None:
            group.archived_at = timezone.now()
            group.save(update_fields=["archived_at"])
        seats = group.memberships.filter(end__isnull=True)
        for membership in seats:
            membership.end_on(today)
    ended = len(seats)
    messages.success(
        request,
        f"{group} is archived; {ended} current memberships were ended. Its records are kept.",
    )
    return redirect(group.partnership)


@login_required
def group_tor(request, pk):
    """The Terms of Reference file, served only to those who may view the group."""
    group = _get_group_for_user(request, pk)
    filename = f"{group.partnership} - {group.name} - Terms of Reference{group.tor_extension}"
    return download(group.tor_file, filename)


@login_required
def membership_add(request, pk):
    group = _get_group_for_user(request, pk, "change")
    form = forms.MembershipForm(posted(request)[0], group=group)
    return edit_page(
        request,
        form,
        save=_setting(group=group),
        message="Member added.",
        then=group,
        title="Add a member",
        caption=str(group),
        back=group.get_absolute_url(),
    )


@login_required
def membership_edit(request, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("group__partnership", "person"), pk=pk
    )
    group = membership.group
    require(request, "partnerships.change_group", group)
    form = forms.MembershipForm(posted(request)[0], instance=membership, group=group)
    return edit_page(
        request,
        form,
        save=_setting(),
        message="Membership saved.",
        then=group,
        title=f"Edit the membership of {membership.person}",
        caption=str(group),
        back=group.get_absolute_url(),
    )


@login_required
def seat_deputies(request, pk):
    """A seat's standing deputies, and a form to add one: they are offered first when
    a meeting's attendance records a substitute for the seat."""
    seat = get_object_or_404(
        Membership.objects.select_related("group__partnership", "person"), pk=pk
    )
    group = seat.group
    require(request, "partnerships.change_group", group)
    form = forms.DeputyForm(posted(request)[0], seat=seat)
    if request.method == "POST" and form.is_valid():
        deputy = form.save()
        messages.success(request, f"{deputy.person.name} is now a deputy for {seat.person.name}.")
        return redirect("partnerships:seat_deputies", seat.pk)
    return render(
        request,
        "partnerships/seat_deputies.html",
        {
            "seat": seat,
            "group": group,
            "form": form,
            "deputies": seat.deputies.select_related("person__organisation", "on_behalf_of"),
        },
    )


@login_required
@require_POST
def deputy_remove(request, pk):
    deputy = get_object_or_404(
        Deputy.objects.select_related("seat__group__partnership", "person"), pk=pk
    )
    require(request, "partnerships.change_group", deputy.seat.group)
    deputy.delete()
    messages.success(request, f"{deputy.person.name} is no longer a deputy for this seat.")
    return redirect("partnerships:seat_deputies", deputy.seat_id)


# Organisations --------------------------------------------------------------


@login_required
def organisation_list(request):
    require(request, "partnerships.view_register")
    filterset = filters.OrganisationFilter(request.GET, queryset=Organisation.objects.for_list())
    table = exports.Table(
        "organisations", "Organisations in the register", tables.ORGANISATIONS, filterset.qs
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "partnerships/organisation_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "table": table,
            "can_add": request.user.has_perm("partnerships.change_register"),
        },
    )


@login_required
def organisation_detail(request, pk):
    require(request, "partnerships.view_register")
    organisation = get_object_or_404(with_source(Organisation.objects.for_detail_page()), pk=pk)
    table = exports.Table(
        "seats",
        "Seats it fills",
        tables.ORGANISATION_SEATS,
        organisation.current_seats,
        organisation.name,
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "partnerships/organisation_detail.html",
        {
            "organisation": organisation,
            "table": table,
            "can_change": request.user.has_perm("partnerships.change_register"),
        },
    )


@login_required
def organisation_create(request):
    require(request, "partnerships.change_register")
    form = forms.OrganisationForm(posted(request)[0])
    return edit_page(
        request,
        form,
        save=_setting(),
        message="Organisation added.",
        title="Add an organisation",
        back="partnerships:organisation_list",
    )


@login_required
def organisation_edit(request, pk):
    organisation = _get_register_object(request, Organisation, pk, "change")
    original = str(organisation)
    form = forms.OrganisationForm(posted(request)[0], instance=organisation)
    return edit_page(
        request,
        form,
        save=_setting(),
        message="Organisation saved.",
        title=f"Edit {original}",
        back=organisation.get_absolute_url(),
    )


@login_required
@require_POST
def organisation_archive(request, pk):
    organisation = _get_register_object(request, Organisation, pk, "change")
    if organisation.archived_at is None:
        organisation.archived_at = timezone.now()
        organisation.save(update_fields=["archived_at"])
    messages.success(request, f"{organisation} is archived. Its records are kept.")
    return redirect("partnerships:organisation_list")


# People ---------------------------------------------------------------------


@login_required
def person_list(request):
    require(request, "partnerships.view_register")
    sees_contact = request.user.has_perm("partnerships.view_contact_details")
    filterset = filters.PersonFilter(
        request.GET, queryset=Person.objects.for_list(), search_email=sees_contact
    )
    table = exports.Table(
        "people",
        "People in the register",
        tables.person_columns(with_email=sees_contact),
        filterset.qs,
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "partnerships/person_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "table": table,
            "sees_contact": sees_contact,
            "can_add": request.user.has_perm("partnerships.change_register"),
        },
    )


@login_required
def person_detail(request, pk):
    require(request, "partnerships.view_register")
    person = get_object_or_404(with_source(Person.objects.for_detail_page()), pk=pk)
    table = exports.Table(
        "groups", "Groups", tables.PERSON_GROUPS, person.current_memberships, person.name
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "partnerships/person_detail.html",
        {
            "person": person,
            "table": table,
            "meetings_a_year": sum(m.group.meetings_a_year for m in person.current_memberships),
            "can_change": request.user.has_perm("partnerships.change_register"),
            "sees_contact": request.user.has_perm("partnerships.view_contact_details"),
            "answers_data_requests": request.user.is_admin,
        },
    )


@login_required
def person_create(request):
    require(request, "partnerships.change_register")
    form = forms.PersonForm(posted(request)[0])
    return edit_page(
        request,
        form,
        save=_setting(),
        message="Person added.",
        title="Add a person",
        back="partnerships:person_list",
    )


@login_required
def person_edit(request, pk):
    person = _get_register_object(request, Person, pk, "change")
    original = str(person)
    form = forms.PersonForm(posted(request)[0], instance=person)
    return edit_page(
        request,
        form,
        save=_setting(),
        message="Person saved.",
        title=f"Edit {original}",
        back=person.get_absolute_url(),
    )


@login_required
@require_POST
def person_archive(request, pk):
    person = _get_register_object(request, Person, pk, "change")
    with transaction.atomic():
        if person.archived_at is None:
            person.archived_at = timezone.now()
            person.save(update_fields=["archived_at"])
        ended = kept = 0
        today = timezone.localdate()
        for membership in person.memberships.filter(end__isnull=True).select_related("group"):
            # Only in the groups this user may change; a seat not yet started ends as it starts.
            if not request.user.has_perm("partnerships.change_group", membership.group):
                kept += 1
                continue
            membership.end_on(today)
            ended += 1
    note = (
        f" {kept} in partnerships you do not support were left for their officers." if kept else ""
    )
    messages.success(
        request, f"{person} is archived; {ended} current memberships were ended.{note}"
    )
    return redirect("partnerships:person_list")


# A person's data under UK GDPR (administrators) -------------------------------


def _data_protection(request, pk):
    """The person, for an administrator answering a request about their data."""
    if not request.user.is_admin:
        raise PermissionDenied
    return get_object_or_404(Person, pk=pk)


@login_required
def person_data(request, pk):
    """Everything held about a person, to give them (JSON or CSV), and whether they
    can be erased, with the reasons when they cannot."""
    person = _data_protection(request, pk)
    wanted = request.GET.get("format")
    if wanted in ("json", "csv"):
        held = personal_data.held_about(person)
        name = f"personal-data-{person.pk}-{timezone.localdate().isoformat()}"
        if wanted == "csv":
            return table_response(
                name, personal_data.CSV_HEADERS, personal_data.csv_rows(held), "csv"
            )
        response = HttpResponse(personal_data.as_json(held), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    return render(
        request,
        "partnerships/person_data.html",
        {
            "person": person,
            "held": personal_data.held_counts(person),
            "refused": personal_data.erasure_refused(person),
            "years": settings.PEOPLE_ANONYMISED_AFTER_YEARS,
        },
    )


@require_POST
@login_required
def person_erase(request, pk):
    person = _data_protection(request, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, f"Tick the box to confirm that {person.name} is to be erased.")
        return redirect("partnerships:person_data", pk=person.pk)
    try:
        personal_data.erase(person)
    except ValueError:
        messages.error(request, f"{person.name} cannot be erased: see the reasons below.")
        return redirect("partnerships:person_data", pk=person.pk)
    messages.success(
        request,
        f"{person.name} and their history are erased. An account they had stays, unlinked:"
        " close it in Administration if it is no longer needed.",
    )
    return redirect("partnerships:person_list")


# Import and export ----------------------------------------------------------


def _forget_imports(request):
    """Forget this person's earlier unconfirmed upload, and anyone's abandoned ones."""
    earlier = request.session.pop("register_import", None)
    if earlier and re.fullmatch(r"[0-9a-f]{32}", earlier):
        files.release(earlier)
    files.release_abandoned(timezone.now())


def _import_sources(token):
    """The workbook's bytes, or {sheet: CSV bytes}, of the upload held under the token."""
    held = files.held(token)
    if "register.xlsx" in held:
        return held["register.xlsx"]
    return {name.removesuffix(".csv"): data for name, data in held.items()}


def _held_name(upload):
    return "register.xlsx" if upload.name.lower().endswith(".xlsx") else upload.name.lower()


def _run_import(token, *, dry_run, user):
    try:
        return import_register(_import_sources(token), dry_run=dry_run, user=user), []
    except ImportFailed as failed:
        return None, failed.problems


@login_required
def register_import(request):
    """Upload, preview what would change, then confirm: nothing is saved before."""
    require(request, "partnerships.change_register")
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        if token != request.session.get("register_import") or not re.fullmatch(
            r"[0-9a-f]{32}", token
        ):
            messages.error(request, "That import has expired. Upload the files again.")
            return redirect("partnerships:register_import")
        summary, problems = _run_import(token, dry_run=False, user=request.user)
        files.release(token)
        del request.session["register_import"]
        if problems:
            return render(
                request,
                "partnerships/import.html",
                {"form": forms.RegisterImportForm(), "problems": problems},
            )
        skipped = len(summary.all_skipped())
        note = f" {skipped} rows you may not change were skipped." if skipped else ""
        messages.success(request, f"Import saved: {summary.changes} rows created or updated.{note}")
        return redirect("partnerships:partnership_list")

    form = forms.RegisterImportForm(*posted(request))
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        _forget_imports(request)
        token = uuid.uuid4().hex
        files.hold(token, {_held_name(upload): upload for upload in form.cleaned_data["files"]})
        summary, problems = _run_import(token, dry_run=True, user=request.user)
        if problems:
            files.release(token)
            context["problems"] = problems
        else:
            request.session["register_import"] = token
            context.update(summary=summary, token=token)
    return render(request, "partnerships/import.html", context)


@login_required
def register_export(request):
    # The workbook holds everyone's email address: officers and administrators only.
    require(request, "partnerships.change_register")
    stamp = timezone.localdate().isoformat()
    return _workbook_response(register_workbook(), f"register-{stamp}.xlsx")


@login_required
def register_template(request):
    """The import's sheets with their headers only, and the codes each choice column takes."""
    require(request, "partnerships.change_register")
    return _workbook_response(register_workbook(blank=True), "register-template.xlsx")


def _workbook_response(data, filename):
    response = HttpResponse(data, content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
