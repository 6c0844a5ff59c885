from django.contrib import admin

from reminders.models import Notice, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """A record of what was sent: read it, never edit it (a run claims and marks rows)."""

    list_display = ["date", "kind", "person", "user", "status", "sent_at", "error"]
    list_filter = ["kind", "status"]
    list_select_related = ["person", "user"]
    date_hierarchy = "date"
    search_fields = ["person__name", "person__email", "user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The notifications emailed, with any error sending them or delivering them."""

    list_display = ["created_at", "kind", "email", "status", "sent_at", "error"]
    list_filter = ["kind", "status"]
    list_select_related = ["person", "user"]
    date_hierarchy = "created_at"
    search_fields = ["email", "subject", "error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
