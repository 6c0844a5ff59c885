from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "include_exempt", "requested_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "error"]
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False
