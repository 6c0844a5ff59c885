"""Requesting and building reports.

`request_report` returns the report already pending or running for the same key,
or creates one and enqueues its build once the transaction commits; should the
job queue be away, the report stays pending and its build is sent again later
(config/jobs.py). `build` is what the task runs: it claims the report (pending,
or running on a worker that died), renders it, and stores the file and READY
under the report's row lock, so a build sent twice, or a second run of the same
task, does nothing."""

import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from config import jobs
from config.celery import RecordedTask
from config.periods import year_label
from ops.models import FailedJob
from reports import documents
from reports.access import FIELDS
from reports.models import Report

log = logging.getLogger(__name__)

BUILD_TASK = "reports.tasks.build_report"
# Builds that never came back (the worker died each time) before the report is failed.
MOST_ATTEMPTS = 3


def request_report(kind, record, *, year=None, include_exempt=False, user=None):
    key = Report.key_for(kind, record, year, include_exempt)
    existing = Report.objects.filter(key=key, status__in=Report.ACTIVE).first()
    if existing:
        return existing, False
    fingerprint = documents.fingerprint(kind, record, include_exempt=include_exempt)
    if fingerprint:
        built = Report.objects.filter(key=key, status=Report.Status.READY, fingerprint=fingerprint)
        if cached := built.order_by("-finished_at").first():
            return cached, False
    report = Report(
        kind=kind,
        fingerprint=fingerprint,
        year=year,
        include_exempt=include_exempt,
        requested_by=user,
        title=_title(kind, record, year),
        **{FIELDS[kind]: record},
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Someone asked for the same report a moment ago: join theirs.
        return Report.objects.get(key=key, status__in=Report.ACTIVE), False
    _enqueue(report.pk)
    return report, True


def retry(report):
    """A failed report is asked for again (as a new request, so the error stays on record)."""
    return request_report(
        report.kind,
        report.subject,
        year=report.year,
        include_exempt=report.include_exempt,
        user=report.requested_by,
    )


def _enqueue(report_id):
    # By its path: the task calls this module, which imports nothing of the tasks'.
    jobs.enqueue_on_commit(BUILD_TASK, report_id)


def _title(kind, record, year):
    label = Report.Kind(kind).label
    suffix = f" {year_label(year)}" if year else ""
    return f"{label}{suffix}: {record}"


def build(report_id):
    """Render and store one report. Safe to run twice, or after a worker died: the
    claim (one UPDATE) is won by one run only, and not while another builds it."""
    waiting = Report.objects.filter(pk=report_id).claimable()
    claimed = waiting.update(
        status=Report.Status.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        log.info("report %s is not waiting to be built; nothing to do", report_id)
        return None
    if Report.objects.filter(pk=report_id, attempts__gt=MOST_ATTEMPTS).exists():
        error = f"Its build stopped the worker {MOST_ATTEMPTS} times, so it was not tried again."
        fail(report_id, error)
        FailedJob.record("reports.build", "", [report_id], {}, RuntimeError(error))
        return None
    # The report's leftovers are collected once it is stored and marked ready.
    with documents.fewer_collections():
        return _render_and_store(report_id)


def _render_and_store(report_id):
    report = Report.objects.get(pk=report_id)
    try:
        rendered = documents.render(
            report.kind, report.subject, year=report.year, include_exempt=report.include_exempt
        )
    except RecordedTask.autoretry_for:
        _give_back(report_id)
        raise  # the database or broker was away: the task tries again
    except Exception as exc:  # a report that cannot be drawn is failed, not retried
        log.exception("report %s failed", report_id)
        fail(report_id, f"{type(exc).__name__}: {exc}")
        FailedJob.record("reports.build", "", [report_id], {}, exc)
        return None
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status != Report.Status.RUNNING:
            return None  # another run finished it first
        report.file.save(report.filename, ContentFile(rendered.pdf), save=False)
        report.pages = rendered.pages
        report.size = len(rendered.pdf)
        report.status = Report.Status.READY
        report.finished_at = timezone.now()
        report.error = ""
        report.save()
    return report


def _give_back(report_id):
    """Leave the report waiting again, so the task's retry can claim it at once; this
    try does not count against MOST_ATTEMPTS. If the database is still away the report
    stays running, and the sweep takes it back once CELERY_TASK_TIME_LIMIT has passed."""
    try:
        Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(
            status=Report.Status.PENDING, attempts=F("attempts") - 1
        )
    except RecordedTask.autoretry_for:
        log.warning("report %s could not be given back; the sweep will take it", report_id)


def fail(report_id, error):
    """Record why a report could not be built; it can then be asked for again."""
    Report.objects.filter(pk=report_id, status__in=Report.ACTIVE).update(
        status=Report.Status.FAILED, finished_at=timezone.now(), error=str(error)[:2000]
    )


def delete_old(now=None):
    """Delete the reports the retention schedule no longer keeps, their files first
    (reports.models.ReportQuerySet.past_keeping). Returns how many went."""
    gone = 0
    for report in Report.objects.past_keeping(now).only("pk", "file"):
        if report.file:
            report.file.delete(save=False)
        report.delete()
        gone += 1
    if gone:
        log.info("deleted %s report(s) past their keeping", gone)
    return gone
