"""Strategy: the golden thread from assessment to priorities with a named lead,
delivery plans, quarterly updates and measured outcomes; and the risks to them,
in a register per partnership (or per group) with quarterly reviews.

Flags (no lead, no delivery plan, no update in the last quarter) and RAG
against target are derived, never typed in.

These models began in the partnerships app and moved here without moving any
data: each keeps its table (and its history table) under the old name, as
`db_table` and `table_name` say, and the many-to-many tables follow from them.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.history import latest_changes
from config.periods import quarter_end
from partnerships.models import Partnership
from strategy.periods import parse_period

UPDATE_EVERY_DAYS = 92  # a priority with no update for a quarter is flagged


class StrategicAssessment(models.Model):
    class Kind(models.TextChoices):
        STRATEGIC = "strategic_assessment", "Strategic assessment"
        SERIOUS_VIOLENCE = "serious_violence_needs", "Serious Violence Duty needs assessment"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.STRATEGIC)
    title = models.CharField(max_length=300)
    date = models.DateField()
    data_sources = models.TextField(blank=True)
    author = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.FileField(upload_to="assessments/%Y/", blank=True)
    review_due = models.DateField(null=True, blank=True)

    history = HistoricalRecords(table_name="partnerships_historicalstrategicassessment")

    class Meta:
        db_table = "partnerships_strategicassessment"
        ordering = ["-date"]

    def __str__(self):
        return self.title


class Plan(models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP_PLAN = "partnership_plan", "Partnership plan"
        SERIOUS_VIOLENCE = "serious_violence_strategy", "Serious Violence Duty strategy"
        # A county strategy group's agreement of the priorities its district partnerships
        # serve (the Crime and Disorder (Formulation and Implementation of Strategy)
        # Regulations 2007, as amended 2011).
        AGREEMENT = "community_safety_agreement", "Community Safety Agreement"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.PARTNERSHIP_PLAN)
    title = models.CharField(max_length=300)
    aim = models.TextField(blank=True)
    starts = models.DateField()
    ends = models.DateField()
    assessment = models.ForeignKey(
        StrategicAssessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    document = models.FileField(upload_to="plans/%Y/", blank=True)
    published_url = models.URLField(blank=True)
    review_due = models.DateField(null=True, blank=True)

    history = HistoricalRecords(table_name="partnerships_historicalplan")

    class Meta:
        db_table = "partnerships_plan"
        ordering = ["-starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")), name="plan_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts:%Y}–{self.ends:%y})"

    @property
    def is_agreement(self):
        return self.kind == self.Kind.AGREEMENT

    def quarter_ends(self, upto):
        """The ends of the plan's quarters an update can be recorded for: from its
        first quarter to the one `upto` falls in (or its last), oldest first."""
        last = quarter_end(min(max(upto, self.starts), self.ends))
        ends, day = [], quarter_end(self.starts)
        while day <= last:
            ends.append(day)
            day = quarter_end(day + datetime.timedelta(days=1))
        return ends


class PriorityQuerySet(models.QuerySet):
    def update_due(self, on, by):
        """Priorities of a running plan of an active partnership whose quarterly update
        is due by `by`: never updated, or last updated UPDATE_EVERY_DAYS before it
        (as Priority.flags). Each carries `last_update`."""
        return (
            self.filter(
                plan__starts__lte=on,
                plan__ends__gte=on,
                plan__partnership__status=Partnership.Status.ACTIVE,
            )
            .annotate(last_update=Max("updates__period_end"))
            .filter(
                Q(last_update__isnull=True)
                | Q(last_update__lte=by - datetime.timedelta(days=UPDATE_EVERY_DAYS))
            )
        )

    def of_agreements_over(self, partnership):
        """The priorities of the Community Safety Agreements held by the partnerships
        the partnership sits under (its parent and the one it reports to, and theirs)."""
        above, seen = set(), {partnership.pk}
        step = [partnership]
        while step:
            ids = {i for p in step for i in (p.parent_id, p.reports_to_id) if i and i not in seen}
            seen |= ids
            above |= ids
            step = list(Partnership.objects.filter(pk__in=ids).only("parent_id", "reports_to_id"))
        return (
            self.filter(plan__kind=Plan.Kind.AGREEMENT, plan__partnership__in=above)
            .select_related("plan")
            .order_by("-plan__starts", "position", "id")
        )

    def for_strategy_page(self):
        updates = PriorityUpdate.objects.order_by("-period_end", "-id")
        milestones = Milestone.objects.order_by("due", "id")
        return (
            self.select_related("plan", "lead_person", "lead_organisation")
            .prefetch_related(
                Prefetch("updates", queryset=updates),
                Prefetch("milestones", queryset=milestones),
                "indicators",
                Prefetch("serves", queryset=Priority.objects.select_related("plan")),
            )
            .annotate(last_update=Max("updates__period_end"))
            .order_by("plan__starts", "position", "id")
        )


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead_person = models.ForeignKey(
        "partnerships.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_priorities",
    )
    lead_organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_priorities",
    )
    rationale = models.TextField("Why it was chosen", blank=True)
    police_crime_plan = models.TextField("Alignment with the Police and Crime Plan", blank=True)
    agenda_items = models.ManyToManyField(
        "meetings.AgendaItem", blank=True, related_name="priorities"
    )
    actions = models.ManyToManyField("meetings.Action", blank=True, related_name="priorities")
    serves = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="served_by",
        verbose_name="Priorities of the Community Safety Agreement it serves",
        help_text="The county agreement's priorities this one delivers locally.",
    )
    outside_assessment = models.BooleanField(
        "Added outside the strategic assessment",
        default=False,
        help_text="The strategic assessment did not identify it: it was added for another "
        "reason, such as funding offered for it.",
    )
    outside_reason = models.TextField("Why it was added", blank=True)

    history = HistoricalRecords(m2m_fields=[], table_name="partnerships_historicalpriority")
    objects = PriorityQuerySet.as_manager()

    class Meta:
        db_table = "partnerships_priority"
        ordering = ["plan", "position", "id"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategy:priority_detail", args=[self.pk])

    def flags(self, on=None):
        """What is missing: uses the prefetched milestones and the last_update annotation.
        Updates are only expected while the plan runs."""
        on = on or timezone.localdate()
        found = []
        if not self.lead_person_id:
            found.append("No accountable lead")
        if not list(self.milestones.all()):
            found.append("No delivery plan")
        last = getattr(self, "last_update", None)
        if last is None:
            last = max((u.period_end for u in self.updates.all()), default=None)
        plan_running = self.plan.starts <= on <= self.plan.ends
        if plan_running and (last is None or (on - last).days > UPDATE_EVERY_DAYS):
            found.append("No update in the last quarter")
        return found

    def latest_update(self):
        updates = list(self.updates.all())
        return updates[0] if updates else None

    def next_update_period(self, on):
        """The quarter an update is due for: the last one ended, unless it has its
        update, then the one running (uses the prefetched updates)."""
        quarters = self.plan.quarter_ends(upto=on)
        updated = {u.period_end for u in self.updates.all()}
        ended = [end for end in quarters if end < on]
        if ended and ended[-1] not in updated:
            return ended[-1]
        return quarters[-1]


class Milestone(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="milestones")
    what = models.TextField()
    who = models.CharField(max_length=200, blank=True)
    due = models.DateField()
    measure = models.CharField("How it is measured", max_length=300, blank=True)
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(table_name="partnerships_historicalmilestone")

    class Meta:
        db_table = "partnerships_milestone"
        ordering = ["due", "id"]

    def __str__(self):
        return self.what[:60]


class PriorityUpdate(models.Model):
    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="updates")
    period_end = models.DateField("Quarter ending")
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices)
    key_messages = models.TextField(blank=True)
    achievements = models.TextField(blank=True)
    development = models.TextField("Areas for development", blank=True)
    risks = models.TextField("Emerging risks", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(table_name="partnerships_historicalpriorityupdate")

    class Meta:
        db_table = "partnerships_priorityupdate"
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "period_end"], name="priority_update_once_a_period"
            ),
        ]

    def __str__(self):
        return f"{self.priority}: {self.period_end} {self.rag}"


class Indicator(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="indicators"
    )
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    unit = models.CharField(
        max_length=50, blank=True, help_text="For example: crimes, %, per 1,000 people"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.LOWER)
    source = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    priorities = models.ManyToManyField(Priority, blank=True, related_name="indicators")

    history = HistoricalRecords(m2m_fields=[], table_name="partnerships_historicalindicator")

    class Meta:
        db_table = "partnerships_indicator"
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="indicator_name_unique_in_partnership"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("strategy:indicator_detail", args=[self.pk])

    def rag(self, value, target):
        """Green on or better than target, amber within 5%, red beyond."""
        if value is None or target is None:
            return None
        better = value <= target if self.direction == self.Direction.LOWER else value >= target
        if better:
            return "green"
        gap = abs(value - target) / (abs(target) or 1)
        return "amber" if gap <= 0.05 else "red"


class PeriodQuerySet(models.QuerySet):
    def create_for_period(self, period, **fields):
        """Create a row for a written period (YYYY-MM, YYYY-Qn or YYYY/YY)."""
        parsed = parse_period(period)
        return self.create(period=parsed.key, period_start=parsed.start, **fields)


class _PeriodModel(models.Model):
    period = models.CharField(max_length=10, help_text="YYYY-MM, YYYY-Qn or YYYY/YY")
    period_start = models.DateField(editable=False)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.period}: {self.value}"


class IndicatorTarget(_PeriodModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(max_digits=14, decimal_places=3)

    class Meta:
        db_table = "partnerships_indicatortarget"
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="indicator_target_once_a_period"
            ),
        ]


class IndicatorValue(_PeriodModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.CharField(
        max_length=200, blank=True, help_text="Empty for the whole partnership area."
    )
    value = models.DecimalField(max_digits=14, decimal_places=3)

    history = HistoricalRecords(table_name="partnerships_historicalindicatorvalue")

    class Meta:
        db_table = "partnerships_indicatorvalue"
        ordering = ["indicator", "period_start", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "area"],
                name="indicator_value_once_a_period_and_area",
            ),
        ]


# The risk register -----------------------------------------------------------------------


class Likelihood(models.IntegerChoices):
    RARE = 1, "1 – Rare"
    UNLIKELY = 2, "2 – Unlikely"
    POSSIBLE = 3, "3 – Possible"
    LIKELY = 4, "4 – Likely"
    ALMOST_CERTAIN = 5, "5 – Almost certain"


class Impact(models.IntegerChoices):
    NEGLIGIBLE = 1, "1 – Negligible"
    MINOR = 2, "2 – Minor"
    MODERATE = 3, "3 – Moderate"
    MAJOR = 4, "4 – Major"
    SEVERE = 5, "5 – Severe"


# A score is likelihood × impact, from 1 to 25. Its band: 1–4 low, 5–9 medium,
# 10–14 high, 15–25 very high (the lowest score of each band, highest first).
BANDS = [
    (15, "very_high", "Very high"),
    (10, "high", "High"),
    (5, "medium", "Medium"),
    (1, "low", "Low"),
]
BAND_LABELS = {key: label for _lowest, key, label in BANDS}


def band(score):
    """The band of a score of likelihood × impact: 1–4 low, 5–9 medium, 10–14 high,
    15–25 very high. None for no score."""
    if score is None:
        return None
    return next(key for lowest, key, _label in BANDS if score >= lowest)


def band_range(key):
    """The lowest and highest score of a band."""
    lowest = [lo for lo, k, _l in BANDS if k == key][0]
    higher = [lo for lo, _k, _l in BANDS if lo > lowest]
    return lowest, (min(higher) - 1 if higher else 25)


def movement(before, after):
    """'up', 'down' or 'same': how a score moved since the one before; None when
    there is none before."""
    if before is None:
        return None
    return "up" if after > before else "down" if after < before else "same"


def _one_to_five(prefix, *names):
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
            name=f"{prefix}_{name}_1_to_5",
        )
        for name in names
    ]


class RiskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def with_scores(self):
        return self.annotate(
            inherent_score=F("inherent_likelihood") * F("inherent_impact"),
            residual_score=F("residual_likelihood") * F("residual_impact"),
            last_reviewed=Max("reviews__reviewed_on"),
        )

    def for_register(self):
        """The register page (and its download): group, owner, priorities and
        reviews (for the movement) fetched with the risks, highest residual score first."""
        return (
            self.with_scores()
            .select_related("group", "owner")
            .prefetch_related(
                Prefetch("priorities", queryset=Priority.objects.order_by("position", "id")),
                Prefetch("reviews", queryset=RiskReview.objects.order_by("-reviewed_on", "-id")),
            )
            .order_by("-residual_score", "review_due", "id")
        )

    def for_heat_map(self):
        """The open risks with only what the heat map and the count by band read:
        their residual likelihood and impact."""
        return self.open().only("residual_likelihood", "residual_impact").order_by()

    def for_detail_page(self):
        return (
            self.with_scores()
            .select_related("partnership", "group", "owner")
            .prefetch_related(
                Prefetch(
                    "priorities", queryset=Priority.objects.select_related("plan").order_by("id")
                ),
                Prefetch(
                    "reviews",
                    queryset=RiskReview.objects.select_related("created_by").order_by(
                        "-reviewed_on", "-id"
                    ),
                ),
            )
        )


class Risk(models.Model):
    """A risk to what a partnership (or one of its groups) set out to do, scored as
    likelihood × impact on a 5 × 5 grid before its controls (inherent) and with them
    (residual); see `band` for what a score means. Reviewed quarterly: each review
    records the residual score then, and the movement since the review before."""

    class Category(models.TextChoices):
        DELIVERY = "delivery", "Delivery of the plan"
        FINANCIAL = "financial", "Financial"
        GOVERNANCE = "governance", "Partnership and governance"
        STATUTORY = "statutory", "Legal and statutory duties"
        INFORMATION = "information", "Information and data sharing"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        COMMUNITY = "community", "Community harm and confidence"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="risks"
    )
    group = models.ForeignKey(
        "partnerships.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
        help_text="Leave empty for a risk of the whole partnership.",
    )
    title = models.CharField("Risk", max_length=300)
    category = models.CharField(max_length=20, choices=Category.choices)
    cause = models.TextField(help_text="What could bring it about.")
    effect = models.TextField(help_text="What would follow if it happened.")
    owner = models.ForeignKey(
        "partnerships.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_risks",
    )
    inherent_likelihood = models.PositiveSmallIntegerField(
        "Likelihood before controls", choices=Likelihood.choices
    )
    inherent_impact = models.PositiveSmallIntegerField(
        "Impact before controls", choices=Impact.choices
    )
    controls = models.TextField("Controls in place", blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        "Likelihood with controls", choices=Likelihood.choices
    )
    residual_impact = models.PositiveSmallIntegerField(
        "Impact with controls", choices=Impact.choices
    )
    priorities = models.ManyToManyField(Priority, blank=True, related_name="risks")
    actions = models.ManyToManyField("meetings.Action", blank=True, related_name="risks")
    review_due = models.DateField("Next review due")
    closed_on = models.DateField(
        null=True, blank=True, help_text="When the risk was closed: it is then no longer reviewed."
    )

    history = HistoricalRecords(m2m_fields=[])
    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "title", "id"]
        constraints = _one_to_five(
            "risk",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
        )

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategy:risk_detail", args=[self.pk])

    @property
    def inherent(self):
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual(self):
        return self.residual_likelihood * self.residual_impact

    @property
    def residual_band(self):
        return band(self.residual)

    @property
    def inherent_band(self):
        return band(self.inherent)

    def clean(self):
        if (
            self.group_id
            and self.partnership_id
            and self.group.partnership_id != self.partnership_id
        ):
            raise ValidationError({"group": f"Choose a group of {self.partnership}."})
        if self.closed_on and self.closed_on > timezone.localdate():
            raise ValidationError({"closed_on": "The date closed must be today or in the past."})

    def reviews_with_movement(self):
        """The prefetched reviews, latest first, each as (review, movement since the
        one before it: 'up', 'down', 'same', or None for the first)."""
        reviews = list(self.reviews.all())
        oldest_first = sorted(reviews, key=lambda r: (r.reviewed_on, r.pk))
        moved, before = {}, None
        for review in oldest_first:
            moved[review.pk] = movement(before, review.score)
            before = review.score
        return [(review, moved[review.pk]) for review in reviews]

    def latest_movement(self):
        pairs = self.reviews_with_movement()
        return pairs[0][1] if pairs else None

    def change_history(self, limit=20):
        """The latest changes to the risk: when, who, which fields, from what to what
        (a link to another record by its name only). One query."""
        return latest_changes(self, limit, links=("partnership", "group", "owner"))

    def record_review(self, *, reviewed_on, likelihood, impact, note, next_review_due, by):
        """Record a review: its residual score becomes the risk's, and the next review
        is due when the review says."""
        review = RiskReview.objects.create(
            risk=self,
            reviewed_on=reviewed_on,
            likelihood=likelihood,
            impact=impact,
            note=note,
            created_by=by,
        )
        self.residual_likelihood, self.residual_impact = likelihood, impact
        self.review_due = next_review_due
        self.save(update_fields=["residual_likelihood", "residual_impact", "review_due"])
        return review


class RiskReview(models.Model):
    """A review of a risk: its residual likelihood and impact on the day."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("Reviewed on")
    likelihood = models.PositiveSmallIntegerField(
        "Likelihood with controls", choices=Likelihood.choices
    )
    impact = models.PositiveSmallIntegerField("Impact with controls", choices=Impact.choices)
    note = models.TextField("What changed", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["risk", "reviewed_on"], name="risk_review_once_a_day"),
            *_one_to_five("risk_review", "likelihood", "impact"),
        ]

    def __str__(self):
        return f"{self.risk}: reviewed {self.reviewed_on}"

    @property
    def score(self):
        return self.likelihood * self.impact
