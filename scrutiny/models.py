"""Scrutiny: reviews by council Overview and Scrutiny of the partnerships, from
scoping (a question bank built on the CfPS themes) through evidence to
findings and recommendations whose responses and follow-ups are tracked; and
the thresholds of the assurance engine's health checks."""

import datetime
import re

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Theme(models.TextChoices):
    """The CfPS themes for scrutiny of community safety partnerships."""

    EFFICIENCY = "efficiency", "Efficiency"
    EFFECTIVENESS = "effectiveness", "Effectiveness"
    COMMUNITIES = "communities", "Understanding local communities"
    ACCOUNTABILITY = "accountability", "Accountability"


class ScopingQuestion(models.Model):
    """The question bank a review scopes from."""

    theme = models.CharField(max_length=20, choices=Theme.choices)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "position", "id"]

    def __str__(self):
        return self.text[:80]


class PastReviewQuerySet(models.QuerySet):
    def for_library(self):
        """The entries a reader sees, each with its themes, latest first."""
        return (
            self.filter(active=True).prefetch_related("themes").order_by("-year", "authority", "pk")
        )

    def on_theme(self, theme):
        return self.filter(themes__theme=theme)

    def matching(self, text):
        """The entries whose words match `text`: full-text search in English on
        PostgreSQL (websearch syntax), best first; elsewhere every word must
        appear in one of the texts."""
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            query = SearchQuery(text, search_type="websearch", config="english")
            vector = SearchVector(*PastReview.SEARCHED, config="english")
            return (
                self.annotate(found=vector)
                .filter(found=query)
                .annotate(rank=SearchRank(vector, query))
                .order_by("-rank", "-year", "authority", "pk")
            )
        condition = Q()
        for word in re.findall(r"\w+", text):
            condition &= Q(
                *(Q(**{f"{name}__icontains": word}) for name in PastReview.SEARCHED),
                _connector=Q.OR,
            )
        return self.filter(condition)


class PastReview(models.Model):
    """A scrutiny review of community safety done elsewhere, as the CfPS Library
    Monitor 12 reports it (its appendix and sections 3 to 5): a library that a
    review's members search by theme while scoping their own. Shipped with the
    product (scrutiny/library.py) and put back when missing; an admin may edit
    an entry, or retire it, and a migrate keeps the edit."""

    key = models.SlugField(
        max_length=60, unique=True, help_text="Names the entry the product ships with."
    )
    authority = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    body = models.CharField(
        max_length=300, help_text="The committee, panel or group that did the review."
    )
    year = models.PositiveSmallIntegerField(help_text="The year it reported.")
    when = models.CharField(
        max_length=200, blank=True, help_text="When and how long, as the monitor gives it."
    )
    membership = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    evidence_methods = models.TextField(blank=True, help_text="One method a line.")
    looked_at = models.TextField("What it looked at", blank=True)
    lessons = models.TextField(
        "Key lessons and recommendations", blank=True, help_text="As the monitor reports them."
    )
    source = models.CharField(
        max_length=200, help_text="The sections of the monitor the entry is taken from."
    )
    active = models.BooleanField(default=True, help_text="Untick to retire the entry.")

    history = HistoricalRecords()
    objects = PastReviewQuerySet.as_manager()

    # The texts the library's search reads.
    SEARCHED = (
        "authority",
        "title",
        "body",
        "terms_of_reference",
        "evidence_methods",
        "looked_at",
        "lessons",
    )

    class Meta:
        ordering = ["-year", "authority"]
        verbose_name = "past review"

    def __str__(self):
        return f"{self.authority}: {self.title}"

    def get_absolute_url(self):
        return reverse("scrutiny:library") + f"#past-{self.key}"

    @property
    def theme_labels(self):
        """Its themes in the bank's order (from a prefetch when there is one)."""
        chosen = {row.theme for row in self.themes.all()}
        return [label for value, label in Theme.choices if value in chosen]

    @property
    def evidence_list(self):
        return [line.strip() for line in self.evidence_methods.splitlines() if line.strip()]


class PastReviewTheme(models.Model):
    """One of the CfPS themes a past review bears on."""

    review = models.ForeignKey(PastReview, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=20, choices=Theme.choices)

    class Meta:
        ordering = ["review", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["review", "theme"], name="past_review_theme_once"),
        ]

    def __str__(self):
        return self.get_theme_display()


class ReviewQuerySet(models.QuerySet):
    def for_list(self):
        return self.prefetch_related("partnerships").order_by("-started", "title")

    def editable_by(self, user):
        if user.is_admin:
            return self
        return self.filter(Q(created_by=user) | Q(members__user=user)).distinct()


class Review(models.Model):
    class Kind(models.TextChoices):
        TASK_GROUP = "task_group", "Task group"
        SELECT_COMMITTEE = "select_committee", "Select committee"
        JOINT_REVIEW = "joint_review", "Joint review"
        PEER_REVIEW = "peer_review", "Peer review"
        OFFICER_REVIEW = "officer_review", "Officer review"
        PARTNERSHIP_REVIEW = "partnership_review", "Review by the partnership itself"

    class Status(models.TextChoices):
        SCOPING = "scoping", "Scoping"
        EVIDENCE = "evidence", "Taking evidence"
        REPORTING = "reporting", "Reporting"
        MONITORING = "monitoring", "Monitoring the response"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=300)
    committee = models.CharField(
        max_length=200, help_text="For example: Overview and Scrutiny Management Committee."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TASK_GROUP)
    partnerships = models.ManyToManyField(
        "partnerships.Partnership", related_name="reviews", help_text="The partnerships in scope."
    )
    purpose = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    background = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    started = models.DateField(default=timezone.localdate)
    reported = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCOPING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[])
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-started", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reported__isnull=True) | Q(reported__gte=models.F("started")),
                name="review_reported_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scrutiny:review_detail", args=[self.pk])


class ReviewMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"
        CO_OPTEE = "co_optee", "Co-opted member"
        OFFICER = "officer", "Supporting officer"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    affiliation = models.CharField(
        max_length=200, blank=True, help_text="Party, ward or body, as the report gives it."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_seats",
        help_text="The member's account, so they may change the review.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"], condition=Q(role="chair"), name="review_one_chair"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class ReviewQuestion(models.Model):
    """A scoping question chosen for a review, from the bank or its own, edited to fit."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="questions")
    source = models.ForeignKey(
        ScopingQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="uses"
    )
    theme = models.CharField(max_length=20, choices=Theme.choices)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "theme", "position", "id"]

    def __str__(self):
        return self.text[:80]


class EvidenceSession(models.Model):
    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Interview"
        WORKSHOP = "workshop", "Workshop"
        MEETING_OBSERVED = "meeting_observed", "Meeting observed"
        DOCUMENT = "document", "Document reviewed"
        SURVEY = "survey", "Survey"
        SITE_VISIT = "site_visit", "Site visit"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    title = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    file = models.FileField(upload_to="evidence/%Y/", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "date", "id"]

    def __str__(self):
        return self.title


class Witness(models.Model):
    session = models.ForeignKey(EvidenceSession, on_delete=models.CASCADE, related_name="witnesses")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="witnesses",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "name"]
        verbose_name_plural = "witnesses"

    def __str__(self):
        return self.name


class Finding(models.Model):
    """A key issue the review found."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="findings")
    theme = models.CharField(max_length=20, choices=Theme.choices)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=1)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "position", "id"]

    def __str__(self):
        return self.text[:80]


class RecommendationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(withdrawn_at__isnull=True)

    def awaiting_response(self, on=None):
        """As Recommendation.is_response_overdue, in the database."""
        on = on or timezone.localdate()
        return self.current().filter(response=Recommendation.Response.PENDING, response_due__lt=on)

    def response_due(self, by):
        """Awaiting a response due on or before `by`."""
        return self.current().filter(response=Recommendation.Response.PENDING, response_due__lte=by)

    def awaiting_follow_up(self):
        """As Recommendation.awaits_follow_up, in the database."""
        return (
            self.current()
            .filter(follow_up_due__isnull=False)
            .exclude(response=Recommendation.Response.REJECTED)
            .exclude(implementation__in=Recommendation.FINISHED)
        )

    def follow_up_overdue(self, on=None):
        """As Recommendation.is_follow_up_overdue, in the database."""
        return self.awaiting_follow_up().filter(follow_up_due__lt=on or timezone.localdate())

    def for_partnership(self, partnership):
        return self.filter(
            Q(review__partnerships=partnership) | Q(addressed_to_partnership=partnership)
        ).distinct()


class Recommendation(models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", "Awaiting a response"
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly", "Partly accepted"
        REJECTED = "rejected", "Rejected"

    class Implementation(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        IMPLEMENTED = "implemented", "Implemented"
        NOT_IMPLEMENTED = "not_implemented", "Will not be implemented"

    FINISHED = (Implementation.IMPLEMENTED, Implementation.NOT_IMPLEMENTED)

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    reference = models.CharField(max_length=10, help_text="As the report numbers it: a, b, 1, 2…")
    text = models.TextField()
    addressed_to_partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations_received",
    )
    addressed_to_organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations_received",
    )
    addressed_to_office = models.CharField(
        max_length=200,
        blank=True,
        help_text="An office holder, e.g. Cabinet Member for Community Safety.",
    )
    response_due = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.PENDING)
    response_date = models.DateField(null=True, blank=True)
    response_text = models.TextField(blank=True)
    implementation = models.CharField(
        max_length=20, choices=Implementation.choices, default=Implementation.NOT_STARTED
    )
    follow_up_due = models.DateField(null=True, blank=True)
    actions = models.ManyToManyField("meetings.Action", blank=True, related_name="recommendations")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[])
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reference"], name="recommendation_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(response="pending") | Q(response_date__isnull=False),
                name="recommendation_response_has_date",
            ),
            models.CheckConstraint(
                condition=Q(addressed_to_partnership__isnull=False)
                | Q(addressed_to_organisation__isnull=False)
                | ~Q(addressed_to_office=""),
                name="recommendation_addressed",
            ),
        ]

    def __str__(self):
        return f"{self.reference}. {self.text[:70]}"

    def get_absolute_url(self):
        return reverse("scrutiny:review_detail", args=[self.review_id]) + f"#rec-{self.pk}"

    @property
    def addressed_to(self):
        return " and ".join(
            str(x)
            for x in (
                self.addressed_to_partnership,
                self.addressed_to_organisation,
                self.addressed_to_office,
            )
            if x
        )

    def response_due_on(self, *, days_after_report=None):
        """The day its response is due: the day set, or, with `days_after_report`
        (the health check's allowance), that many days after its review reported."""
        if self.response_due is None and days_after_report is not None and self.review.reported:
            return self.review.reported + datetime.timedelta(days=days_after_report)
        return self.response_due

    def is_response_overdue(self, on, *, days_after_report=None):
        """Still awaiting a response after the day it was due: the review page, the
        health check recommendation_no_response and, in the database,
        Recommendation.objects.awaiting_response."""
        if self.withdrawn_at or self.response != self.Response.PENDING:
            return False
        due = self.response_due_on(days_after_report=days_after_report)
        return due is not None and due < on

    @property
    def awaits_follow_up(self):
        """A follow-up is set, and the recommendation is neither rejected nor finished."""
        return (
            self.follow_up_due is not None
            and self.response != self.Response.REJECTED
            and self.implementation not in self.FINISHED
        )

    def is_follow_up_overdue(self, on):
        """Awaiting its follow-up after the day it was due: the review page, the
        dashboard, the health check recommendation_followup_overdue (`on` being
        the day less its allowance) and, in the database,
        Recommendation.objects.follow_up_overdue."""
        return not self.withdrawn_at and self.awaits_follow_up and self.follow_up_due < on


class HealthCheck(models.Model):
    """The settings of one governance health check: an admin may change them."""

    class Severity(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    name = models.CharField(max_length=50, unique=True)
    description = models.TextField()
    threshold = models.PositiveIntegerField(
        null=True, blank=True, help_text="What the number means is said in the description."
    )
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    enabled = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def answer_stands(on):
    """The condition of a finding whose answer stands on the day: accepted until its
    review date, not applicable until the facts change (which clears the answer)."""
    return Q(answer__gt="") & (Q(review_on__isnull=True) | Q(review_on__gt=on))


class HealthFindingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def visible_to_exempt(self, include_exempt):
        """Without `include_exempt`, not the findings that only actions on exempt
        (not for publication) items raise."""
        return self if include_exempt else self.filter(exempt=False)

    def answered(self, on=None):
        """Findings whose answer stands on the day (answer_stands)."""
        return self.filter(answer_stands(on or timezone.localdate()))

    def counted(self, on=None):
        """Open findings that count: unanswered, or whose acceptance has come up for review."""
        return self.open().exclude(answer_stands(on or timezone.localdate()))


class HealthFinding(models.Model):
    """One governance health finding, kept: a run of the checks over a partnership
    opens the new ones, confirms those still true and resolves those no longer true
    (never deleting them). Officers and chairs may answer one: accepted (with a
    reason and a date to look again) or not applicable (with a reason)."""

    class Answer(models.TextChoices):
        NONE = "", "Not answered"
        ACCEPTED = "accepted", "Accepted"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    check_name = models.CharField(max_length=50, help_text="The HealthCheck that found it.")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="health_findings"
    )
    key = models.CharField(
        max_length=400, help_text="The record concerned, as the check names it: its address."
    )
    severity = models.CharField(max_length=10, choices=HealthCheck.Severity.choices)
    rank = models.PositiveSmallIntegerField(
        default=9, help_text="The severity's place, most severe first: the lists' order."
    )
    subject_type = models.CharField(max_length=40)
    subject = models.CharField(max_length=400)
    detail = models.TextField()
    facts = models.TextField(
        help_text="The detail without the days that pass: when it changes, an answer lapses."
    )
    url = models.CharField(max_length=400)
    group = models.ForeignKey(
        "partnerships.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="health_findings",
        help_text="The group the finding is about, or whose record it is; its chair may answer.",
    )
    exempt = models.BooleanField(
        default=False,
        help_text="Raised only by actions on exempt items: shown only to those entitled.",
    )
    first_found = models.DateTimeField(default=timezone.now)
    # The first recompute of the last day it was found (scrutiny/findings.py).
    last_confirmed = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True, default="")
    reason = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_confirmed", "rank"])
    objects = HealthFindingQuerySet.as_manager()

    class Meta:
        ordering = ["partnership_id", "check_name", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "check_name", "key"],
                condition=Q(resolved_at__isnull=True),
                name="health_finding_one_open_per_record",
            ),
            models.CheckConstraint(
                condition=Q(answer="") | ~Q(reason=""),
                name="health_finding_answer_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "resolved_at"], name="health_finding_open"),
            # The open findings most severe first: a page of the list reads no more rows.
            models.Index(
                fields=["rank", "check_name", "subject", "id"],
                condition=Q(resolved_at__isnull=True),
                name="health_finding_open_order",
            ),
        ]

    def __str__(self):
        return f"{self.check_name}: {self.subject}"

    def get_absolute_url(self):
        return reverse("scrutiny:health_finding", args=[self.pk])

    @property
    def is_open(self):
        return self.resolved_at is None

    def as_dict(self):
        """As the command prints it (the same keys as a finding of a live run)."""
        return {
            "check": self.check_name,
            "severity": self.severity,
            "subject_type": self.subject_type,
            "subject": self.subject,
            "detail": self.detail,
            "url": self.url,
        }


class FindingCount(models.Model):
    """The memory of the findings: each week, how many open findings of each check a
    partnership had (group empty) and each of its groups had, counted and answered.
    Kept for ever, so a reader can see whether governance is getting better."""

    week = models.DateField(help_text="The Monday of the week counted.")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="finding_counts"
    )
    group = models.ForeignKey(
        "partnerships.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="finding_counts",
    )
    check_name = models.CharField(max_length=50)
    severity = models.CharField(max_length=10, choices=HealthCheck.Severity.choices)
    counted = models.PositiveIntegerField(help_text="Open and unanswered (or due for review).")
    answered = models.PositiveIntegerField(help_text="Open, accepted or not applicable.")

    class Meta:
        ordering = ["partnership_id", "week", "check_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "partnership", "check_name"],
                condition=Q(group__isnull=True),
                name="finding_count_partnership_once_a_week",
            ),
            models.UniqueConstraint(
                fields=["week", "group", "check_name"],
                condition=Q(group__isnull=False),
                name="finding_count_group_once_a_week",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "week"], name="finding_count_trend")]

    def __str__(self):
        return f"{self.week} {self.check_name}: {self.counted}"


class DrawnDashboardQuerySet(models.QuerySet):
    def outrun(self, partnership_ids):
        """The partnerships' records change, in this transaction: their drawings stop
        standing from the moment the change commits."""
        return self.filter(partnership_id__in=partnership_ids).update(version=F("version") + 1)


class DrawnDashboard(models.Model):
    """A partnership's dashboard as last drawn: the body of the page, for readers who
    may see exempt items and for those who may not. Every change to the partnership's
    records (and every recompute of its findings) moves its version on, in the
    change's own transaction; the page shows the body only on the day it was drawn
    and while it was drawn at the version there is now, and otherwise draws it from
    the records and keeps it (scrutiny/dashboard.py)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="drawn_dashboards"
    )
    exempt = models.BooleanField(help_text="Drawn with the exempt items.")
    on = models.DateField(help_text="The day the dashboard was drawn for.")
    drawn_at = models.DateTimeField()
    body = models.TextField()
    version = models.PositiveIntegerField(
        default=0, help_text="Moved on by every change to the partnership's records."
    )
    drawn_version = models.IntegerField(
        default=-1, help_text="The version the body was drawn at (-1: not drawn yet)."
    )

    objects = DrawnDashboardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "exempt"], name="drawn_dashboard_once_a_partnership"
            )
        ]

    def __str__(self):
        return f"{self.partnership_id} drawn {self.drawn_at:%Y-%m-%d %H:%M}"


class FindingTally(models.Model):
    """How many open findings a partnership has of each check and severity, exempt or
    not, and how many of them are answered: rewritten by each recompute and each
    answer (scrutiny/findings.py, `tally`), so that the findings list counts a whole
    register without reading every finding."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="finding_tallies"
    )
    check_name = models.CharField(max_length=50)
    severity = models.CharField(max_length=10, choices=HealthCheck.Severity.choices)
    exempt = models.BooleanField()
    total = models.PositiveIntegerField()
    answered = models.PositiveIntegerField(help_text="Accepted or not applicable on the day.")
    on = models.DateField(help_text="The day the answers were counted for.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "check_name", "severity", "exempt"],
                name="finding_tally_once",
            )
        ]

    def __str__(self):
        return f"{self.partnership_id} {self.check_name}: {self.total}"
