"""Reports built in the background.

A report is requested (pending), taken by a worker (running) and stored (ready), or
it fails with the error, and can then be asked for again. What a report holds
depends on who may read it: `include_exempt` is part of its identity, so a copy
with the NOT FOR PUBLICATION part is never handed to someone not entitled to it.
The same report (kind, subject, year, exempt or not: its `key`) is built once while
pending or running: a partial unique constraint makes a second request join the first.

A report waiting to start has its build sent again if it waits too long (the
broker was away when it was asked for, say: config/jobs.py); the build claims
the report, so however often it is sent, it is built once."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class ReportQuerySet(models.QuerySet):
    def claimable(self):
        """Waiting to be built: pending, or running on a worker that died (started
        longer ago than a task may run: CELERY_TASK_TIME_LIMIT)."""
        dead_before = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        return self.filter(
            Q(status=Report.Status.PENDING)
            | Q(status=Report.Status.RUNNING, started_at__lt=dead_before)
        )

    def waiting(self, before):
        """Waiting to be built, and last sent to the job queue before `before`."""
        return self.claimable().filter(queued_at__lt=before)

    def past_keeping(self, now=None):
        """Built (or failed) longer ago than the retention schedule keeps them:
        REPORT_KEEP_DAYS, or CONFIDENTIAL_REPORT_KEEP_DAYS for a copy with
        confidential items. Those still being built are kept."""
        now = now or timezone.now()
        days = datetime.timedelta(days=1)
        return self.filter(status__in=[Report.Status.READY, Report.Status.FAILED]).filter(
            Q(finished_at__lt=now - settings.REPORT_KEEP_DAYS * days)
            | Q(
                include_exempt=True,
                finished_at__lt=now - settings.CONFIDENTIAL_REPORT_KEEP_DAYS * days,
            )
        )


class Report(models.Model):
    class Kind(models.TextChoices):
        BOARD_PACK = "board-pack", "Board pack"
        MINUTES = "minutes", "Minutes"
        TRACKER = "tracker", "Action tracker"
        REVIEW = "review", "Scrutiny review report"
        GOVERNANCE = "governance", "Annual governance report"
        FUNDING = "funding", "Funding statement"
        INDUCTION = "induction", "Induction pack"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.PENDING, Status.RUNNING)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The subject: exactly one of these, as the kind needs.
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.CASCADE
    )
    group = models.ForeignKey("partnerships.Group", null=True, blank=True, on_delete=models.CASCADE)
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE)
    review = models.ForeignKey("scrutiny.Review", null=True, blank=True, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Financial year by its first calendar year: 2011 is 2011/12.",
    )
    include_exempt = models.BooleanField(default=False)
    key = models.CharField(max_length=100, editable=False)
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="What the report was built from, summed up: a request that finds a "
        "ready report with the same one is given it (reports/documents.fingerprint).",
    )
    title = models.CharField(max_length=300)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When its build was last sent to the job queue."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["pending", "running"]),
                name="report_built_once_while_active",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        partnership__isnull=False,
                        group__isnull=True,
                        meeting__isnull=True,
                        review__isnull=True,
                    )
                    | Q(
                        partnership__isnull=True,
                        group__isnull=False,
                        meeting__isnull=True,
                        review__isnull=True,
                    )
                    | Q(
                        partnership__isnull=True,
                        group__isnull=True,
                        meeting__isnull=False,
                        review__isnull=True,
                    )
                    | Q(
                        partnership__isnull=True,
                        group__isnull=True,
                        meeting__isnull=True,
                        review__isnull=False,
                    )
                ),
                name="report_has_one_subject",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="report_status_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.key = self.key_for(self.kind, self.subject, self.year, self.include_exempt)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @staticmethod
    def key_for(kind, subject, year, include_exempt):
        """What makes two requests the same report."""
        return f"{kind}:{subject._meta.model_name}={subject.pk}:{year or '-'}:{int(include_exempt)}"

    @property
    def subject(self):
        return self.partnership or self.group or self.meeting or self.review

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def filename(self):
        return f"{self.kind}-{self.pk}.pdf"
