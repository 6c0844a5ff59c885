"""What operations keeps of the running service: the background jobs that failed
for good, the downloads of confidential copies, and where records loaded from
published reports come from. (The backups and the supply-chain audit are scripts beside this app:
ops/backups.py and ops/audit.py.)"""

import traceback

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone


class FailedJob(models.Model):
    """A background task that failed after its retries: admins see it, and its error."""

    task = models.CharField(max_length=200)
    task_id = models.CharField(max_length=100, blank=True)
    arguments = models.JSONField(default=dict)
    error = models.TextField()
    details = models.TextField(blank=True)
    failed_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        # The table it had when it was kept by the reports app: the move changed no data.
        db_table = "reports_failedjob"
        ordering = ["-failed_at", "-id"]

    def __str__(self):
        return f"{self.task} at {self.failed_at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, task, task_id, args, kwargs, exc, details=""):
        return cls.objects.create(
            task=task,
            task_id=task_id or "",
            arguments={
                "args": [repr(a) for a in args or ()],
                "kwargs": {k: repr(v) for k, v in (kwargs or {}).items()},
            },
            error=f"{type(exc).__name__}: {exc}"[:2000],
            details=details or "".join(traceback.format_exception(exc))[-20000:],
        )


class ConfidentialDownload(models.Model):
    """Someone downloaded a copy holding confidential (exempt) items: a board pack or
    another report with Part 2, or an exempt item's paper. Administrators see who, what
    and when on the audit page; kept as long as the council's records of access."""

    class Kind(models.TextChoices):
        REPORT = "report", "Report with confidential items"
        PAPER = "paper", "Paper of a confidential item"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300, help_text="What was downloaded, as it was named.")
    object_id = models.PositiveBigIntegerField(help_text="The report's or paper's id.")
    user = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="confidential_downloads"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.title} by {self.user} at {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, request, kind, title, object_id):
        return cls.objects.create(
            kind=kind, title=title[:300], object_id=object_id, user=request.user
        )


class SourceQuerySet(models.QuerySet):
    def of(self, record):
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )


class Source(models.Model):
    """Where a record's facts come from, shown on its page: a published report and
    the section it is taken from, or a note that it was written to illustrate and is
    not a fact. Records a person types have none; records loaded from the reports
    (the demonstration data) have one each."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    citation = models.CharField(
        max_length=500,
        help_text="The reports and sections, as written: 'Peer Review of Partnership "
        "Governance Arrangements (2015), §8.1'.",
    )
    illustrative = models.BooleanField(
        default=False,
        help_text="Written to illustrate, wholly or in part: not taken from a report.",
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_source_each"),
        ]

    def __str__(self):
        return self.citation


def with_source(queryset):
    """The records of `queryset` with where each comes from read in the same query
    (`source_citation`, `source_illustrative`: None for a record with no source), so
    a page whose queries are counted shows it at no cost."""
    sources = Source.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model), object_id=OuterRef("pk")
    )
    return queryset.annotate(
        source_citation=Subquery(sources.values("citation")[:1]),
        source_illustrative=Subquery(sources.values("illustrative")[:1]),
    )
