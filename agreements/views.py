"""The agreements register of a partnership: its agreements, each with its parties
and their signatures, and the pages to keep them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from agreements import tables
from agreements.filters import AgreementFilter
from agreements.forms import AgreementForm, PartyForm, SignatureForm
from agreements.models import Agreement, Party
from config import exports
from config.files import download
from config.pages import edit_page, paginate, posted, require
from partnerships.views import get_partnership_for_user


@login_required
def agreement_register(request, pk):
    """A partnership's agreements, filtered, those due for review first."""
    partnership = get_partnership_for_user(request, pk)
    filterset = AgreementFilter(
        request.GET,
        queryset=Agreement.objects.filter(partnership=partnership).for_register(),
    )
    agreements = filterset.qs if filterset.is_valid() else Agreement.objects.none()
    listed = list(agreements)
    table = exports.Table(
        "agreements", "Agreements, as filtered", tables.AGREEMENTS, listed, partnership.name
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "agreements/register.html",
        {
            "partnership": partnership,
            "filter": filterset,
            "page": paginate(request, listed),
            "table": table,
            "can_change": request.user.has_perm("partnerships.change_partnership", partnership),
        },
    )


def _get_agreement(request, pk, perm="view", queryset=None):
    """The agreement, 404 when there is none, 403 when the user may not `perm` its
    partnership."""
    queryset = Agreement.objects.select_related("partnership") if queryset is None else queryset
    agreement = get_object_or_404(queryset, pk=pk)
    require(request, f"partnerships.{perm}_partnership", agreement.partnership)
    return agreement


def _get_party(request, pk):
    party = get_object_or_404(
        Party.objects.select_related("agreement__partnership", "organisation"), pk=pk
    )
    require(request, "partnerships.change_partnership", party.agreement.partnership)
    return party


@login_required
def agreement_detail(request, pk):
    agreement = _get_agreement(request, pk, queryset=Agreement.objects.for_detail_page())
    parties = list(agreement.parties.all())
    history = agreement.change_history()
    page_tables = {
        "parties": exports.Table("parties", "Parties", tables.PARTIES, parties, agreement.title),
        "history": exports.Table(
            "agreement-history", "Change history", tables.HISTORY, history, agreement.title
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "partnership": agreement.partnership,
            "parties": parties,
            "status": agreement.status(),
            "history": history,
            "tables": page_tables,
            "today": timezone.localdate(),
            "can_change": request.user.has_perm(
                "partnerships.change_partnership", agreement.partnership
            ),
        },
    )


@login_required
def agreement_create(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")
    form = AgreementForm(*posted(request), partnership=partnership)
    return edit_page(
        request,
        form,
        title="Add an agreement",
        caption=str(partnership),
        back=reverse("agreements:agreement_register", args=[pk]),
        multipart=True,
    )


@login_required
def agreement_edit(request, pk):
    agreement = _get_agreement(request, pk, "change")
    form = AgreementForm(*posted(request), instance=agreement, partnership=agreement.partnership)
    return edit_page(
        request,
        form,
        title=f"Edit {agreement.title}",
        caption=str(agreement.partnership),
        back=agreement.get_absolute_url(),
        multipart=True,
    )


@login_required
def agreement_document(request, pk):
    """The agreement's document, for those who may view its partnership."""
    agreement = _get_agreement(request, pk)
    filename = f"{agreement.partnership} - {agreement.title}{agreement.document_extension}"
    return download(agreement.document, filename)


@login_required
def party_add(request, pk):
    agreement = _get_agreement(request, pk, "change")
    form = PartyForm(posted(request)[0], agreement=agreement)
    return edit_page(
        request,
        form,
        title="Add a party",
        caption=agreement.title,
        back=agreement.get_absolute_url(),
        message=lambda f: f"{f.instance.organisation} added as a party.",
    )


@login_required
def party_edit(request, pk):
    party = _get_party(request, pk)
    form = PartyForm(posted(request)[0], instance=party, agreement=party.agreement)
    return edit_page(
        request,
        form,
        title=f"Edit the party {party.organisation}",
        caption=party.agreement.title,
        back=party.agreement.get_absolute_url(),
        message=lambda f: f"{party.organisation}'s part in the agreement saved.",
    )


@login_required
def party_sign(request, pk):
    party = _get_party(request, pk)
    initial = {} if party.signed_on else {"signed_on": timezone.localdate()}
    form = SignatureForm(posted(request)[0], instance=party, initial=initial)
    return edit_page(
        request,
        form,
        title=f"Record the signature of {party.organisation}",
        caption=party.agreement.title,
        back=party.agreement.get_absolute_url(),
        message=lambda f: f"{party.organisation}'s signature recorded.",
    )
