from django import forms

from config.forms import GdsForm
from reminders.models import Notice, NoticeChoice


class NoticeChoicesForm(GdsForm, forms.Form):
    """How the person hears of each kind of notification: a choice a kind."""

    submit_label = "Save your choices"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(NoticeChoice.objects.filter(user=user).values_list("kind", "how"))
        for kind, label in Notice.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=NoticeChoice.How.choices,
                initial=chosen.get(kind, NoticeChoice.How.AT_ONCE),
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how you hear that {label[0].lower()}{label[1:]}"
                },
            )

    def save(self):
        for kind in self.fields:
            NoticeChoice.objects.update_or_create(
                user=self.user, kind=kind, defaults={"how": self.cleaned_data[kind]}
            )
