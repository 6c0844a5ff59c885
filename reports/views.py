"""Asking for a report, following its progress and downloading it."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from config.files import download as file_response
from config.periods import parse_year
from ops.models import ConfidentialDownload
from reports import access, services
from reports.models import Report

PAGE_SIZE = 25
WITH_YEAR = {Report.Kind.GOVERNANCE, Report.Kind.FUNDING}


@login_required
@require_POST
def request_report(request):
    kind = request.POST.get("kind", "")
    record = access.subject(kind, request.POST.get("subject"))
    if not access.may_read(request.user, kind, record):
        raise PermissionDenied
    year = None
    if kind in WITH_YEAR and request.POST.get("year"):
        try:
            year = parse_year(request.POST["year"])
        except ValueError as exc:
            messages.error(request, f"{exc}.")
            return redirect(request.POST.get("back") or "reports:list")
    report, created = services.request_report(
        kind,
        record,
        year=year,
        include_exempt=access.sees_exempt(request.user, kind, record),
        user=request.user,
    )
    if not created and report.status == Report.Status.READY:
        messages.info(request, "Nothing in it has changed since this copy was built.")
    elif not created:
        messages.info(request, "This report was already being built: this is its progress.")
    return redirect(report)


def _report_for(request, pk):
    report = get_object_or_404(
        Report.objects.select_related("partnership", "group", "meeting__group", "review"), pk=pk
    )
    if not access.may_download(request.user, report):
        raise Http404("No such report.")
    return report


@login_required
def detail(request, pk):
    report = _report_for(request, pk)
    return render(request, "reports/detail.html", {"report": report})


@login_required
def status(request, pk):
    report = _report_for(request, pk)
    return JsonResponse({"status": report.status, "label": report.get_status_display()})


@require_safe
@login_required
def download(request, pk):
    report = _report_for(request, pk)
    if report.status != Report.Status.READY:
        raise Http404("This report is not ready.")
    # One hyphen between words: "governance-report-swindon-csp-2026-27.pdf".
    name = re.sub(r"[^a-z0-9]+", "-", report.title.lower()).strip("-")[:80] or "report"
    response = file_response(report.file, filename=f"{name}.pdf")
    if report.include_exempt and request.method == "GET":  # a HEAD downloads nothing
        ConfidentialDownload.record(
            request, ConfidentialDownload.Kind.REPORT, report.title, report.pk
        )
    return response


@login_required
@require_POST
def retry(request, pk):
    report = _report_for(request, pk)
    if report.status != Report.Status.FAILED:
        messages.info(request, "Only a failed report can be asked for again.")
        return redirect(report)
    again, _ = services.retry(report)
    messages.success(request, "The report has been asked for again.")
    return redirect(again)


@login_required
def report_list(request):
    reports = Report.objects.select_related("partnership", "group", "meeting", "review")
    if not request.user.is_admin:
        reports = reports.filter(requested_by=request.user)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {"page": page})
