"""Domestic homicide reviews (now called domestic abuse related death reviews): a
register per partnership of the reviews it was notified of, the decision whether to
hold one, its independent chair and panel, its stages against the statutory time
limits, and the recommendations it made, each tracked as an action.

A review is known by the partnership's case reference only: no name, no personal
data. Who sees the register: dhr/rules.py (the officers who support the partnership
and the chair of its board; never administrators or scrutiny members), and
`Review.objects.visible_to(user)` for every list. It is in no open data, search,
report or calendar feed.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.history import latest_changes
from meetings.models import Action
from partnerships.models import Group, Organisation

# The statutory guidance for domestic homicide reviews (Home Office, under section 9
# of the Domestic Violence, Crime and Victims Act 2004): the partnership decides
# whether to hold a review within one month of being notified of the death, and the
# review's report is completed within six months of that decision, unless the time is
# extended, with a reason.
DECISION_MONTHS = 1
REPORT_MONTHS = 6


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has no such day
    (31 January + 1 month is 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class Stage:
    """A stage of a review as its page shows it: when it was done, when it was due
    (None where the guidance sets no time limit), and whether it is late: done after
    its due date, or not done and past it."""

    name: str
    done_on: datetime.date | None
    due: datetime.date | None = None
    note: str = ""

    def is_late(self, on):
        if self.due is None:
            return False
        return (self.done_on or on) > self.due


def board_partnerships_chaired(user):
    """The partnerships whose board (a group of kind board) the user's person chairs
    today; one query, kept on the user for the request."""
    if not user.is_authenticated or not user.person_id:
        return frozenset()
    cache = user.__dict__.get("_chaired_board_partnerships")
    if cache is None:
        cache = frozenset(
            Group.objects.chaired_by(user.person_id)
            .filter(kind=Group.Kind.BOARD)
            .values_list("partnership_id", flat=True)
        )
        user.__dict__["_chaired_board_partnerships"] = cache
    return cache


def readable_partnership_ids(user):
    """The partnerships whose reviews the user may see (the rule of dhr/rules.py, for
    every partnership at once): those an officer supports, and those whose board the
    user chairs. Never an administrator's or a scrutiny member's, whatever else."""
    if not user.is_authenticated or not user.is_active or user.is_admin or user.is_scrutiny:
        return frozenset()
    supported = user.partnership_ids if user.is_officer else frozenset()
    return supported | board_partnerships_chaired(user)


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reviews the user may see: of the partnerships they support as an
        officer, or whose board they chair. To anyone else there are none."""
        return self.filter(partnership_id__in=readable_partnership_ids(user))

    def open(self):
        return self.filter(closed_on__isnull=True)

    def for_register(self):
        """The register page and its download: the panel, and the recommendations'
        actions (for the open and overdue counts), newest notification first."""
        return self.prefetch_related(
            Prefetch("panel", queryset=Organisation.objects.order_by("name")),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("action").order_by("number"),
            ),
        ).order_by("-notified_on", "case_reference", "id")

    def for_detail_page(self):
        return self.select_related("partnership").prefetch_related(
            Prefetch("panel", queryset=Organisation.objects.order_by("name")),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related(
                    "addressed_to", "action__group", "action__owner"
                ).order_by("number"),
            ),
        )


class Review(models.Model):
    """A domestic homicide review, from the notification of a death to the review's
    publication; see `stages` for its time limits."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        REVIEW = "review", "Review to be held"
        NO_REVIEW = "no_review", "No review: the criteria are not met"

    class QaOutcome(models.TextChoices):
        APPROVED = "approved", "Approved for publication"
        RESUBMIT = "resubmit", "To be resubmitted"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="homicide_reviews"
    )
    case_reference = models.CharField(
        max_length=40,
        help_text="The partnership's own reference, for example DHR 2026/01. No names, "
        "initials, dates of birth or other personal data.",
    )
    notified_on = models.DateField(
        "Notified on", help_text="When the partnership was notified of the death."
    )
    decision = models.CharField(
        "Decision whether to hold a review",
        max_length=20,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    decided_on = models.DateField("Decided on", null=True, blank=True)
    decision_reason = models.TextField(
        "Reasons for the decision",
        blank=True,
        help_text="Needed when no review is to be held: the Home Office is told why.",
    )
    independent_chair = models.CharField(
        max_length=200,
        blank=True,
        help_text="The independent chair and author appointed to lead the review.",
    )
    panel = models.ManyToManyField(
        "partnerships.Organisation",
        blank=True,
        related_name="homicide_review_panels",
        help_text="The organisations represented on the review panel.",
    )
    extended_to = models.DateField(
        "Report extended to",
        null=True,
        blank=True,
        help_text="Only when the time to complete the report has been extended.",
    )
    extension_reason = models.TextField("Reason for the extension", blank=True)
    report_completed_on = models.DateField("Report completed on", null=True, blank=True)
    submitted_on = models.DateField("Submitted to the Home Office on", null=True, blank=True)
    quality_assured_on = models.DateField(
        "Quality assured on",
        null=True,
        blank=True,
        help_text="When the Home Office quality assurance panel gave its outcome.",
    )
    qa_outcome = models.CharField(
        "Quality assurance outcome", max_length=20, choices=QaOutcome.choices, blank=True
    )
    published_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the partnership closed the review: published and its action plan "
        "handed on, or no review held.",
    )
    notes = models.TextField(
        blank=True, help_text="About the process only: nothing about the people concerned."
    )

    history = HistoricalRecords(m2m_fields=[panel])
    history_kept_from_the_trail = True  # not in the administrators' audit trail
    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "domestic homicide review"
        ordering = ["partnership", "-notified_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "case_reference"], name="dhr_case_reference_once"
            ),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_on__isnull=True)
                | (~Q(decision="pending") & Q(decided_on__isnull=False)),
                name="dhr_decided_on_iff_decided",
            ),
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True) | ~Q(extension_reason=""),
                name="dhr_extension_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(quality_assured_on__isnull=True, qa_outcome="")
                | (Q(quality_assured_on__isnull=False) & ~Q(qa_outcome="")),
                name="dhr_quality_assurance_has_outcome",
            ),
        ]

    def __str__(self):
        return self.case_reference

    def get_absolute_url(self):
        return reverse("dhr:review_detail", args=[self.pk])

    @property
    def decision_due(self):
        """One month after the notification."""
        return add_months(self.notified_on, DECISION_MONTHS)

    @property
    def report_due(self):
        """Six months after the decision to hold a review, or the date it was
        extended to; None when no review is to be held (or none decided yet)."""
        if self.decision != self.Decision.REVIEW or self.decided_on is None:
            return None
        return self.extended_to or add_months(self.decided_on, REPORT_MONTHS)

    def stages(self):
        """The stages in their order, each with its date, its due date and note."""
        stages = [
            Stage(
                "Decision whether to hold a review",
                self.decided_on,
                self.decision_due,
                "" if self.decision == self.Decision.PENDING else self.get_decision_display(),
            )
        ]
        if self.decision != self.Decision.NO_REVIEW:
            extended = f"extended: {self.extension_reason}" if self.extended_to else ""
            stages += [
                Stage("Report completed", self.report_completed_on, self.report_due, extended),
                Stage("Submitted to the Home Office", self.submitted_on),
                Stage(
                    "Quality assured by the Home Office",
                    self.quality_assured_on,
                    note=self.get_qa_outcome_display(),
                ),
                Stage("Published", self.published_on),
            ]
        return [*stages, Stage("Closed", self.closed_on)]

    def late_stages(self, on=None):
        """The stages with a time limit that are late on the day: the decision, and the
        report while the review is open."""
        on = on or timezone.localdate()
        return [stage for stage in self.stages() if stage.is_late(on)]

    def overdue_now(self, on=None):
        """The stage whose time limit has passed and which is still not done: what the
        health check finds. None when there is none, or the review is closed."""
        on = on or timezone.localdate()
        if self.closed_on:
            return None
        for stage in self.stages():
            if stage.due is not None and stage.done_on is None and on > stage.due:
                return stage
        return None

    def clean(self):
        errors = {}
        today = timezone.localdate()
        dated = {
            "notified_on": self.notified_on,
            "decided_on": self.decided_on,
            "report_completed_on": self.report_completed_on,
            "submitted_on": self.submitted_on,
            "quality_assured_on": self.quality_assured_on,
            "published_on": self.published_on,
            "closed_on": self.closed_on,
        }
        for name, day in dated.items():
            if day and day > today:
                errors[name] = "The date must be today or in the past."
        pending = self.decision == self.Decision.PENDING
        if pending and self.decided_on:
            errors.setdefault("decided_on", "Leave the date empty until the decision is made.")
        if not pending and not self.decided_on:
            errors.setdefault("decided_on", "Enter the date of the decision.")
        if self.decided_on and self.notified_on and self.decided_on < self.notified_on:
            errors.setdefault("decided_on", "The decision cannot come before the notification.")
        if self.decision == self.Decision.NO_REVIEW and not self.decision_reason.strip():
            errors["decision_reason"] = "Enter why no review is to be held."
        if self.extended_to and not self.extension_reason.strip():
            errors["extension_reason"] = "Enter the reason for the extension."
        if self.extension_reason.strip() and not self.extended_to:
            errors["extended_to"] = "Enter the date the report is extended to, or clear the reason."
        review_steps = {
            "extended_to": self.extended_to,
            "report_completed_on": self.report_completed_on,
            "submitted_on": self.submitted_on,
            "quality_assured_on": self.quality_assured_on,
            "published_on": self.published_on,
        }
        if self.decision != self.Decision.REVIEW:
            for name, day in review_steps.items():
                if day:
                    errors.setdefault(name, "Only a review that is being held has this stage.")
        else:
            self._clean_order(errors)
        if self.quality_assured_on and not self.qa_outcome:
            errors["qa_outcome"] = "Select the outcome of the quality assurance."
        if self.qa_outcome and not self.quality_assured_on:
            errors.setdefault("quality_assured_on", "Enter when the outcome was given.")
        if self.closed_on and self.notified_on and self.closed_on < self.notified_on:
            errors.setdefault("closed_on", "The review cannot close before it was notified.")
        if errors:
            raise ValidationError(errors)

    def _clean_order(self, errors):
        """Each stage of a review held comes after the one before it."""
        steps = [
            ("decided_on", self.decided_on, "the decision"),
            ("report_completed_on", self.report_completed_on, "the report was completed"),
            ("submitted_on", self.submitted_on, "it was submitted"),
            ("quality_assured_on", self.quality_assured_on, "it was quality assured"),
            ("published_on", self.published_on, "its quality assurance"),
        ]
        for (_, before, what), (name, day, _) in zip(steps, steps[1:], strict=False):
            if day and not before:
                errors.setdefault(name, f"Enter when {what} first.")
            elif day and before and day < before:
                errors.setdefault(name, f"The date cannot come before {what}.")
        if self.published_on and self.qa_outcome != self.QaOutcome.APPROVED:
            errors.setdefault("published_on", "Publish only once approved for publication.")
        if self.extended_to and self.decided_on:
            usual = add_months(self.decided_on, REPORT_MONTHS)
            if self.extended_to <= usual:
                errors.setdefault(
                    "extended_to",
                    f"An extension must go beyond the usual date, {usual:%-d %B %Y}.",
                )

    def next_number(self):
        return max((r.number for r in self.recommendations.all()), default=0) + 1

    def change_history(self, limit=20):
        """The latest changes to the review: when, who and which fields (the values
        of its text fields are not repeated here). One query."""
        return latest_changes(self, limit, labels={"panel": "panel"}, values=False)

    def add_recommendation(self, *, text, addressed_to, action, group, owner, due, by):
        """Record a recommendation and put its action in the group's tracker, marked
        confidential (hidden as an action on an exempt item is)."""
        with transaction.atomic():
            tracked = Action(
                group=group, description=action, owner=owner, due=due, confidential=True
            )
            tracked._history_user = by
            tracked.save()
            recommendation = Recommendation(
                review=self,
                number=self.next_number(),
                text=text,
                addressed_to=addressed_to,
                action=tracked,
                created_by=by,
            )
            recommendation._history_user = by
            recommendation.save()
        return recommendation


class Recommendation(models.Model):
    """A recommendation of a review, numbered as in its report, tracked as an action
    in a tracker of the partnership's groups."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField("Recommendation")
    addressed_to = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="homicide_review_recommendations",
    )
    action = models.OneToOneField(
        "meetings.Action", on_delete=models.PROTECT, related_name="homicide_review_recommendation"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    history_kept_from_the_trail = True  # not in the administrators' audit trail

    class Meta:
        verbose_name = "domestic homicide review recommendation"
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="dhr_recommendation_number"),
        ]

    def __str__(self):
        return f"Recommendation {self.number}"

    def get_absolute_url(self):
        return f"{self.review.get_absolute_url()}#recommendation-{self.number}"

    def is_overdue(self, on=None):
        return self.action.is_overdue(on)
