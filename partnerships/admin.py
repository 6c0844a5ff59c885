from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.models import (
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "statutory_responsible_authority", "identifier"]
    list_filter = ["kind", "statutory_responsible_authority"]
    search_fields = ["name", "identifier"]


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "area", "status", "reports_to"]
    list_filter = ["kind", "status", "statutory"]
    list_select_related = ["reports_to"]
    search_fields = ["name", "area"]
    autocomplete_fields = ["parent", "reports_to", "merged_into"]
    inlines = [PartnershipMemberInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person", "on_behalf_of"]


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "kind", "meets", "tor_approved", "tor_review_due"]
    list_filter = ["kind", "meets", "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["name", "partnership__name"]
    autocomplete_fields = ["partnership", "parent", "reports_to"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "job_title", "organisation", "seniority"]
    list_filter = ["seniority"]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "job_title"]
    autocomplete_fields = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "group", "role", "voting", "on_behalf_of", "start", "end"]
    list_filter = ["role", "voting"]
    list_select_related = ["person", "group", "on_behalf_of"]
    search_fields = ["person__name", "group__name"]
    autocomplete_fields = ["person", "group", "on_behalf_of"]
