from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q

from config.files import check_document
from config.forms import GdsForm, date_field
from config.stale_edits import StaleEditForm
from partnerships.models import (
    BoardLink,
    Deputy,
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
    Seniority,
)


def _unique_name(form, model, what):
    name = form.cleaned_data["name"].strip()
    clash = model.objects.filter(name__iexact=name).exclude(pk=form.instance.pk)
    if clash.exists():
        raise ValidationError(f"There is already {what} called {clash.first().name}.")
    return name


class OrganisationForm(StaleEditForm, GdsForm, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "statutory_responsible_authority", "identifier"]

    def clean_name(self):
        return _unique_name(self, Organisation, "an organisation")

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("statutory_responsible_authority")
            and cleaned.get("kind") not in Organisation.STATUTORY_KINDS
        ):
            self.add_error(
                "statutory_responsible_authority",
                "Only a council, police, fire and rescue, health or probation body can be a statutory responsible authority.",
            )
        return cleaned


class PartnershipForm(StaleEditForm, GdsForm, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "name",
            "kind",
            "area",
            "statutory",
            "parent",
            "reports_to",
            "status",
            "merged_into",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = (
            Partnership.objects.exclude(pk=self.instance.pk)
            if self.instance.pk
            else Partnership.objects.all()
        )
        for name in ("parent", "reports_to", "merged_into"):
            self.fields[name].queryset = others
            self.fields[name].required = False
            self.fields[name].empty_label = "None"

    def clean_name(self):
        return _unique_name(self, Partnership, "a partnership")

    def clean(self):
        cleaned = super().clean()
        status, merged_into = cleaned.get("status"), cleaned.get("merged_into")
        if status == Partnership.Status.MERGED and not merged_into:
            self.add_error("merged_into", "Choose the partnership this one merged into.")
        if status != Partnership.Status.MERGED and merged_into:
            self.add_error(
                "merged_into",
                "Only a merged partnership has a successor; clear this or set the status to merged.",
            )
        for field in ("parent", "reports_to"):
            target = cleaned.get(field)
            if target and self.instance.pk and _reaches(target, self.instance, field):
                self.add_error(
                    field, "This would make a loop: that partnership already sits below this one."
                )
        return cleaned


def _reaches(start, goal, attr, limit=100):
    """Whether following `attr` from `start` arrives at `goal` (a loop)."""
    node, seen = start, 0
    while node is not None and seen < limit:
        if node.pk == goal.pk:
            return True
        node = getattr(node, attr)
        seen += 1
    return False


class PartnershipMemberForm(GdsForm, forms.ModelForm):
    submit_label = "Add organisation"

    class Meta:
        model = PartnershipMember
        fields = ["organisation", "role"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["organisation"].queryset = Organisation.objects.filter(archived_at__isnull=True)

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if PartnershipMember.objects.filter(
            partnership=self.partnership, organisation=organisation
        ).exists():
            raise ValidationError(f"{organisation} is already a member of this partnership.")
        return organisation

    def clean(self):
        cleaned = super().clean()
        org = cleaned.get("organisation")
        if (
            org
            and cleaned.get("role") == PartnershipMember.Role.RESPONSIBLE_AUTHORITY
            and not org.statutory_responsible_authority
        ):
            self.add_error(
                "role", f"{org} is not a statutory responsible authority; add it as a partner."
            )
        return cleaned


class GroupForm(StaleEditForm, GdsForm, forms.ModelForm):
    tor_approved = date_field("Terms of Reference approved", required=False)
    tor_review_due = date_field(
        "Terms of Reference review due",
        required=False,
        help_text="Usually a year after approval.",
    )

    class Meta:
        model = Group
        fields = [
            "name",
            "kind",
            "purpose",
            "statutory_function",
            "parent",
            "reports_to",
            "meets",
            "quorum",
            "tor_file",
            "tor_approved",
            "tor_review_due",
            "expected_seniority",
            "opening_items",
            "closing_items",
            "notes",
        ]
        help_texts = {
            "parent": "The body this one is part of, in the same partnership.",
            "reports_to": "The body this one reports to; it may be in another partnership.",
            "tor_file": "PDF, Word (.docx) or OpenDocument (.odt), up to 10 MB.",
            "quorum": "How many voting members must be present for a decision.",
            "expected_seniority": (
                "The level the Terms of Reference expect of those who attend. Anyone at that "
                "level or above meets it, and an elected member meets any level. The health "
                "checks compare it with the seniority of who came to the last meetings."
            ),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        groups = Group.objects.current().select_related("partnership")
        if self.instance.pk:
            groups = groups.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = groups.filter(partnership=partnership)
        self.fields["reports_to"].queryset = groups
        self.fields["reports_to"].label_from_instance = lambda g: f"{g.partnership} / {g.name}"
        self.fields["parent"].empty_label = "None: not part of another group"
        self.fields["reports_to"].empty_label = "No one"
        self.fields["expected_seniority"].choices = [("", "Not stated"), *Seniority.choices]
        self.fields["quorum"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Group.objects.filter(partnership=self.partnership, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"{self.partnership} already has a group called {name}.")
        return name

    def clean_tor_file(self):
        upload = self.cleaned_data.get("tor_file")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # nothing new uploaded
        check_document(upload, what="The Terms of Reference")
        return upload

    def clean(self):
        # The quorum and the Terms of Reference dates are the model's rules (Group.clean).
        cleaned = super().clean()
        for field in ("parent", "reports_to"):
            target = cleaned.get(field)
            if target and self.instance.pk and _reaches(target, self.instance, field):
                self.add_error(
                    field, "This would make a loop: that group already sits below this one."
                )
        return cleaned


class BoardLinkForm(StaleEditForm, GdsForm, forms.ModelForm):
    """A link between two boards, one of them `partnership` (the page it was added
    from). Once made, the boards it joins stay: a link to another board is a new link."""

    protocol_agreed = date_field("Protocol agreed", required=False)
    review_due = date_field(
        "Protocol review due", required=False, help_text="Usually a year after it was agreed."
    )

    class Meta:
        model = BoardLink
        fields = [
            "from_partnership",
            "kind",
            "to_partnership",
            "protocol_file",
            "protocol_agreed",
            "review_due",
            "notes",
        ]
        help_texts = {
            "from_partnership": "The board that reports, holds to account, shares or commissions.",
            "kind": "Read it as a sentence: the first board reports to, holds to account, or "
            "works with the second.",
            "protocol_file": "The protocol or memorandum that sets out the link: PDF, Word "
            "(.docx) or OpenDocument (.odt), up to 10 MB. Leave empty when none is agreed.",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        boards = Partnership.objects.exclude(status=Partnership.Status.DISSOLVED)
        for name in ("from_partnership", "to_partnership"):
            self.fields[name].queryset = boards
        if self.instance.pk:
            self.fields["from_partnership"].disabled = True
            self.fields["to_partnership"].disabled = True
        else:
            self.fields["from_partnership"].initial = partnership.pk

    def clean_protocol_file(self):
        upload = self.cleaned_data.get("protocol_file")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # nothing new uploaded
        check_document(upload, what="The protocol")
        return upload

    def clean(self):
        # A link to itself and the order of the dates are the model's rules (BoardLink.clean).
        cleaned = super().clean()
        ends = {cleaned.get("from_partnership"), cleaned.get("to_partnership")}
        if not self.instance.pk and None not in ends and self.partnership not in ends:
            self.add_error("to_partnership", f"One of the two boards must be {self.partnership}.")
        kind = cleaned.get("kind")
        if None not in ends and kind and not self.errors:
            clash = BoardLink.objects.filter(
                from_partnership=cleaned["from_partnership"],
                to_partnership=cleaned["to_partnership"],
                kind=kind,
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("kind", "These two boards already have a link of this kind.")
        return cleaned


class PersonForm(StaleEditForm, GdsForm, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "job_title", "organisation", "seniority", "digest_opt_out"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(archived_at__isnull=True)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email:
            clash = Person.objects.filter(email__iexact=email)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError("Someone in the register already has this email address.")
        return email


class MembershipForm(StaleEditForm, GdsForm, forms.ModelForm):
    start = date_field("Start date", required=False)
    end = date_field(
        "End date",
        required=False,
        help_text="Leave empty while the person still sits on the group.",
    )

    class Meta:
        model = Membership
        fields = ["person", "role", "voting", "on_behalf_of", "start", "end"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["person"].queryset = Person.objects.current().select_related("organisation")
        self.fields["on_behalf_of"].queryset = Organisation.objects.filter(archived_at__isnull=True)
        if self.instance.pk:
            # The seat's own person stays valid even once archived, so its end can be set.
            self.fields["person"].queryset = Person.objects.filter(
                Q(archived_at__isnull=True) | Q(pk=self.instance.person_id)
            ).select_related("organisation")
            self.fields["person"].disabled = True

    def clean(self):
        cleaned = super().clean()
        # The dates and an associate's vote are the model's rules (Membership.clean).
        end = cleaned.get("end")
        person = cleaned.get("person")
        others = Membership.objects.filter(group=self.group).exclude(pk=self.instance.pk)
        if cleaned.get("role") == Membership.Role.CHAIR and not end:
            chair = others.chairs().select_related("person").first()
            if chair:
                self.add_error("role", Membership.chair_taken(self.group, chair.person))
        if person and not end and others.current().filter(person=person).exists():
            self.add_error("person", Membership.seat_taken(person, self.group))
        return cleaned


class DeputyForm(GdsForm, forms.ModelForm):
    submit_label = "Add the deputy"

    class Meta:
        model = Deputy
        fields = ["person", "on_behalf_of", "can_decide"]
        labels = {"person": "Deputy", "on_behalf_of": "Representing"}

    def __init__(self, *args, seat, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.seat = seat
        self.fields["person"].queryset = (
            Person.objects.current().exclude(pk=seat.person_id).select_related("organisation")
        )
        self.fields["on_behalf_of"].queryset = Organisation.objects.filter(archived_at__isnull=True)
        self.fields["on_behalf_of"].empty_label = "The seat's own organisation"
        # A long list: a box before it finds a name (static/js/app.mjs).
        self.fields["person"].widget.attrs["data-filter-label"] = "deputy"

    def clean_person(self):
        person = self.cleaned_data["person"]
        if Deputy.objects.filter(seat=self.instance.seat, person=person).exists():
            raise ValidationError(f"{person.name} is already a deputy for this seat.")
        return person


class ArchiveForm(GdsForm, forms.Form):
    submit_label = "Archive"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class RegisterImportForm(GdsForm, forms.Form):
    submit_label = "Check the files"

    files = MultipleFileField(
        label="Register files",
        help_text="Either one .xlsx workbook, or one or more of the CSV files: organisations.csv, "
        "partnerships.csv, partnership_members.csv, groups.csv, people.csv, memberships.csv.",
    )

    def clean_files(self):
        from partnerships.register_files import SHEETS

        files = self.cleaned_data["files"]
        if not files:
            raise ValidationError("Choose the files to import.")
        names = [f.name.lower() for f in files]
        workbooks = [n for n in names if n.endswith(".xlsx")]
        if workbooks and len(files) > 1:
            raise ValidationError(
                "Choose one workbook on its own, or CSV files without a workbook."
            )
        allowed = {f"{s}.csv" for s in SHEETS}
        unknown = [
            f.name
            for f in files
            if not f.name.lower().endswith(".xlsx") and f.name.lower() not in allowed
        ]
        if unknown:
            raise ValidationError(
                f"{', '.join(unknown)}: a CSV file must be named after its sheet, such as groups.csv."
            )
        for f in files:
            if f.size > settings.MAX_UPLOAD_BYTES:
                raise ValidationError(
                    f"{f.name} is larger than {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
                )
        return files
