"""The agreements register: information-sharing agreements, memoranda of agreement,
protocols between boards and data protection impact assessments, each kept by a
partnership, with its parties (organisations), who signed for each and when.

Whether an agreement is in force, unsigned or expired is derived from its dates and
signatures, never typed in. An agreement past its review date is expired.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.files import document_extension
from config.history import latest_changes
from partnerships.models import Group


class Status(models.TextChoices):
    IN_FORCE = "in_force", "In force"
    UNSIGNED = "unsigned", "Not signed by every party"
    NOT_STARTED = "not_started", "Not yet started"
    EXPIRED = "expired", "Expired (past its review date)"
    ENDED = "ended", "Ended"


class AgreementQuerySet(models.QuerySet):
    def with_unsigned(self):
        """Each with `has_unsigned`: a party has not signed, or there is no party."""
        waiting = Party.objects.filter(agreement=OuterRef("pk"), signed_on__isnull=True)
        parties = Party.objects.filter(agreement=OuterRef("pk"))
        return self.annotate(has_unsigned=Exists(waiting) | ~Exists(parties))

    def ended(self, on):
        return self.filter(ends__lt=on)

    def current(self, on):
        """Started, not past its review date and not ended: in force once every party signs."""
        return self.filter(starts__lte=on, review_due__gte=on).filter(
            Q(ends__isnull=True) | Q(ends__gte=on)
        )

    def with_status(self, status, on):
        """Those of one Status on the day (see Agreement.status)."""
        not_ended = Q(ends__isnull=True) | Q(ends__gte=on)
        queryset = self.with_unsigned()
        if status == Status.ENDED:
            return queryset.filter(ends__lt=on)
        if status == Status.EXPIRED:
            return queryset.filter(not_ended, review_due__lt=on)
        live = queryset.filter(not_ended, review_due__gte=on)
        if status == Status.UNSIGNED:
            return live.filter(has_unsigned=True)
        if status == Status.NOT_STARTED:
            return live.filter(has_unsigned=False, starts__gt=on)
        return live.filter(has_unsigned=False, starts__lte=on)

    def for_register(self):
        """The register page and its download: the parties and their organisations
        fetched with the agreements, those due for review first."""
        parties = Party.objects.select_related("organisation").order_by("organisation__name")
        return self.prefetch_related(Prefetch("parties", queryset=parties)).order_by(
            "review_due", "title", "id"
        )

    def for_detail_page(self):
        parties = Party.objects.select_related("organisation").order_by("organisation__name", "id")
        return self.select_related("partnership").prefetch_related(
            Prefetch("parties", queryset=parties),
            Prefetch(
                "groups", queryset=Group.objects.select_related("partnership").order_by("name")
            ),
        )


class Agreement(models.Model):
    """An agreement a partnership keeps: what it is for, the lawful basis of any
    personal data it lets the parties share, when it starts, when it is to be
    reviewed (past that it is expired) and when it ends, its document and the
    groups whose work it covers."""

    class Kind(models.TextChoices):
        INFORMATION_SHARING = "information_sharing", "Information sharing agreement"
        MEMORANDUM = "memorandum", "Memorandum of agreement"
        PROTOCOL = "protocol", "Protocol between boards"
        DPIA = "dpia", "Data protection impact assessment"

    class LawfulBasis(models.TextChoices):
        # UK GDPR Article 6(1)
        CONSENT = "consent", "Consent – Article 6(1)(a)"
        CONTRACT = "contract", "Contract – Article 6(1)(b)"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation – Article 6(1)(c)"
        VITAL_INTERESTS = "vital_interests", "Vital interests – Article 6(1)(d)"
        PUBLIC_TASK = "public_task", "Public task – Article 6(1)(e)"
        LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests – Article 6(1)(f)"
        NONE = "none", "No personal data is shared"

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text="The partnership that keeps the agreement.",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=300)
    purpose = models.TextField(
        help_text="What the agreement is for, and what it lets the parties do."
    )
    lawful_basis = models.CharField(
        "Lawful basis (UK GDPR Article 6)", max_length=30, choices=LawfulBasis.choices
    )
    special_condition = models.TextField(
        "Condition for special category or criminal offence data",
        blank=True,
        help_text="The UK GDPR Article 9 condition (special category data) or Article 10 "
        "condition (criminal offence data), with its Data Protection Act 2018 Schedule 1 "
        "paragraph. Leave empty when no such data is shared.",
    )
    starts = models.DateField("Starts")
    review_due = models.DateField(
        "Review due", help_text="Past this date the agreement is expired until it is reviewed."
    )
    ends = models.DateField("Ends", null=True, blank=True)
    document = models.FileField(upload_to="agreements/%Y/", blank=True)
    groups = models.ManyToManyField(
        "partnerships.Group",
        blank=True,
        related_name="agreements",
        verbose_name="Groups covered",
        help_text="The groups whose work it covers, such as an operational panel that shares "
        "case information.",
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_due__gte=F("starts")), name="agreement_review_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gte=F("starts")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:agreement_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.starts and self.review_due and self.review_due < self.starts:
            errors["review_due"] = "The review date must be on or after the date it starts."
        if self.starts and self.ends and self.ends < self.starts:
            errors["ends"] = "The end date must be on or after the date it starts."
        if errors:
            raise ValidationError(errors)

    @property
    def is_signed(self):
        """Every party has signed (an agreement with no parties is not signed).
        Reads the prefetched parties."""
        parties = list(self.parties.all())
        return bool(parties) and all(p.signed_on for p in parties)

    def status(self, on=None):
        on = on or timezone.localdate()
        if self.ends and self.ends < on:
            return Status.ENDED
        if self.review_due < on:
            return Status.EXPIRED
        if not self.is_signed:
            return Status.UNSIGNED
        if self.starts > on:
            return Status.NOT_STARTED
        return Status.IN_FORCE

    def in_force(self, on=None):
        return self.status(on) == Status.IN_FORCE

    @property
    def status_label(self):
        return self.status().label

    @property
    def document_extension(self):
        return document_extension(self.document.name)

    def change_history(self, limit=20):
        """The latest changes to the agreement and to its parties: when, who, what
        (two queries for the agreement's, one for its parties')."""
        changes = latest_changes(
            self, limit, links=("partnership", "organisation", "agreement", "document")
        )
        changes += _party_changes(self, limit)
        changes.sort(key=lambda c: c["when"], reverse=True)
        return changes[:limit]


def _party_changes(agreement, limit):
    """The latest changes to the agreement's parties, each named by its organisation:
    'Party Wiltshire Police added', 'Wiltshire Police signed on 3 March 2026'."""
    records = list(
        Party.history.filter(agreement_id=agreement.pk)
        .select_related("history_user", "organisation")
        .order_by("-history_date", "-history_id")[:limit]
    )
    changes = []
    for record in records:
        who = record.organisation.name if record.organisation else "A party"
        if record.history_type == "+":
            fields = [f"Party {who} added"]
        elif record.history_type == "-":
            fields = [f"Party {who} removed"]
        elif record.signed_on:
            fields = [f"{who}: signed on {record.signed_on:%-d %B %Y} by {record.signatory_name}"]
        else:
            fields = [f"{who}: not signed"]
        changes.append({"when": record.history_date, "who": record.history_user, "fields": fields})
    return changes


class Party(models.Model):
    """An organisation that is party to an agreement, who signs (or signed) for it,
    and when. No date signed: not signed yet."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="agreement_parties"
    )
    signatory_name = models.CharField("Signatory", max_length=200, blank=True)
    signatory_job_title = models.CharField("Signatory's job title", max_length=200, blank=True)
    signed_on = models.DateField("Signed on", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "organisation__name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="party_once_per_agreement"
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | ~Q(signatory_name=""),
                name="party_signed_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} to {self.agreement}"

    def get_absolute_url(self):
        return self.agreement.get_absolute_url()

    def clean(self):
        if self.signed_on and not self.signatory_name.strip():
            raise ValidationError({"signatory_name": "Enter who signed for the organisation."})
