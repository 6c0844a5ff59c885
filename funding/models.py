"""Money: funding streams, budgets per financial year, allocations (by hand or
by a needs-based formula), grants to projects and their monitoring returns.

Amounts are integer pence. Late and missing returns are derived from each
grant's schedule, never typed in. Awards are never deleted: they are withdrawn.
"""

import calendar
import datetime
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.periods import year_bounds, year_label
from funding.money import pounds, split_pence
from partnerships.models import Partnership


class PenceField(models.BigIntegerField):
    """An amount of money in whole pence, which a person reads in pounds (where a
    change is explained: config/stale_edits.py). Migrations know it as the
    BigIntegerField it is stored as."""

    def show(self, value):
        return pounds(value)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.BigIntegerField", args, kwargs


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class FundingStream(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY_SAFETY_FUND = "community_safety_fund", "Community Safety Fund"
        COUNCIL_CONTRIBUTION = "council_contribution", "Council contribution"
        PCC_GRANT = "pcc_grant", "Police and crime commissioner grant"
        GOVERNMENT_GRANT = "government_grant", "Government grant"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    funder = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="funding_streams"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    ring_fenced = models.BooleanField(
        default=False, help_text="The money may be spent only on the purpose it was given for."
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("funder", Lower("name"), name="stream_name_unique_per_funder"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("funding:index") + "#streams"


class PortfolioArea(models.Model):
    """A funder's area of spending, e.g. the OPCC's Victims and Vulnerability."""

    funder = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="portfolio_areas"
    )
    name = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["funder__name", "name"]
        constraints = [
            models.UniqueConstraint(
                "funder", Lower("name"), name="portfolio_name_unique_per_funder"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("funding:index") + "#streams"


def _committed(budget_ref):
    """An annotation: the pence allocated and granted from a budget (withdrawn awards aside)."""
    allocated = (
        Allocation.objects.filter(budget=budget_ref, withdrawn_at__isnull=True)
        .order_by()
        .values("budget")
        .annotate(n=Sum("amount"))
        .values("n")
    )
    granted = (
        Grant.objects.filter(budget=budget_ref)
        .exclude(status=Grant.Status.WITHDRAWN)
        .order_by()
        .values("budget")
        .annotate(n=Sum("amount"))
        .values("n")
    )
    return Coalesce(Subquery(allocated), 0) + Coalesce(Subquery(granted), 0)


class BudgetQuerySet(models.QuerySet):
    def with_committed(self):
        return self.annotate(committed=_committed(OuterRef("pk"))).annotate(
            left=F("amount") - F("committed"), over=F("committed") - F("amount")
        )

    def for_list(self):
        return (
            self.select_related("stream__funder", "holder")
            .with_committed()
            .order_by("-year", "holder__name", "stream__name")
        )


class Budget(models.Model):
    """What a stream gives a partnership in one financial year."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        CONFIRMED = "confirmed", "Confirmed"

    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="budgets")
    holder = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="budgets",
        help_text="The partnership that receives the money and decides how it is spent.",
    )
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    amount = PenceField(help_text="In pence.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROVISIONAL)
    as_reported = models.BooleanField(
        "Figures as reported",
        default=False,
        help_text="A past year copied from a published report: its lines are kept as printed, "
        "and spending beyond the budget is shown as a discrepancy instead of being refused.",
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "stream__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "holder", "year"], name="budget_once_per_stream_holder_year"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="budget_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.stream} {self.year_label} for {self.holder}"

    def get_absolute_url(self):
        return reverse("funding:budget_detail", args=[self.pk])

    @property
    def year_label(self):
        return year_label(self.year)

    def committed_now(self):
        """Pence allocated and granted from this budget, read from the database."""
        return Budget.objects.with_committed().values_list("committed", flat=True).get(pk=self.pk)

    def check_room_for(self, extra, *, replacing=0):
        """ValidationError when `extra` pence more would take the budget past its amount.

        Call inside a transaction that holds a lock on this budget's row.
        """
        if self.as_reported:
            return
        committed = self.committed_now() - replacing
        if committed + extra > self.amount:
            left = max(self.amount - committed, 0)
            raise ValidationError(
                f"That is more than the budget allows: {self} is {pounds(self.amount)}, "
                f"{pounds(committed)} is already committed and {pounds(left)} is left."
            )


class AllocationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(withdrawn_at__isnull=True)


class Allocation(models.Model):
    """Money from a budget to a partnership or a named service."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="allocations")
    recipient_partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations_received",
    )
    recipient_name = models.CharField(
        "Recipient",
        max_length=200,
        blank=True,
        help_text="The service or team, as the funding statement names it. "
        "Empty to use the partnership's name.",
    )
    amount = PenceField(help_text="In pence.")
    formula = models.ForeignKey(
        "funding.AllocationFormula",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
        help_text="The formula that proposed this allocation, if one did.",
    )
    notes = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["budget", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_partnership__isnull=False) | ~Q(recipient_name=""),
                name="allocation_has_recipient",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
            models.UniqueConstraint(
                "budget",
                Lower("recipient_name"),
                condition=Q(withdrawn_at__isnull=True) & ~Q(recipient_name=""),
                name="allocation_once_per_named_recipient",
            ),
            models.UniqueConstraint(
                fields=["budget", "recipient_partnership"],
                condition=Q(withdrawn_at__isnull=True) & Q(recipient_name=""),
                name="allocation_once_per_partnership",
            ),
        ]

    def __str__(self):
        return f"{self.recipient} {pounds(self.amount)} from {self.budget}"

    @property
    def recipient(self):
        return self.recipient_name or (
            self.recipient_partnership.name if self.recipient_partnership_id else ""
        )


# The needs-based formula -----------------------------------------------------


class AllocationFormula(models.Model):
    """Weighted indicators per area, one version per financial year at a time."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONFIRMED = "confirmed", "Confirmed"

    holder = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="formulas"
    )
    year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="later_versions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["holder__name", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "year", "version"], name="formula_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(confirmed_at__isnull=False),
                name="formula_confirmed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.year_label} v{self.version}"

    def get_absolute_url(self):
        return reverse("funding:formula_detail", args=[self.pk])

    @property
    def year_label(self):
        return year_label(self.year)

    def shares(self, indicators, areas, values, weights=None):
        """Each area's exact share (a Fraction summing to 1).

        An area's share is the weighted mean, over the indicators, of its part
        of that indicator's total. `values` maps (indicator_id, area_id) to a
        Decimal; `weights` maps indicator_id to a weight and overrides the
        stored ones (a what-if).
        """
        weights = weights or {}
        used = []
        for ind in indicators:
            weight = Fraction(weights.get(ind.pk, ind.weight))
            total = sum(Fraction(values.get((ind.pk, a.pk), 0)) for a in areas)
            if weight > 0 and total > 0:
                used.append((ind, weight, total))
        if not used:
            raise ValueError(
                "The formula needs at least one indicator with a weight above zero "
                "and values above zero."
            )
        weight_sum = sum(w for _, w, _ in used)
        return [
            sum(w * Fraction(values.get((ind.pk, a.pk), 0)) / total for ind, w, total in used)
            / weight_sum
            for a in areas
        ]

    def propose(self, pot, indicators, areas, values, weights=None):
        """The split of `pot` pence between the areas, to the penny."""
        return split_pence(pot, self.shares(indicators, areas, values, weights))

    def inputs(self):
        """Indicators, areas and the values grid: three queries."""
        indicators = list(self.indicators.order_by("position", "id"))
        areas = list(self.areas.select_related("recipient_partnership").order_by("position", "id"))
        values = {
            (v.indicator_id, v.area_id): v.value
            for v in FormulaValue.objects.filter(indicator__formula=self)
        }
        return indicators, areas, values


class FormulaIndicator(models.Model):
    formula = models.ForeignKey(
        AllocationFormula, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)
    weight = models.DecimalField(max_digits=7, decimal_places=3)
    position = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["formula", "position", "id"]
        constraints = [
            models.UniqueConstraint("formula", Lower("name"), name="formula_indicator_name_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="formula_weight_not_negative"),
        ]

    def __str__(self):
        return self.name


class FormulaArea(models.Model):
    formula = models.ForeignKey(AllocationFormula, on_delete=models.CASCADE, related_name="areas")
    recipient_partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_name = models.CharField("Name in the statement", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["formula", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_partnership__isnull=False) | ~Q(recipient_name=""),
                name="formula_area_has_recipient",
            ),
        ]

    def __str__(self):
        return self.recipient

    @property
    def recipient(self):
        return self.recipient_name or (
            self.recipient_partnership.name if self.recipient_partnership_id else ""
        )


class FormulaValue(models.Model):
    indicator = models.ForeignKey(FormulaIndicator, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(FormulaArea, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(max_digits=14, decimal_places=3)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area"], name="formula_value_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="formula_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator} / {self.area}: {self.value}"


# Grants to projects ----------------------------------------------------------


def check_planned_dates(start, end):
    """A grant's planned end is not before its planned start: the rule of the grant
    form (Grant.clean) and of the 360Giving import, held by a constraint too."""
    if start and end and end < start:
        raise ValidationError(
            {"planned_end": "The planned end must be on or after the planned start."}
        )


class GrantQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status__in=[Grant.Status.PROPOSED, Grant.Status.WITHDRAWN])

    def with_returns_due(self):
        """Live grants of active partnerships with a return schedule: which returns are
        due is worked out from each grant's schedule (Grant.return_schedule)."""
        return self.live().filter(
            partnership__status=Partnership.Status.ACTIVE,
            returns_every__gt=0,
            planned_start__isnull=False,
            planned_end__isnull=False,
        )

    def published(self):
        """What open data carries: awarded grants with a recipient and an award date."""
        return self.live().filter(provider__isnull=False, award_date__isnull=False)

    def in_year(self, start):
        first, last = year_bounds(start)
        return self.filter(
            Q(award_date__range=(first, last))
            | Q(award_date__isnull=True, planned_start__range=(first, last))
        )

    def for_list(self):
        return self.select_related(
            "provider", "funder", "portfolio", "partnership", "commissioning_lead"
        ).prefetch_related(
            Prefetch("returns", queryset=MonitoringReturn.objects.order_by("period_end"))
        )

    def for_detail_page(self):
        return self.select_related(
            "provider",
            "funder",
            "portfolio",
            "partnership",
            "commissioning_lead",
            "commissioning_lead_organisation",
            "priority",
            "budget__stream",
        ).prefetch_related(
            "co_funders",
            Prefetch("returns", queryset=MonitoringReturn.objects.order_by("period_end")),
        )

    def for_export(self):
        """Open data: each grant with its recipient, its funder and the partnership
        whose area it benefits."""
        return self.select_related("provider", "funder", "partnership", "budget__stream").order_by(
            "award_date", "identifier"
        )

    def next_identifier(self, year):
        """The next free identifier of the council's 360Giving prefix for a year:
        360G-demo-council-2026-007 after -006."""
        stem = f"{settings.GRANT_ID_PREFIX}-{year}-"
        taken = set(self.filter(identifier__istartswith=stem).values_list("identifier", flat=True))
        numbers = [int(t[len(stem) :]) for t in taken if t[len(stem) :].isdigit()]
        number = max(numbers, default=0) + 1
        while f"{stem}{number:03d}".lower() in {t.lower() for t in taken}:
            number += 1
        return f"{stem}{number:03d}"


class Grant(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class ReturnsEvery(models.IntegerChoices):
        NONE = 0, "No monitoring returns"
        MONTHLY = 1, "Monthly"
        QUARTERLY = 3, "Quarterly"
        HALF_YEARLY = 6, "Every six months"
        YEARLY = 12, "Yearly"

    identifier = models.CharField(
        max_length=100,
        unique=True,
        help_text="The grant's identifier in open data (360Giving), e.g. 360G-swindon-2020-001; "
        "left blank, the next of the council's prefix is given.",
    )
    title = models.CharField(max_length=300)
    description = models.TextField()
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="grants",
        help_text="The partnership whose work this project delivers.",
    )
    funder = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="grants_made"
    )
    budget = models.ForeignKey(
        Budget,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
        help_text="The budget the grant is paid from.",
    )
    provider = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants_received",
        help_text="Empty while the provider is still to be chosen.",
    )
    provider_note = models.CharField(
        max_length=300, blank=True, help_text="For example: in partnership with the fire service."
    )
    commissioning_lead = models.ForeignKey(
        "partnerships.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants_led",
    )
    commissioning_lead_organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants_commissioned",
    )
    portfolio = models.ForeignKey(
        PortfolioArea, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    priority = models.ForeignKey(
        "strategy.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    grant_programme = models.CharField(max_length=200, blank=True)
    amount = PenceField(help_text="In pence.")
    award_date = models.DateField(null=True, blank=True)
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    pilot = models.BooleanField(default=False)
    co_funders = models.ManyToManyField(
        "partnerships.Organisation", blank=True, related_name="grants_co_funded"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    returns_every = models.PositiveSmallIntegerField(
        "Monitoring returns", choices=ReturnsEvery.choices, default=ReturnsEvery.QUARTERLY
    )
    return_days = models.PositiveSmallIntegerField(
        "Days to send a return",
        default=30,
        help_text="How long after the end of each period a return is due.",
    )
    evaluation_due = models.DateField(null=True, blank=True)
    evaluation_received = models.DateField(null=True, blank=True)
    evaluation_summary = models.TextField(blank=True)
    evaluation_file = models.FileField(upload_to="evaluations/%Y/", blank=True)
    # Stamped by every save; a save with update_fields must name it to move it.
    modified = models.DateTimeField(
        "Last changed",
        auto_now=True,
        help_text="When the record last changed: a grant's dateModified in 360Giving data.",
    )

    # The history already dates every change: a last-changed time in each entry would
    # only list itself among the fields changed.
    history = HistoricalRecords(m2m_fields=[], excluded_fields=["modified"])
    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-award_date", "title"]
        indexes = [
            # The grant list's order, so a page of 50 is read without sorting them all.
            models.Index(F("award_date").desc(), "title", "id", name="grant_list_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="grant_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="grant_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "withdrawn"]) | Q(provider__isnull=False),
                name="grant_awarded_has_provider",
            ),
            models.CheckConstraint(
                condition=Q(return_days__lte=366), name="grant_return_days_within_a_year"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:grant_detail", args=[self.pk])

    def clean(self):
        check_planned_dates(self.planned_start, self.planned_end)

    # What return_schedule reads of the grant itself, for querysets that load no more.
    SCHEDULE_FIELDS = (
        "status",
        "returns_every",
        "return_days",
        "planned_start",
        "planned_end",
        "award_date",
    )

    @property
    def is_live(self):
        return self.status not in (self.Status.PROPOSED, self.Status.WITHDRAWN)

    def return_schedule(self, on=None):
        """Each expected return: its period end, due date, the return received
        (if any) and a state: received, late (received after it was due),
        missing (due and not received) or upcoming. Uses the prefetched returns."""
        on = on or timezone.localdate()
        received = {r.period_end: r for r in self.returns.all()}
        slots = []
        if self.is_live:
            slots = return_period_ends(
                self.planned_start, self.planned_end, self.returns_every, self.award_date
            )
        for end in sorted(set(slots) | set(received)):
            due = end + datetime.timedelta(days=self.return_days)
            got = received.get(end)
            if got is not None:
                state = "late" if got.received > due else "received"
            elif due < on:
                state = "missing"
            else:
                state = "upcoming"
            yield {"period_end": end, "due": due, "received": got, "state": state}

    def returns_summary(self, on=None):
        counts = {"received": 0, "late": 0, "missing": 0, "upcoming": 0}
        for slot in self.return_schedule(on):
            counts[slot["state"]] += 1
        return counts

    def evaluation_state(self, on=None):
        """'received', 'overdue' (due and not in), 'due' (expected later) or '' (none asked)."""
        on = on or timezone.localdate()
        if self.evaluation_received:
            return "received"
        if not self.evaluation_due:
            return ""
        return "overdue" if self.evaluation_due < on and self.is_live else "due"


def return_period_ends(planned_start, planned_end, returns_every, awarded=None):
    """The end of each period a monitoring return is expected for: every
    `returns_every` months from the planned start, the last cut at the planned end;
    none for a period that ended before the grant was awarded."""
    ends = []
    if returns_every and planned_start and planned_end:
        month = 0
        while True:
            month += returns_every
            end = _months_after(planned_start, month) - datetime.timedelta(days=1)
            end = min(end, planned_end)
            ends.append(end)
            if end >= planned_end:
                break
    return [end for end in ends if awarded is None or end >= awarded]


def _months_after(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class MonitoringReturn(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="returns")
    period_end = models.DateField("Period ending")
    received = models.DateField("Date received")
    outputs = models.TextField(blank=True, help_text="What was delivered: sessions, people, …")
    outcomes = models.TextField(blank=True, help_text="What changed as a result.")
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices)
    evidence = models.FileField(upload_to="returns/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "period_end"], name="return_once_a_period"),
        ]

    def __str__(self):
        return f"{self.grant}: period ending {self.period_end:%-d %B %Y}"
