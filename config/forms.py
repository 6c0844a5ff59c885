"""The GOV.UK form plumbing every app's forms share: the Save button, and the date
input (day, month, year boxes) with the messages the design system asks for, rather
than Python's own ("day is out of range for month")."""

from crispy_forms_gds import fields
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django.core.exceptions import ValidationError


class GdsForm:
    """Render with the GOV.UK Design System and one Save button."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))


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
