import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from config.files import check_document
from config.forms import GdsForm, date_field
from config.stale_edits import StaleEditForm
from partnerships.models import Group, Organisation, Partnership, Person
from scrutiny.models import (
    EvidenceSession,
    Finding,
    Recommendation,
    Review,
    ReviewMember,
    ReviewQuestion,
    ScopingQuestion,
    Theme,
    Witness,
)

EARLIEST = datetime.date(1998, 1, 1)  # the Crime and Disorder Act: nothing to scrutinise before


def _not_too_early(form, name):
    value = form.cleaned_data.get(name)
    if value and value < EARLIEST:
        raise ValidationError("Enter a date in 1998 or later.")
    return value


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Stage", required=False, choices=[("", "Any stage"), *Review.Status.choices]
    )
    partnership = forms.ModelChoiceField(
        label="Partnership in scope",
        required=False,
        queryset=Partnership.objects.filter(reviews__isnull=False).distinct().order_by("name"),
        empty_label="Any partnership",
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        if status := self.cleaned_data["status"]:
            queryset = queryset.filter(status=status)
        if partnership := self.cleaned_data["partnership"]:
            queryset = queryset.filter(partnerships=partnership)
        return queryset


class LibraryFilterForm(forms.Form):
    """The library of past reviews, searched by words and by theme."""

    q = forms.CharField(label="Words", required=False, max_length=200)
    theme = forms.ChoiceField(
        label="Theme", required=False, choices=[("", "Any theme"), *Theme.choices]
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        if theme := self.cleaned_data["theme"]:
            queryset = queryset.on_theme(theme)
        if text := self.cleaned_data["q"].strip():
            queryset = queryset.matching(text)
        return queryset


class ReviewForm(StaleEditForm, GdsForm, forms.ModelForm):
    started = date_field(
        "Started", help_text="When the committee set the review up, e.g. 12 3 2025"
    )
    reported = date_field(
        "Reported", required=False, help_text="Leave empty until the report is out"
    )

    class Meta:
        model = Review
        fields = [
            "title",
            "committee",
            "kind",
            "partnerships",
            "purpose",
            "terms_of_reference",
            "background",
            "conclusion",
            "started",
            "reported",
            "status",
        ]
        labels = {
            "kind": "Kind of review",
            "partnerships": "Partnerships in scope",
            "status": "Stage",
        }
        widgets = {
            "partnerships": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "terms_of_reference": forms.Textarea(attrs={"rows": 6}),
            "background": forms.Textarea(attrs={"rows": 4}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "partnerships": "Choose at least one.",
            "terms_of_reference": "What the review will look at, and what it will not.",
            "conclusion": "When the review reports.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnerships"].queryset = Partnership.objects.order_by("name")
        self.fields["partnerships"].error_messages["required"] = (
            "Choose at least one partnership in scope."
        )
        self.fields["title"].error_messages["required"] = "Enter the title of the review."
        self.fields["committee"].error_messages["required"] = (
            "Enter the committee that runs the review."
        )

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_started(self):
        return _not_too_early(self, "started")

    def clean(self):
        cleaned = super().clean()
        started, reported = cleaned.get("started"), cleaned.get("reported")
        if started and reported and reported < started:
            self.add_error("reported", "The review cannot report before it started.")
        if reported and reported > timezone.localdate():
            self.add_error("reported", "The report date cannot be in the future.")
        status = cleaned.get("status")
        if status in (Review.Status.MONITORING, Review.Status.CLOSED) and not reported:
            self.add_error(
                "reported", "Enter the date the review reported: it is past the reporting stage."
            )
        return cleaned


class ReviewMemberForm(StaleEditForm, GdsForm, forms.ModelForm):
    class Meta:
        model = ReviewMember
        fields = ["name", "role", "affiliation", "user"]
        labels = {"user": "Their account in this service"}
        help_texts = {
            "name": "As the report gives it, for example Cllr Ann Example.",
            "user": "A member with an account may change the review.",
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["user"].queryset = User.objects.filter(
            is_active=True,
            role__in=[User.Role.SCRUTINY, User.Role.OFFICER, User.Role.ADMIN],
        ).order_by("email")
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.email})" if u.get_full_name() else u.email
        )
        self.fields["user"].empty_label = "No account"
        self.fields["name"].error_messages["required"] = "Enter the member's name."

    def clean(self):
        cleaned = super().clean()
        others = self.review.members.exclude(pk=self.instance.pk)
        if cleaned.get("role") == ReviewMember.Role.CHAIR:
            chair = others.filter(role=ReviewMember.Role.CHAIR).first()
            if chair:
                self.add_error("role", f"{chair.name} already chairs this review.")
        user = cleaned.get("user")
        if user and others.filter(user=user).exists():
            self.add_error("user", f"{user.email} is already a member of this review.")
        return cleaned


class ScopeForm(forms.Form):
    """The bank's questions, ticked for the review."""

    questions = forms.ModelMultipleChoiceField(
        queryset=ScopingQuestion.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def by_theme(self):
        """[(theme label, [(question, ticked)])] in the bank's order, for the page."""
        ticked = {str(v) for v in (self["questions"].value() or [])}
        themes = {value: [] for value, _ in Theme.choices}
        for question in self.fields["questions"].queryset:
            themes[question.theme].append((question, str(question.pk) in ticked))
        return [(Theme(value).label, value, rows) for value, rows in themes.items() if rows]


class ReviewQuestionForm(StaleEditForm, GdsForm, forms.ModelForm):
    class Meta:
        model = ReviewQuestion
        fields = ["theme", "text", "position"]
        labels = {"text": "Question", "position": "Order within the theme"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Enter the question."

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Enter the question.")
        return text


class EvidenceSessionForm(StaleEditForm, GdsForm, forms.ModelForm):
    date = date_field("Date")

    class Meta:
        model = EvidenceSession
        fields = ["kind", "date", "title", "notes", "file"]
        labels = {"kind": "Source of evidence", "file": "A document (optional)"}
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": "For example: Interview with the Service Director for Public Protection.",
            "file": "PDF, .docx or .odt: the notes, the paper reviewed or the survey results.",
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["title"].error_messages["required"] = "Enter what the session was."

    def clean_date(self):
        date = _not_too_early(self, "date")
        if date and date > timezone.localdate() + datetime.timedelta(days=366):
            raise ValidationError("Enter a date within the next year.")
        return date

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            check_document(upload, "The document")
        return upload


class WitnessForm(GdsForm, forms.ModelForm):
    class Meta:
        model = Witness
        fields = ["name", "role", "organisation"]
        labels = {"role": "Role or job title"}
        help_texts = {"organisation": "The organisation they spoke for, if any."}

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].empty_label = "None or not listed"
        self.fields["organisation"].required = False
        self.fields["name"].error_messages["required"] = "Enter the witness's name."

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        if (
            name
            and self.session.witnesses.exclude(pk=self.instance.pk)
            .filter(name__iexact=name)
            .exists()
        ):
            self.add_error("name", f"{name} is already a witness at this session.")
        return cleaned


class FindingForm(StaleEditForm, GdsForm, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["theme", "text", "position"]
        labels = {"text": "Key issue", "position": "Number in the report"}
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Describe the key issue."


class RecommendationForm(StaleEditForm, GdsForm, forms.ModelForm):
    response_due = date_field(
        "Response due", required=False, help_text="When the body should have responded"
    )
    follow_up_due = date_field(
        "Follow-up due", required=False, help_text="When the committee will check progress"
    )

    class Meta:
        model = Recommendation
        fields = [
            "reference",
            "text",
            "addressed_to_partnership",
            "addressed_to_organisation",
            "addressed_to_office",
            "response_due",
            "follow_up_due",
        ]
        labels = {
            "text": "Recommendation",
            "addressed_to_partnership": "Addressed to a partnership",
            "addressed_to_organisation": "Addressed to an organisation",
            "addressed_to_office": "Addressed to an office holder",
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "reference": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        }
        help_texts = {
            "addressed_to_partnership": "Choose a partnership, an organisation, an office, "
            "or more than one.",
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["addressed_to_partnership"].queryset = Partnership.objects.order_by("name")
        self.fields["addressed_to_partnership"].empty_label = "None"
        self.fields["addressed_to_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["addressed_to_organisation"].empty_label = "None"
        self.fields["reference"].error_messages["required"] = (
            "Enter the recommendation's number or letter as the report gives it."
        )
        self.fields["text"].error_messages["required"] = "Enter the recommendation."

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().rstrip(".)")
        if not reference:
            raise ValidationError("Enter the recommendation's number or letter.")
        clash = self.review.recommendations.filter(reference__iexact=reference).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise ValidationError(f"This review already has a recommendation {reference}.")
        return reference

    def clean(self):
        cleaned = super().clean()
        cleaned["addressed_to_office"] = (cleaned.get("addressed_to_office") or "").strip()
        if not (
            cleaned.get("addressed_to_partnership")
            or cleaned.get("addressed_to_organisation")
            or cleaned["addressed_to_office"]
        ):
            self.add_error(
                "addressed_to_partnership",
                "Say who the recommendation is addressed to: a partnership, an organisation "
                "or an office holder.",
            )
        response_due, follow_up = cleaned.get("response_due"), cleaned.get("follow_up_due")
        for name in ("response_due", "follow_up_due"):
            value = cleaned.get(name)
            if value and value < self.review.started:
                self.add_error(name, "The date cannot be before the review started.")
        if response_due and follow_up and follow_up < response_due:
            self.add_error("follow_up_due", "The follow-up cannot come before the response is due.")
        return cleaned


class ResponseForm(StaleEditForm, GdsForm, forms.ModelForm):
    submit_label = "Save the response"
    response_date = date_field("Date of the response", required=False)
    follow_up_due = date_field(
        "Follow-up due", required=False, help_text="When the committee will check progress"
    )

    class Meta:
        model = Recommendation
        fields = ["response", "response_date", "response_text", "implementation", "follow_up_due"]
        labels = {"response": "Response", "response_text": "What the response says"}
        widgets = {
            "response": forms.RadioSelect,
            "response_text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.response_date and not self.is_bound:
            self.initial["response_date"] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        response, on = cleaned.get("response"), cleaned.get("response_date")
        pending = response == Recommendation.Response.PENDING
        if response and not pending and not on and "response_date" not in self.errors:
            self.add_error("response_date", "Enter the date of the response.")
        if on and on > timezone.localdate():
            self.add_error("response_date", "The response date cannot be in the future.")
        if on and on < self.instance.review.started:
            self.add_error("response_date", "The response cannot come before the review started.")
        if response and not pending and not (cleaned.get("response_text") or "").strip():
            self.add_error("response_text", "Say what the response was.")
        if response == Recommendation.Response.REJECTED and cleaned.get("implementation") in (
            Recommendation.Implementation.IN_PROGRESS,
            Recommendation.Implementation.IMPLEMENTED,
        ):
            self.add_error(
                "implementation", "A rejected recommendation cannot be in progress or implemented."
            )
        return cleaned


class ActionFromRecommendationForm(GdsForm, forms.Form):
    submit_label = "Create the action"
    group = forms.ModelChoiceField(
        label="Tracker of the group",
        queryset=Group.objects.none(),
        help_text="The action appears in this group's action tracker.",
        error_messages={"required": "Choose the group whose tracker takes the action."},
    )
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the action."},
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=Person.objects.none(),
        error_messages={"required": "Choose who owns the action."},
    )
    due = date_field("Due date")

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].label_from_instance = lambda g: f"{g.partnership.name}: {g.name}"
        self.fields["owner"].queryset = Person.objects.current().select_related("organisation")
        self.fields["owner"].label_from_instance = lambda p: (
            f"{p.name}, {p.organisation.name}" if p.organisation else p.name
        )

    def clean_due(self):
        due = self.cleaned_data.get("due")
        if due and due < timezone.localdate():
            raise ValidationError("The due date cannot be in the past.")
        return due
