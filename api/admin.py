"""API tokens in the admin: an administrator issues one for a user (a service
account) and sees it once; only its hash is kept. Deleting it revokes it, and each
stops working API_TOKEN_DAYS after it was issued."""

from django.contrib import admin, messages
from django.utils import formats, timezone
from knox.admin import AuthTokenCreateForm
from knox.models import AuthToken
from knox.settings import knox_settings

admin.site.unregister(AuthToken)


class IssueTokenForm(AuthTokenCreateForm):
    """knox's form, which makes the token and keeps its hash, with the expiry set here
    rather than typed in (a blank expiry would never expire)."""

    class Meta(AuthTokenCreateForm.Meta):
        fields = ["user"]

    def save(self, commit=True):
        self.instance.expiry = timezone.now() + knox_settings.TOKEN_TTL
        return super().save(commit)


@admin.register(AuthToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "token_key", "created", "expiry"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    ordering = ["-created"]
    autocomplete_fields = ["user"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = IssueTokenForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["user"] if obj is None else ["user", "token_key", "created", "expiry"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", "token_key", "created", "expiry"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            expiry = formats.date_format(timezone.localtime(obj.expiry), "j F Y")
            self.message_user(
                request,
                f"A token for {obj.user.email}, which stops working on {expiry}. It is "
                f"shown only this once: copy it now and pass it on securely. {form.token}",
                messages.WARNING,
            )
