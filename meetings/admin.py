from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "substitute", "on_behalf_of"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["group", "date", "status", "minutes_status"]
    list_filter = ["status", "minutes_status"]
    list_select_related = ["group"]
    date_hierarchy = "date"
    autocomplete_fields = ["group"]
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["item", "text"]
    list_select_related = ["item__meeting"]


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "group", "description", "owner", "due", "status"]
    list_filter = ["status"]
    list_select_related = ["group", "owner"]
    search_fields = ["description", "owner__name"]
    autocomplete_fields = ["group", "owner"]
    raw_id_fields = ["item"]
    inlines = [ActionUpdateInline]
