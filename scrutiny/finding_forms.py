"""The forms of the kept governance health findings: the filters of the list (the
page and the API share them) and the answer an officer or a chair gives."""

import datetime

from django import forms
from django.utils import timezone

from config.forms import GdsForm, date_field
from config.stale_edits import StaleEditForm
from partnerships.models import Group, Partnership
from scrutiny.health import CHECKS
from scrutiny.models import HealthCheck, HealthFinding

LONGEST_ACCEPTANCE = datetime.timedelta(days=2 * 366)


class _Names(forms.models.ModelChoiceIterator):
    """A list's choices from two columns, not a record each: a national register's
    list of partnerships has hundreds."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class _ByName(forms.ModelChoiceField):
    iterator = _Names


class FindingFilterForm(forms.Form):
    partnership = _ByName(
        queryset=Partnership.objects.active().order_by("name"),
        required=False,
        empty_label="All partnerships",
        error_messages={"invalid_choice": "Choose an active partnership."},
    )
    group = _ByName(
        queryset=Group.objects.current().order_by("name"),
        required=False,
        empty_label="Any group",
        help_text="Choose a partnership first.",
    )
    severity = forms.ChoiceField(
        choices=[("", "Any severity"), *HealthCheck.Severity.choices], required=False
    )
    check = forms.ChoiceField(
        choices=[("", "Any check"), *((name, name) for name in CHECKS)], required=False
    )
    answered = forms.ChoiceField(
        label="Answered",
        choices=[("", "Answered or not"), ("no", "Not answered"), ("yes", "Answered")],
        required=False,
    )
    since = forms.DateField(
        label="New since",
        required=False,
        help_text="For example 2026-09-30",
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2026-09-30."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The groups of the partnership chosen: the list stays short however large
        # the register (no partnership chosen, no group to choose).
        chosen = self.data.get("partnership") if self.is_bound else None
        groups = self.fields["group"].queryset
        self.fields["group"].queryset = (
            groups.filter(partnership_id=chosen) if str(chosen or "").isdigit() else groups.none()
        )
        self.fields["group"].error_messages["invalid_choice"] = (
            "Choose a current group of the partnership chosen."
        )

    def apply(self, findings, on=None):
        """The kept open findings these filters keep."""
        data = self.cleaned_data
        if data["partnership"]:
            findings = findings.filter(partnership=data["partnership"])
        if data["group"]:
            findings = findings.filter(group=data["group"])
        if data["severity"]:
            findings = findings.filter(severity=data["severity"])
        if data["check"]:
            findings = findings.filter(check_name=data["check"])
        if data["answered"] == "yes":
            findings = findings.answered(on)
        elif data["answered"] == "no":
            findings = findings.counted(on)
        if data["since"]:
            start = datetime.datetime.combine(data["since"], datetime.time.min)
            findings = findings.filter(first_found__gte=timezone.make_aware(start))
        return findings


class AnswerForm(StaleEditForm, GdsForm, forms.ModelForm):
    submit_label = "Save the answer"
    review_on = date_field(
        "When to look at it again",
        required=False,
        help_text="An accepted finding counts again from this day. For example, 31 3 2027",
    )

    class Meta:
        model = HealthFinding
        fields = ["answer", "reason", "review_on"]
        labels = {"answer": "Your answer", "reason": "Why"}
        help_texts = {
            "reason": "Scrutiny members and everyone who reads the findings see this reason.",
        }
        widgets = {"answer": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = [
            (HealthFinding.Answer.ACCEPTED, "Accepted: we know, and here is why"),
            (HealthFinding.Answer.NOT_APPLICABLE, "Not applicable: the check does not fit here"),
            ("", "No answer: count it again"),
        ]
        self.fields["answer"].required = False

    def clean(self):
        cleaned = super().clean()
        answer = cleaned.get("answer") or ""
        reason = (cleaned.get("reason") or "").strip()
        review_on = cleaned.get("review_on")
        today = timezone.localdate()
        if answer and not reason:
            self.add_error("reason", "Say why: everyone who reads the finding sees the reason.")
        if answer == HealthFinding.Answer.ACCEPTED:
            if not review_on and "review_on" not in self.errors:
                self.add_error("review_on", "Enter the date to look at the finding again.")
            elif review_on and review_on <= today:
                self.add_error("review_on", "The date to look again must be after today.")
            elif review_on and review_on > today + LONGEST_ACCEPTANCE:
                self.add_error("review_on", "Look at it again within two years.")
        else:
            cleaned["review_on"] = None
        if not answer:
            reason = ""
        cleaned["answer"], cleaned["reason"] = answer, reason
        return cleaned
