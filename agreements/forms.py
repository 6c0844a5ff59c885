"""The forms of the agreements register: an agreement, a party to it, and a party's
signature."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from agreements.models import Agreement, Party
from config.files import check_document
from config.forms import GdsForm, date_field
from config.stale_edits import StaleEditForm
from partnerships.models import Group, Organisation


class AgreementForm(StaleEditForm, GdsForm, forms.ModelForm):
    """An agreement kept by `partnership`; the groups it covers are the
    partnership's current groups (and those it covers already)."""

    starts = date_field("Starts")
    review_due = date_field(
        "Review due", help_text="Past this date the agreement is expired until it is reviewed."
    )
    ends = date_field("Ends", required=False, help_text="Leave empty when it runs until ended.")

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "purpose",
            "lawful_basis",
            "special_condition",
            "starts",
            "review_due",
            "ends",
            "document",
            "groups",
            "notes",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "special_condition": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "groups": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "document": "The signed agreement: PDF, Word (.docx) or OpenDocument (.odt), "
            "up to 10 MB.",
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        groups = Group.objects.current().filter(partnership=partnership)
        if self.instance.pk:
            groups = groups | self.instance.groups.all()
        self.fields["groups"].queryset = groups.distinct().order_by("name")
        self.fields["groups"].error_messages["invalid_choice"] = f"Choose groups of {partnership}"

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # nothing new uploaded
        check_document(upload, what="The agreement")
        return upload

    def clean(self):
        # The order of the dates is the model's rule (Agreement.clean).
        cleaned = super().clean()
        basis, condition = cleaned.get("lawful_basis"), cleaned.get("special_condition")
        if basis == Agreement.LawfulBasis.NONE and condition and condition.strip():
            self.add_error(
                "special_condition",
                "An agreement that shares no personal data needs no Article 9 or 10 condition: "
                "choose its lawful basis, or clear the condition.",
            )
        return cleaned


class _SignatureChecks:
    def clean_signed_on(self):
        signed_on = self.cleaned_data.get("signed_on")
        if signed_on and signed_on > timezone.localdate():
            raise ValidationError("The date signed must be today or in the past.")
        return signed_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("signed_on") and not (cleaned.get("signatory_name") or "").strip():
            self.add_error("signatory_name", "Enter who signed for the organisation.")
        return cleaned


class PartyForm(_SignatureChecks, StaleEditForm, GdsForm, forms.ModelForm):
    """A party to an agreement; the signatory and date once it has signed."""

    signed_on = date_field(
        "Signed on", required=False, help_text="Leave empty until the organisation signs."
    )

    class Meta:
        model = Party
        fields = ["organisation", "signatory_name", "signatory_job_title", "signed_on"]
        help_texts = {
            "signatory_name": "Who signs, or signed, for the organisation.",
        }

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        self.agreement = agreement
        organisations = Organisation.objects.current()
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            organisations = Organisation.objects.filter(pk=self.instance.organisation_id)
        self.fields["organisation"].queryset = organisations

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        clash = Party.objects.filter(agreement=self.agreement, organisation=organisation)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"{organisation} is already a party to this agreement.")
        return organisation


class SignatureForm(_SignatureChecks, StaleEditForm, GdsForm, forms.ModelForm):
    """Record that a party signed: who, their job title, and when."""

    submit_label = "Record the signature"
    signed_on = date_field("Signed on")

    class Meta:
        model = Party
        fields = ["signatory_name", "signatory_job_title", "signed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory_name"].required = True
        self.fields["signatory_name"].error_messages["required"] = (
            "Enter who signed for the organisation."
        )
