"""The forms of a partnership's strategy: assessments, plans, priorities and their
quarterly updates, milestones, indicators, targets and the upload of values; risks
and their reviews."""

import datetime

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.files import check_data_file, check_document
from config.forms import GdsForm
from config.stale_edits import StaleEditForm
from meetings.models import Action
from partnerships.models import Group, Person
from strategy.models import (
    Indicator,
    Milestone,
    Plan,
    Priority,
    PriorityUpdate,
    Risk,
    RiskReview,
    StrategicAssessment,
)
from strategy.periods import parse_period


class PriorityUpdateForm(StaleEditForm, GdsForm, forms.ModelForm):
    """An update for one of the plan's quarters, chosen from a list (the one due
    first), not the quarter the day falls in: written in October, the update for
    the quarter ending 30 September is recorded as that."""

    submit_label = "Save the quarterly update"
    period_end = forms.TypedChoiceField(
        label="Quarter",
        coerce=datetime.date.fromisoformat,
        error_messages={
            "required": "Select the quarter the update is for",
            "invalid_choice": "Select one of the quarters listed",
        },
    )

    class Meta:
        model = PriorityUpdate
        fields = ["period_end", "rag", "key_messages", "achievements", "development", "risks"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["key_messages", "achievements", "development", "risks"]
        }

    def __init__(self, *args, quarters, updated, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_end"].choices = [
            (
                end.isoformat(),
                f"Quarter ending {end:%-d %B %Y}"
                + (": has an update, saving replaces it" if end in updated else ""),
            )
            for end in reversed(quarters)
        ]


class ValuesUploadForm(GdsForm, forms.Form):
    submit_label = "Load the values"
    file = forms.FileField(
        label="Indicator values (CSV or .xlsx)",
        help_text="Columns: indicator, period (YYYY-MM, YYYY-Qn or YYYY/YY), area (empty for the whole area), value.",
    )

    def clean_file(self):
        return check_data_file(self.cleaned_data["file"], (".csv", ".xlsx"), "The values file")


class AssessmentForm(StaleEditForm, GdsForm, forms.ModelForm):
    date = DateInputField(label="Date", require_all_fields=False)
    review_due = DateInputField(label="Review due", required=False, require_all_fields=False)

    class Meta:
        model = StrategicAssessment
        fields = ["kind", "title", "date", "data_sources", "author", "document", "review_due"]

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):
            check_document(upload, what="The assessment")
        return upload


class PlanForm(StaleEditForm, GdsForm, forms.ModelForm):
    starts = DateInputField(label="Starts", require_all_fields=False)
    ends = DateInputField(label="Ends", require_all_fields=False)
    review_due = DateInputField(label="Review due", required=False, require_all_fields=False)

    class Meta:
        model = Plan
        fields = [
            "kind",
            "title",
            "aim",
            "starts",
            "ends",
            "assessment",
            "document",
            "published_url",
            "review_due",
        ]

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):
            check_document(upload, what="The plan")
        return upload

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = StrategicAssessment.objects.filter(
            partnership=partnership
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") and cleaned.get("ends") and cleaned["ends"] <= cleaned["starts"]:
            self.add_error("ends", "The plan must end after it starts.")
        return cleaned


class PriorityForm(StaleEditForm, GdsForm, forms.ModelForm):
    class Meta:
        model = Priority
        fields = [
            "position",
            "title",
            "description",
            "lead_person",
            "lead_organisation",
            "rationale",
            "police_crime_plan",
            "serves",
            "outside_assessment",
            "outside_reason",
            "actions",
        ]
        help_texts = {
            "actions": "The actions in the partnership's trackers that deliver this priority."
        }
        widgets = {"serves": forms.CheckboxSelectMultiple}

    def __init__(self, *args, partnership, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        plan = plan or self.instance.plan
        # The county agreement's priorities, for a partnership under a county group
        # that holds one; none to choose, no question.
        agreed = (
            Priority.objects.none()
            if plan.is_agreement
            else Priority.objects.of_agreements_over(partnership)
        )
        if agreed.exists():
            self.fields["serves"].queryset = agreed
            self.fields["serves"].label_from_instance = lambda p: f"{p.title} ({p.plan})"
            self.fields["serves"].required = False
        else:
            del self.fields["serves"]
        self.fields["lead_person"].queryset = Person.objects.current().order_by("name")
        self.fields["lead_person"].empty_label = "No lead yet"
        self.fields["actions"].queryset = (
            Action.objects.filter(group__partnership=partnership)
            .open()
            .select_related("group")
            .order_by("group__name", "id")
        )
        self.fields["actions"].label_from_instance = lambda a: (
            f"{a.group.name}: {a.description[:80]}"
        )
        self.fields["actions"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outside_assessment") and not (cleaned.get("outside_reason") or "").strip():
            self.add_error(
                "outside_reason",
                "Say why the priority was added outside the strategic assessment.",
            )
        return cleaned


class MilestoneForm(StaleEditForm, GdsForm, forms.ModelForm):
    due = DateInputField(label="By when", require_all_fields=False)
    done_on = DateInputField(label="Done on", required=False, require_all_fields=False)

    class Meta:
        model = Milestone
        fields = ["what", "who", "due", "measure", "done_on"]


class IndicatorForm(StaleEditForm, GdsForm, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "definition", "unit", "direction", "source", "frequency", "priorities"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["priorities"].queryset = Priority.objects.filter(
            plan__partnership=partnership
        ).select_related("plan")
        self.fields["priorities"].required = False

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Indicator.objects.filter(partnership=self.partnership, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise ValidationError(f"{self.partnership} already has an indicator called {name}.")
        return name


class TargetForm(GdsForm, forms.Form):
    submit_label = "Save the target"
    period = forms.CharField(help_text="YYYY-MM, YYYY-Qn or YYYY/YY")
    value = forms.DecimalField(max_digits=14, decimal_places=3)

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as error:
            raise ValidationError(str(error)) from None


class RiskForm(StaleEditForm, GdsForm, forms.ModelForm):
    """A risk of the partnership or of one of its groups; its priorities are the
    partnership's, its actions those open in the partnership's trackers (and those
    linked already, open or not)."""

    review_due = DateInputField(label="Next review due", require_all_fields=False)
    closed_on = DateInputField(label="Closed on", required=False, require_all_fields=False)

    class Meta:
        model = Risk
        fields = [
            "title",
            "group",
            "category",
            "owner",
            "cause",
            "effect",
            "inherent_likelihood",
            "inherent_impact",
            "controls",
            "residual_likelihood",
            "residual_impact",
            "priorities",
            "actions",
            "review_due",
            "closed_on",
        ]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ["cause", "effect", "controls"]}
        help_texts = {
            "title": "Say what might happen, for example: "
            "“Loss of the drug treatment contract delays the plan”.",
            "priorities": "The priorities of the partnership's plans the risk threatens.",
            "actions": "The actions in the partnership's trackers that treat the risk.",
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        fields = self.fields
        fields["group"].queryset = Group.objects.current().filter(partnership=partnership)
        fields["group"].empty_label = "The whole partnership"
        fields["owner"].queryset = Person.objects.current().order_by("name")
        fields["owner"].empty_label = "No owner yet"
        fields["priorities"].queryset = Priority.objects.filter(
            plan__partnership=partnership
        ).select_related("plan")
        fields["priorities"].label_from_instance = lambda p: f"{p.title} ({p.plan.title})"
        linked = self.instance.actions.all() if self.instance.pk else Action.objects.none()
        fields["actions"].queryset = (
            (Action.objects.filter(group__partnership=partnership).open() | linked)
            .distinct()
            .select_related("group")
            .order_by("group__name", "id")
        )
        fields["actions"].label_from_instance = lambda a: f"{a.group.name}: {a.description[:80]}"
        fields["group"].error_messages["invalid_choice"] = (
            f"Choose a group of {partnership}, or the whole partnership"
        )
        fields["priorities"].error_messages["invalid_choice"] = (
            f"Choose priorities of {partnership}'s own plans"
        )
        fields["actions"].error_messages["invalid_choice"] = (
            f"Choose open actions of {partnership}'s trackers"
        )

    def clean_closed_on(self):
        closed_on = self.cleaned_data.get("closed_on")
        if closed_on and closed_on > timezone.localdate():
            raise ValidationError("The date closed must be today or in the past.")
        return closed_on


class RiskReviewForm(GdsForm, forms.ModelForm):
    """A review of a risk: its residual likelihood and impact now, what changed, and
    when it is next to be reviewed (a quarter on, to start with)."""

    submit_label = "Save the review"
    reviewed_on = DateInputField(label="Reviewed on", require_all_fields=False)
    next_review_due = DateInputField(label="Next review due", require_all_fields=False)

    class Meta:
        model = RiskReview
        fields = ["reviewed_on", "likelihood", "impact", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": "The controls or actions that moved the score, or why it held."}

    def __init__(self, *args, risk, **kwargs):
        super().__init__(*args, **kwargs)
        self.risk = risk
        self.instance.risk = risk

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise ValidationError("The date of the review must be today or in the past.")
        if self.risk.reviews.filter(reviewed_on=reviewed_on).exists():
            raise ValidationError(
                f"This risk already has a review on {reviewed_on:%-d %B %Y}: choose another date."
            )
        return reviewed_on

    def clean(self):
        cleaned = super().clean()
        reviewed_on, due = cleaned.get("reviewed_on"), cleaned.get("next_review_due")
        if reviewed_on and due and due <= reviewed_on:
            self.add_error("next_review_due", "The next review must be after this one.")
        return cleaned
