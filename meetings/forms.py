from crispy_forms_gds.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from config.files import check_data_file, check_document
from config.forms import GdsForm, date_field, name_the_fields
from config.stale_edits import StaleEditForm
from meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Decision,
    Declaration,
    ItemMinutes,
    Meeting,
    Paper,
)
from partnerships.models import Membership, Person


class MeetingForm(StaleEditForm, GdsForm, forms.ModelForm):
    date = date_field("Date")

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "place", "online_link", "status"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
        }
        help_texts = {"start_time": "24-hour clock, for example 14:00", "end_time": "Optional"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            c for c in Meeting.Status.choices if c[0] != Meeting.Status.CANCELLED
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The meeting must end after it starts.")
        if not cleaned.get("place") and not cleaned.get("online_link"):
            self.add_error("place", "Enter where the meeting is, or an online link.")
        return cleaned


class CancelForm(GdsForm, forms.Form):
    submit_label = "Cancel the meeting"
    reason = forms.CharField(label="Why is it cancelled?", widget=forms.Textarea(attrs={"rows": 3}))


class AgendaItemForm(StaleEditForm, GdsForm, forms.ModelForm):
    paper_title = forms.CharField(label="Paper title", required=False)
    paper_file = forms.FileField(
        label="Paper", required=False, help_text="PDF, Word or OpenDocument, up to 10 MB."
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "exempt", "exempt_paragraph"]
        labels = {"exempt": "Exempt from publication (confidential)"}
        help_texts = {"exempt_paragraph": "The paragraph of Schedule 12A that applies."}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exempt") and not cleaned.get("exempt_paragraph"):
            self.add_error(
                "exempt_paragraph", "Choose the Schedule 12A paragraph that makes this item exempt."
            )
        if not cleaned.get("exempt"):
            cleaned["exempt_paragraph"] = None
        upload = cleaned.get("paper_file")
        if upload:
            try:
                check_document(upload)
            except ValidationError as error:
                self.add_error("paper_file", error)
            if not cleaned.get("paper_title"):
                cleaned["paper_title"] = upload.name.rsplit(".", 1)[0]
        return cleaned

    def save_paper(self, item):
        """The paper uploaded with the item, if any, filed under it."""
        if self.cleaned_data.get("paper_file"):
            Paper.objects.create(
                item=item,
                title=self.cleaned_data["paper_title"],
                file=self.cleaned_data["paper_file"],
            )


class DecisionForm(GdsForm, forms.ModelForm):
    submit_label = "Record the decision"

    class Meta:
        model = Decision
        fields = ["text"]
        labels = {"text": "Decision"}


class MinutesForm(StaleEditForm, GdsForm, forms.ModelForm):
    """The general notes of the minutes; each item's are an ItemMinutesForm beside it."""

    submit_label = "Save the draft minutes"

    class Meta:
        model = Meeting
        fields = ["minutes"]
        labels = {"minutes": "General notes"}
        help_texts = {
            "minutes": "Optional: anything not under an agenda item. Public once approved, "
            "where the council publishes its meetings: minute a confidential matter under "
            "its exempt item."
        }
        widgets = {"minutes": forms.Textarea(attrs={"rows": 4})}


class ItemMinutesForm(forms.ModelForm):
    """One agenda item's minutes (rendered by hand under the item's heading)."""

    class Meta:
        model = ItemMinutes
        fields = ["discussion", "resolution"]
        widgets = {
            "discussion": forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}),
            "resolution": forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = f"{self['resolution'].auto_id}-hint"
        self.fields["resolution"].widget.attrs["aria-describedby"] = hint


class CorrectMinutesForm(GdsForm, forms.Form):
    submit_label = "Reopen for correction"
    because = forms.CharField(
        label="Why do the approved minutes need correcting?",
        help_text="Kept with the approved version, which stays on record. Shown on the "
        "meeting's page to those who may see its confidential items.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclarationForm(GdsForm, forms.ModelForm):
    submit_label = "Record the declaration"

    class Meta:
        model = Declaration
        fields = ["person", "item", "interest", "kind", "did"]
        labels = {"person": "Member", "item": "Agenda item", "kind": "Kind of interest"}
        help_texts = {"interest": "For example, 'Trustee of the charity applying for the grant'."}
        widgets = {"kind": forms.RadioSelect, "did": forms.RadioSelect}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        seats = Membership.objects.current(on=meeting.date).filter(group_id=meeting.group_id)
        subs = meeting.attendance.exclude(substitute=None).values("substitute_id")
        self.fields["person"].queryset = Person.objects.filter(
            Q(pk__in=seats.values("person_id")) | Q(pk__in=subs)
        ).order_by("name")
        self.fields["person"].help_text = "A member of the group, or a substitute who came."
        self.fields["kind"].choices = Declaration.Kind.choices
        self.fields["did"].choices = Declaration.Did.choices
        self.fields["item"].queryset = meeting.items.order_by("position")
        self.fields["item"].label_from_instance = lambda i: f"{i.position}. {i.title}"

    def clean(self):
        cleaned = super().clean()
        person, item = cleaned.get("person"), cleaned.get("item")
        if person and item and Declaration.objects.filter(person=person, item=item).exists():
            self.add_error(
                "person", f"{person.name} has already declared an interest in item {item.position}."
            )
        return cleaned


class CirculateForm(GdsForm, forms.Form):
    submit_label = "Record circulation"
    circulated_on = date_field("Date the minutes were circulated")

    def clean_circulated_on(self):
        day = self.cleaned_data["circulated_on"]
        if day > timezone.localdate():
            raise ValidationError("The circulation date cannot be in the future.")
        return day


class AttendanceForm(forms.Form):
    """One row of the attendance register (rendered by hand in a table): not recorded
    until someone says how the member stood; before the day of the meeting (`before`,
    its date, while it is still to come) only apologies."""

    status = forms.ChoiceField(
        choices=[("", "Not recorded"), *Attendance.Status.choices], required=False
    )
    substitute = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    substitute_can_decide = forms.BooleanField(required=False)

    def __init__(self, *args, people, everyone=(), deputies=(), before=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.before = before
        name_the_fields(self)
        self.fields["substitute"].queryset = people
        self.fields["substitute"].empty_label = "No substitute"
        # The seat's standing deputies first, then everyone.
        first = [
            (d.person_id, f"{d.person.name} ({'can' if d.can_decide else 'cannot'} decide)")
            for d in deputies
        ]
        named = {pk for pk, _ in first}
        self.substitute_choices = [
            ("Standing deputies for this seat", first),
            ("Everyone else", [c for c in everyone if c[0] not in named] if named else everyone),
        ]

    def clean(self):
        cleaned = super().clean()
        if self.before and cleaned.get("status") not in ("", Attendance.Status.APOLOGIES, None):
            self.add_error(
                "status",
                f"The meeting is on {self.before:%-d %B %Y}: until then only apologies "
                "can be recorded.",
            )
        if cleaned.get("status") == Attendance.Status.SUBSTITUTED and not cleaned.get("substitute"):
            self.add_error("substitute", "Choose who came instead.")
        if cleaned.get("status") != Attendance.Status.SUBSTITUTED:
            if cleaned.get("substitute"):
                self.add_error(
                    "substitute",
                    "Only a member who sent a substitute has one: choose 'Sent a substitute' or clear this.",
                )
            cleaned["substitute_can_decide"] = False
        return cleaned


def person_label(person):
    organisation = person.organisation.name if person.organisation_id else ""
    return f"{person.name}, {organisation}" if organisation else person.name


class GuestForm(GdsForm, forms.Form):
    submit_label = "Add the guest"
    name = forms.CharField()
    organisation = forms.CharField(required=False)
    role = forms.CharField(required=False)


class ActionForm(StaleEditForm, GdsForm, forms.ModelForm):
    due = date_field("Due date", required=False)

    class Meta:
        model = Action
        fields = ["description", "owner", "due", "item"]
        labels = {"item": "Agreed at"}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.current().select_related("organisation")
        self.fields["owner"].empty_label = "No owner yet"
        self.fields["item"].queryset = AgendaItem.objects.filter(
            meeting__group=group
        ).select_related("meeting")
        self.fields["item"].label_from_instance = lambda i: (
            f"{i.meeting.date:%-d %B %Y}, item {i.position}: {i.title}"
        )
        self.fields["item"].required = False
        if self.instance.confidential:  # agreed at no meeting: see Action's constraints
            del self.fields["item"]


class ActionUpdateForm(StaleEditForm, GdsForm, forms.ModelForm):
    submit_label = "Save the update"

    class Meta:
        model = ActionUpdate
        fields = ["status", "text"]
        labels = {"text": "What has happened", "status": "Status now"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class TrackerUploadForm(GdsForm, forms.Form):
    submit_label = "Check the spreadsheet"
    file = forms.FileField(
        label="Tracker spreadsheet",
        help_text="CSV or .xlsx with the columns: action id, status, update, due, version.",
    )

    def clean_file(self):
        return check_data_file(self.cleaned_data["file"], (".csv", ".xlsx"), "The tracker")


class BulkActionForm(GdsForm, forms.Form):
    """Change several actions at once: their status, due date or owner (a field left
    empty is left as it is). `versions` are those the page showed, by action."""

    KEEP = ""
    status = forms.ChoiceField(
        label="New status",
        required=False,
        choices=[(KEEP, "Leave as it is"), *Action.Status.choices],
    )
    due = date_field("New due date", required=False, help_text="For example, 31 3 2027")
    owner = forms.ModelChoiceField(
        label="New owner",
        required=False,
        queryset=Person.objects.current().order_by("name"),
        empty_label="Leave as it is",
    )

    submit_label = "Change the actions ticked"

    def __init__(self, *args, choices, group, **kwargs):
        super().__init__(*args, **kwargs)
        # Given to a member of the group or someone who owns one of its actions.
        members = Membership.objects.filter(group=group, end__isnull=True).values("person_id")
        owners = Action.objects.filter(group=group).values("owner_id")
        self.fields["owner"].queryset = (
            Person.objects.current().filter(Q(pk__in=members) | Q(pk__in=owners)).order_by("name")
        )
        # The boxes to tick are in the tracker's rows; here, what to change.
        self.helper.layout = Layout("status", "due", "owner")
        self.fields["selected"] = forms.TypedMultipleChoiceField(
            label="Actions to change",
            coerce=int,
            choices=[(a.pk, str(a.pk)) for a in choices],
            error_messages={
                "required": "Select the actions to change",
                "invalid_choice": "One of the actions chosen is not on this page any more: "
                "choose again",
            },
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("status", "due", "owner")):
            raise ValidationError("Choose a new status, due date or owner for the actions")
        return cleaned
