"""The forms of the domestic homicide review register: a review (its decision, chair,
panel and stages) and a recommendation, which puts an action in a tracker."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from config.forms import GdsForm, date_field
from config.stale_edits import StaleEditForm
from dhr.models import Review
from partnerships.models import Group, Organisation, Person

DATES = {
    "notified_on": ("Notified on", True),
    "decided_on": ("Decided on", False),
    "extended_to": ("Report extended to", False),
    "report_completed_on": ("Report completed on", False),
    "submitted_on": ("Submitted to the Home Office on", False),
    "quality_assured_on": ("Quality assured on", False),
    "published_on": ("Published on", False),
    "closed_on": ("Closed on", False),
}


class ReviewForm(StaleEditForm, GdsForm, forms.ModelForm):
    """A review of one partnership; its case reference unique within it. What must
    hold of the dates and the decision is in Review.clean, shown by the field."""

    class Meta:
        model = Review
        fields = [
            "case_reference",
            "notified_on",
            "decision",
            "decided_on",
            "decision_reason",
            "independent_chair",
            "panel",
            "extended_to",
            "extension_reason",
            "report_completed_on",
            "submitted_on",
            "quality_assured_on",
            "qa_outcome",
            "published_on",
            "closed_on",
            "notes",
        ]
        widgets = {
            "panel": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("decision_reason", "extension_reason", "notes")
            },
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        for name, (label, required) in DATES.items():
            help_text = self.fields[name].help_text
            self.fields[name] = date_field(label, required=required, help_text=help_text)
        self.fields["panel"].queryset = Organisation.objects.filter(
            archived_at__isnull=True
        ).order_by("name")
        self.fields["qa_outcome"].choices = [("", "No outcome yet"), *Review.QaOutcome.choices]

    def clean_case_reference(self):
        reference = self.cleaned_data["case_reference"].strip()
        others = Review.objects.filter(partnership=self.partnership, case_reference=reference)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                f"{self.partnership} has a review with this reference already: choose another."
            )
        return reference


class RecommendationForm(GdsForm, forms.Form):
    """A recommendation of the review and the action that tracks it: in the tracker of
    a group of the partnership (its board, to start with), with an owner and a date."""

    submit_label = "Save the recommendation"
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="As the review's report words it.",
    )
    addressed_to = forms.ModelChoiceField(
        label="Addressed to", queryset=Organisation.objects.none(), required=False
    )
    action = forms.CharField(
        label="Action in the tracker",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is to be done, as the group's tracker shows it to the group's "
        "members: name no one and nothing of the case.",
    )
    group = forms.ModelChoiceField(label="Tracker of", queryset=Group.objects.none())
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none())
    due = date_field("Due date")

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = review.partnership
        groups = Group.objects.current().filter(partnership=partnership).order_by("name")
        self.fields["group"].queryset = groups
        self.fields["group"].error_messages["invalid_choice"] = f"Choose a group of {partnership}"
        self.fields["addressed_to"].queryset = Organisation.objects.filter(
            archived_at__isnull=True
        ).order_by("name")
        self.fields["addressed_to"].empty_label = "No one organisation"
        self.fields["owner"].queryset = Person.objects.current().order_by("name")
        if "group" not in self.initial:
            boards = groups.filter(kind=Group.Kind.BOARD)
            board = boards.order_by(F("reports_to").asc(nulls_first=True), "name").first()
            self.initial["group"] = board.pk if board else None

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise ValidationError("The due date must be today or later.")
        return due
