from django import forms
from django.contrib.auth import get_user_model

from ops import trail


class AuditFilter(forms.Form):
    """The audit trail's filters. A value that cannot be understood is named, and no
    changes are shown until it is put right."""

    kind = forms.ChoiceField(label="Kind of record", required=False)
    who = forms.CharField(
        label="Changed by (email address)", required=False, max_length=254, strip=True
    )
    since = forms.DateField(
        label="From (YYYY-MM-DD)",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the start date as YYYY-MM-DD, such as 2026-04-01."},
    )
    until = forms.DateField(
        label="To (YYYY-MM-DD)",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the end date as YYYY-MM-DD, such as 2027-03-31."},
    )
    before = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Every kind")] + trail.kinds()

    def clean_who(self):
        email = self.cleaned_data["who"]
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(f"No account has the email address {email}.")
        return user

    def clean_before(self):
        text = self.cleaned_data["before"]
        if not text:
            return None
        try:
            return trail.parse_cursor(text)
        except ValueError:
            raise forms.ValidationError(
                "That link to older changes is not one this page made: start again from the newest."
            ) from None

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date must be the same as or after the start date.")
        return data
