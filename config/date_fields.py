"""The GOV.UK date input (day, month, year boxes) with the messages the design
system asks for, rather than Python's own ("day is out of range for month")."""

from crispy_forms_gds import fields
from django.core.exceptions import ValidationError


class DateInputField(fields.DateInputField):
    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            what = self.label or "The date"
            raise ValidationError(
                f"{what} must be a real date, for example 27 3 2026", code="invalid_date"
            ) from None
