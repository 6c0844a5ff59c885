from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from accounts import two_factor
from config.forms import name_the_fields


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_fields(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Sign in"))


class ResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_fields(self)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Send reset link"))


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_fields(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Set password"))


class ChangePasswordForm(PasswordChangeForm):
    """Django's form, so the password validators apply, in GOV.UK dress."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_fields(self)
        self.fields[
            "new_password1"
        ].help_text = (
            "Use at least 12 characters. Avoid common passwords and ones like your email address."
        )
        self.fields["new_password2"].label = "Confirm new password"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Change password"))


def _locked_message(seconds):
    return (
        f"You have entered a wrong code too many times. Wait {seconds} "
        f"second{'' if seconds == 1 else 's'} and try again. Each further wrong code "
        "makes the wait longer."
    )


class _CodeField(forms.CharField):
    def __init__(self, *, label, help_text, numeric):
        attrs = {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        if numeric:
            attrs["inputmode"] = "numeric"
        super().__init__(
            label=label,
            help_text=help_text,
            max_length=20,
            error_messages={"required": "Enter a code"},
            widget=forms.TextInput(attrs=attrs),
        )


class _BaseCodeForm(forms.Form):
    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_fields(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("code", field_width=10))
        self.helper.add_input(Submit("submit", self.submit_label))


class SetupCodeForm(_BaseCodeForm):
    """The first code from the authenticator app being set up."""

    code = _CodeField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows for this service, for example 123456.",
        numeric=True,
    )

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = two_factor.normalise(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        try:
            right = two_factor.check_setup_code(self.device, code)
        except two_factor.Locked as locked:
            raise forms.ValidationError(_locked_message(locked.seconds)) from None
        if not right:
            raise forms.ValidationError(
                "The code is not right. Check the app shows this service and enter the code "
                "it shows now."
            )
        return code


class CodeForm(_BaseCodeForm):
    """A code from the authenticator app or a backup code, checked against the person's devices."""

    code = _CodeField(
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        numeric=False,
    )

    def __init__(self, user, *args, submit_label=None, **kwargs):
        self.user = user
        self.device = None
        if submit_label:
            self.submit_label = submit_label
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        try:
            self.device = two_factor.verify(self.user, code)
        except two_factor.Locked as locked:
            raise forms.ValidationError(_locked_message(locked.seconds)) from None
        if self.device is None:
            raise forms.ValidationError(
                "The code is not right. Enter the code your authenticator app shows now, "
                "or a backup code you have not used before."
            )
        return code
