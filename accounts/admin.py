from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["partnerships", "groups", "user_permissions"]
    autocomplete_fields = ["person"]
    readonly_fields = ["directory_subject"]
    actions = ["unlink_from_directory"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Role", {"fields": ["role", "partnerships", "person"]}),
        ("Single sign-on", {"fields": ["directory_link_allowed", "directory_subject"]}),
        (
            "Access",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]}),
    ]

    @admin.action(description="Unlink from the council directory")
    def unlink_from_directory(self, request, queryset):
        """The next single sign-on needs an administrator's allowing again: for a
        directory account given to someone else, or a person who left and came back."""
        unlinked = 0
        for user in queryset.exclude(directory_subject=None):
            user.directory_subject = None
            user.save(update_fields=["directory_subject"])
            unlinked += 1
        self.message_user(request, f"{unlinked} accounts unlinked from the council directory.")
