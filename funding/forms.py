import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.files import check_document
from config.forms import GdsForm, date_field
from config.periods import parse_year, year_label, year_of
from config.stale_edits import StaleEditForm
from funding.models import (
    Allocation,
    AllocationFormula,
    Budget,
    FormulaArea,
    FormulaIndicator,
    FundingStream,
    Grant,
    MonitoringReturn,
    PortfolioArea,
)
from funding.money import parse_amount, pounds
from partnerships.models import Organisation, Partnership, Person
from strategy.models import Priority


class PoundsField(forms.CharField):
    """An amount typed in pounds ('£12,500.50'), cleaned to integer pence."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "In pounds, for example 12,500 or 1,250.50")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return pounds(value).removeprefix("£")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class YearField(forms.CharField):
    """A financial year written 2011/12, cleaned to the year it starts in."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "April to March, written like 2026/27")
        kwargs.setdefault("label", "Financial year")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return year_label(value) if isinstance(value, int) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            year = parse_year(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if not 1990 <= year <= 2100:
            raise ValidationError("Enter a financial year between 1990/91 and 2100/01.")
        return year


class StreamForm(StaleEditForm, GdsForm, forms.ModelForm):
    class Meta:
        model = FundingStream
        fields = ["name", "funder", "kind", "ring_fenced", "description"]

    def clean(self):
        cleaned = super().clean()
        name, funder = (cleaned.get("name") or "").strip(), cleaned.get("funder")
        if name and funder:
            clash = FundingStream.objects.filter(funder=funder, name__iexact=name).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error("name", f"{funder} already has a funding stream called {name}.")
        return cleaned


class PortfolioForm(GdsForm, forms.ModelForm):
    class Meta:
        model = PortfolioArea
        fields = ["funder", "name"]

    def clean(self):
        cleaned = super().clean()
        name, funder = (cleaned.get("name") or "").strip(), cleaned.get("funder")
        if name and funder:
            clash = PortfolioArea.objects.filter(funder=funder, name__iexact=name).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error("name", f"{funder} already has a portfolio area called {name}.")
        return cleaned


class BudgetForm(StaleEditForm, GdsForm, forms.ModelForm):
    year = YearField()
    amount = PoundsField(label="Amount")

    class Meta:
        model = Budget
        fields = ["stream", "holder", "year", "amount", "status", "as_reported", "notes"]
        labels = {"holder": "Partnership"}

    def __init__(self, *args, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = holders
        self.fields["stream"].queryset = FundingStream.objects.select_related("funder")

    def clean(self):
        cleaned = super().clean()
        stream, holder, year = cleaned.get("stream"), cleaned.get("holder"), cleaned.get("year")
        if stream and holder and year:
            clash = Budget.objects.filter(stream=stream, holder=holder, year=year).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error(
                    "year",
                    f"{holder} already has a budget from {stream} for {year_label(year)}: "
                    "change that one instead.",
                )
        return cleaned


class AllocationForm(StaleEditForm, GdsForm, forms.ModelForm):
    amount = PoundsField(label="Amount")

    class Meta:
        model = Allocation
        fields = ["recipient_partnership", "recipient_name", "amount", "notes"]
        labels = {"recipient_partnership": "Partnership receiving the money"}

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.fields["recipient_partnership"].queryset = Partnership.objects.exclude(
            pk=budget.holder_id
        ).order_by("name")
        self.fields["recipient_partnership"].empty_label = "None: a named service or team"

    def clean(self):
        cleaned = super().clean()
        partnership = cleaned.get("recipient_partnership")
        name = (cleaned.get("recipient_name") or "").strip()
        cleaned["recipient_name"] = name
        if not partnership and not name:
            self.add_error(
                "recipient_name",
                "Choose a partnership or name the service that receives the money.",
            )
            return cleaned
        others = self.budget.allocations.current().exclude(pk=self.instance.pk)
        clash = (
            others.filter(recipient_name__iexact=name)
            if name
            else others.filter(recipient_partnership=partnership, recipient_name="")
        )
        if clash.exists():
            self.add_error(
                "recipient_name" if name else "recipient_partnership",
                f"{name or partnership} already has an allocation from this budget: change it instead.",
            )
        return cleaned


class FormulaForm(GdsForm, forms.ModelForm):
    year = YearField()

    class Meta:
        model = AllocationFormula
        fields = ["name", "year", "description"]


class FormulaIndicatorForm(GdsForm, forms.ModelForm):
    class Meta:
        model = FormulaIndicator
        fields = ["name", "source", "weight", "position"]
        help_texts = {"weight": "How much this indicator counts, e.g. 1, or 0.25 for a quarter."}

    def __init__(self, *args, formula, **kwargs):
        super().__init__(*args, **kwargs)
        self.formula = formula
        self.fields["weight"].min_value = 0

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.formula.indicators.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"The formula already has an indicator called {name}.")
        return name

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight < 0:
            raise ValidationError("The weight cannot be negative.")
        return weight


class FormulaAreaForm(GdsForm, forms.ModelForm):
    class Meta:
        model = FormulaArea
        fields = ["recipient_partnership", "recipient_name", "position"]
        labels = {"recipient_partnership": "Partnership"}

    def __init__(self, *args, formula, **kwargs):
        super().__init__(*args, **kwargs)
        self.formula = formula
        self.fields["recipient_partnership"].queryset = Partnership.objects.exclude(
            pk=formula.holder_id
        ).order_by("name")
        self.fields["recipient_partnership"].empty_label = "None: a named service or area"

    def clean(self):
        cleaned = super().clean()
        partnership = cleaned.get("recipient_partnership")
        name = (cleaned.get("recipient_name") or "").strip()
        cleaned["recipient_name"] = name
        if not partnership and not name:
            self.add_error("recipient_name", "Choose a partnership or name the area.")
        return cleaned


class FormulaValuesForm(GdsForm, forms.Form):
    """One number per indicator and area: the grid of the formula's inputs."""

    submit_label = "Save the values"

    def __init__(self, *args, indicators, areas, values, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for ind in indicators:
            for area in areas:
                name = f"v_{ind.pk}_{area.pk}"
                self.fields[name] = forms.DecimalField(
                    label=f"{ind.name}: {area.recipient}",
                    min_value=0,
                    max_digits=14,
                    decimal_places=3,
                    required=False,
                    initial=values.get((ind.pk, area.pk)),
                )
                self.cells.append((name, ind, area))


class WhatIfForm(forms.Form):
    """A scenario: another pot, other weights. Read from the query string."""

    pot = PoundsField(label="Amount to share", required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        for ind in indicators:
            self.fields[f"w_{ind.pk}"] = forms.DecimalField(
                label=f"Weight of {ind.name}",
                min_value=0,
                max_digits=7,
                decimal_places=3,
                required=False,
            )

    def weights(self):
        return {
            int(name[2:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("w_") and value is not None
        }


class ConfirmFormulaForm(GdsForm, forms.Form):
    submit_label = "Confirm the allocations"
    budget = forms.ModelChoiceField(queryset=Budget.objects.none(), label="From the budget")
    pot = PoundsField(label="Amount to share")

    def __init__(self, *args, formula, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = Budget.objects.filter(
            holder=formula.holder, year=formula.year
        ).select_related("stream", "holder")
        self.fields["budget"].label_from_instance = lambda b: f"{b.stream} ({pounds(b.amount)})"


class GrantForm(StaleEditForm, GdsForm, forms.ModelForm):
    """A grant. Left blank, its identifier is the next of the council's prefix; an
    award dated after the planned start is saved only once confirmed (no return is
    expected for a period that ended before it)."""

    LATE_AWARD = "confirm_late_award"
    amount = PoundsField(label="Amount awarded")
    award_date = date_field(
        "Award date", required=False, help_text="Empty while the grant is proposed"
    )
    planned_start = date_field("Planned start", required=False)
    planned_end = date_field("Planned end", required=False)
    evaluation_due = date_field("Evaluation due", required=False)

    class Meta:
        model = Grant
        fields = [
            "identifier",
            "title",
            "description",
            "partnership",
            "funder",
            "budget",
            "grant_programme",
            "portfolio",
            "priority",
            "provider",
            "provider_note",
            "commissioning_lead",
            "commissioning_lead_organisation",
            "co_funders",
            "amount",
            "award_date",
            "planned_start",
            "planned_end",
            "pilot",
            "status",
            "returns_every",
            "return_days",
            "evaluation_due",
        ]
        # Ticked boxes show, the others are found by name (SEARCHABLE in static/js/app.mjs).
        widgets = {"co_funders": forms.CheckboxSelectMultiple}
        labels = {"co_funders": "Co-funders"}
        help_texts = {"co_funders": "Each organisation that also funds the project."}

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identifier"].required = False
        self.fields["identifier"].help_text = (
            "Its identifier in open data. Leave it blank to be given the next one of the "
            f"council's, such as {settings.GRANT_ID_PREFIX}-{year_of(timezone.localdate())}-001."
        )
        if self.add_prefix(self.LATE_AWARD) in self.data:
            self._ask_late_award()
        self.fields["partnership"].queryset = partnerships
        self.fields["budget"].queryset = Budget.objects.filter(
            holder__in=partnerships
        ).select_related("stream", "holder")
        self.fields["budget"].label_from_instance = lambda b: str(b)
        self.fields["portfolio"].queryset = PortfolioArea.objects.select_related("funder")
        self.fields["priority"].queryset = Priority.objects.filter(
            plan__partnership__in=partnerships
        ).select_related("plan")
        self.fields["commissioning_lead"].queryset = Person.objects.current()
        orgs = Organisation.objects.current()
        for name in ("funder", "provider", "commissioning_lead_organisation", "co_funders"):
            self.fields[name].queryset = orgs
        self.fields["provider"].empty_label = "To be chosen"

    def _ask_late_award(self):
        """The confirmation, beside the dates it confirms."""
        box = forms.BooleanField(
            label="Yes, the grant was awarded after its planned start",
            required=False,
            help_text="No monitoring return is expected for a period that ended before the award.",
        )
        fields = list(self.fields.items())
        at = [name for name, _ in fields].index("planned_end") + 1
        self.fields = dict([*fields[:at], (self.LATE_AWARD, box), *fields[at:]])

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"].strip()
        if not identifier:
            return ""  # given the next of the council's prefix once the dates are known
        if (
            Grant.objects.filter(identifier__iexact=identifier)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError(f"Another grant already has the identifier {identifier}.")
        return identifier

    def clean(self):
        cleaned = super().clean()
        # That the planned end is not before the start is the model's rule (Grant.clean).
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        status = cleaned.get("status")
        live = status not in (Grant.Status.PROPOSED, Grant.Status.WITHDRAWN, None)
        if live and not cleaned.get("provider"):
            self.add_error("provider", "Choose the provider: an awarded grant has a recipient.")
        if live and not cleaned.get("award_date"):
            self.add_error("award_date", "Enter the award date of an awarded grant.")
        budget, partnership = cleaned.get("budget"), cleaned.get("partnership")
        if budget and partnership and budget.holder_id != partnership.pk:
            self.add_error("budget", f"Choose one of {partnership}'s budgets.")
        if cleaned.get("returns_every") and not (start and end):
            self.add_error(
                "planned_end",
                "Monitoring returns are scheduled from the planned start and end dates.",
            )
        self._check_late_award(cleaned)
        if "identifier" in cleaned and not cleaned["identifier"]:
            day = cleaned.get("award_date") or start or timezone.localdate()
            cleaned["identifier"] = Grant.objects.next_identifier(year_of(day))
        return cleaned

    def _check_late_award(self, cleaned):
        """An award after the planned start, newly entered, is confirmed in a box
        that appears with the question."""
        awarded, start = cleaned.get("award_date"), cleaned.get("planned_start")
        if not (awarded and start and awarded > start):
            return
        if self.instance.pk and not {"award_date", "planned_start"} & set(self.changed_data):
            return  # as it was saved: confirmed then, or brought in by an import
        if cleaned.get(self.LATE_AWARD):
            return
        self._ask_late_award()
        self.add_error(
            self.LATE_AWARD,
            f"The award date ({awarded:%-d %B %Y}) is after the planned start "
            f"({start:%-d %B %Y}): correct the dates, or tick the box to confirm them",
        )


class ReturnForm(GdsForm, forms.ModelForm):
    """A return is for one of the periods the grant's schedule sets and no return has
    been recorded for: chosen from a list, not typed, so a return dated 15 September
    cannot leave the period ending 30 September looking missing."""

    submit_label = "Record the return"
    period_end = forms.TypedChoiceField(
        label="Period",
        coerce=datetime.date.fromisoformat,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the period the return is for",
            "invalid_choice": "Choose one of the periods listed: that one has a return already, "
            "or is not on the grant's schedule",
        },
    )
    received = date_field("Date received")

    class Meta:
        model = MonitoringReturn
        fields = ["period_end", "received", "outputs", "outcomes", "rag", "evidence"]

    def __init__(self, *args, grant, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.grant = grant
        self.fields["period_end"].choices = [
            (
                slot["period_end"].isoformat(),
                f"Period ending {slot['period_end']:%-d %B %Y}: due {slot['due']:%-d %B %Y}"
                + (", late" if slot["state"] == "missing" else ""),
            )
            for slot in slots
        ]

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload and hasattr(upload, "content_type"):
            check_document(upload, what="The evidence")
        return upload

    def clean(self):
        cleaned = super().clean()
        period_end = cleaned.get("period_end")
        if period_end and self.grant.returns.filter(period_end=period_end).exists():
            self.add_error(
                "period_end",
                f"A return for the period ending {period_end:%d %B %Y} is already recorded.",
            )
        return cleaned


class EvaluationForm(StaleEditForm, GdsForm, forms.ModelForm):
    submit_label = "Save the evaluation"
    evaluation_due = date_field("Evaluation due", required=False)
    evaluation_received = date_field("Evaluation received", required=False)

    class Meta:
        model = Grant
        fields = ["evaluation_due", "evaluation_received", "evaluation_summary", "evaluation_file"]

    def clean_evaluation_file(self):
        upload = self.cleaned_data.get("evaluation_file")
        if upload and hasattr(upload, "content_type"):
            check_document(upload, what="The evaluation")
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("evaluation_file") and not cleaned.get("evaluation_received"):
            self.add_error("evaluation_received", "Enter the date the evaluation was received.")
        return cleaned
