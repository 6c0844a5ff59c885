"""The GOV.UK form plumbing every app's forms share: the Save button, and the date
input (day, month, year boxes) with the messages the design system asks for, rather
than Python's own ("day is out of range for month")."""

from crispy_forms_gds import fields
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError


class GdsForm:
    """Render with the GOV.UK Design System and one Save button; a field left empty
    says which it is ("Enter the name", "Select the kind"), as the design system asks,
    and a list offers "Choose …", never Django's "---------"."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))
        name_the_fields(self)


GENERIC_REQUIRED = str(forms.Field.default_error_messages["required"])
BLANK_CHOICE = "---------"


def name_the_fields(form):
    """Each field of `form` left empty says which it is; no list offers "---------"."""
    for field in form.fields.values():
        _name_the_field(field)


def _name_the_field(field):
    what = _what(field.label)
    choosing = isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) or isinstance(
        field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple)
    )
    if str(field.error_messages.get("required", "")) == GENERIC_REQUIRED:
        if isinstance(field, forms.FileField):
            field.error_messages["required"] = f"Choose {what}"
        elif isinstance(field, forms.BooleanField):
            field.error_messages["required"] = f"Tick the box to confirm {what}"
        elif choosing:
            field.error_messages["required"] = f"Select {what}"
        else:
            field.error_messages["required"] = f"Enter {what}"
    if getattr(field, "empty_label", None) == BLANK_CHOICE:
        field.empty_label = f"Choose {what}"
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        listed = list(field.choices)  # a model field's blank choice comes as an iterator
        if listed and listed[0] == ("", BLANK_CHOICE):
            field.choices = [("", f"Choose {what}"), *listed[1:]]


# Labels that read as a phrase already: "Enter why", not "Enter the why".
PHRASE_STARTS = {"a", "an", "the", "your", "their", "its", "why", "what", "when", "who", "how"}


def _what(label):
    """'the name' from a label 'Name', 'why' from 'Why'; an acronym keeps its capitals."""
    text = str(label or "value").strip().rstrip(":?")
    first = text.split()[0] if text.split() else text
    if sum(c.isupper() for c in first) < 2:  # not an acronym (SRA, ToR)
        text = text[0].lower() + text[1:]
    return text if first.lower() in PHRASE_STARTS else f"the {text}"


class DateInputField(fields.DateInputField):
    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            what = self.label or "The date"
            raise ValidationError(
                f"{what} must be a real date, for example 27 3 2026", code="invalid_date"
            ) from None


def date_field(label, required=True, help_text=""):
    """A date input that shows a missing box as a message on the field, not a crash."""
    return DateInputField(
        label=label, required=required, help_text=help_text, require_all_fields=False
    )
