"""The retention schedule: a report's PDF is deleted after REPORT_KEEP_DAYS, a copy
with confidential items after CONFIDENTIAL_REPORT_KEEP_DAYS; one being built stays."""

import datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from reports.models import Report
from reports.services import delete_old
from reports.tasks import delete_old_reports

NOW = timezone.now()


def _report(board, days_ago, *, include_exempt=False, status=Report.Status.READY):
    report = Report.objects.create(
        kind="tracker",
        group=board,
        include_exempt=include_exempt,
        title=f"Tracker {days_ago} days",
        status=status,
        finished_at=NOW - datetime.timedelta(days=days_ago) if status != "running" else None,
    )
    if status == Report.Status.READY:
        report.file.save(f"tracker-{days_ago}.pdf", ContentFile(b"%PDF-1.7"), save=True)
    return report


@pytest.mark.django_db
def test_reports_past_their_keeping_go_with_their_files(board, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_KEEP_DAYS, settings.CONFIDENTIAL_REPORT_KEEP_DAYS = 30, 7
    kept = _report(board, 20)
    old = _report(board, 31)
    secret_kept = _report(board, 5, include_exempt=True)
    secret_old = _report(board, 8, include_exempt=True)
    failed_old = _report(board, 40, status=Report.Status.FAILED)
    building = _report(board, 0, status=Report.Status.RUNNING)
    old_file = Path(old.file.path)

    assert delete_old(NOW) == 3
    assert set(Report.objects.values_list("pk", flat=True)) == {
        kept.pk,
        secret_kept.pk,
        building.pk,
    }
    assert not old_file.exists() and Path(kept.file.path).exists()
    assert not Report.objects.filter(pk__in=[secret_old.pk, failed_old.pk]).exists()


@pytest.mark.django_db
def test_the_nightly_task_deletes_them(board, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _report(board, 400)
    assert delete_old_reports.delay().get() == 1
    assert not Report.objects.exists()
