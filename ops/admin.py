from django.contrib import admin

from ops.models import FailedJob


@admin.register(FailedJob)
class FailedJobAdmin(admin.ModelAdmin):
    list_display = ["task", "error", "failed_at", "resolved"]
    list_filter = ["task", "resolved"]
    list_editable = ["resolved"]
    readonly_fields = ["task", "task_id", "arguments", "error", "details", "failed_at"]

    def has_add_permission(self, request):
        return False
