"""Admin screens for the scrutiny records and the health check settings. The
product's own screens are where reviews are run; findings and recommendations are
withdrawn there, never deleted."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scrutiny.models import (
    EvidenceSession,
    Finding,
    HealthCheck,
    PastReview,
    PastReviewTheme,
    Recommendation,
    Review,
    ReviewMember,
    ReviewQuestion,
    ScopingQuestion,
    Witness,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    """Records of record: withdrawn, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScopingQuestion)
class ScopingQuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "theme", "position", "active"]
    list_filter = ["theme", "active"]
    list_editable = ["position", "active"]
    search_fields = ["text"]


class ReviewMemberInline(admin.TabularInline):
    model = ReviewMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "kind", "status", "started", "reported"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "committee"]
    filter_horizontal = ["partnerships"]
    inlines = [ReviewMemberInline]
    raw_id_fields = ["created_by"]


@admin.register(ReviewMember)
class ReviewMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "review", "user"]
    list_filter = ["role"]
    list_select_related = ["review", "user"]
    search_fields = ["name"]
    raw_id_fields = ["user"]


@admin.register(ReviewQuestion)
class ReviewQuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "theme", "review"]
    list_filter = ["theme"]
    list_select_related = ["review"]
    raw_id_fields = ["source"]


class WitnessInline(admin.TabularInline):
    model = Witness
    extra = 0


@admin.register(EvidenceSession)
class EvidenceSessionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "review"]
    list_filter = ["kind"]
    list_select_related = ["review"]
    inlines = [WitnessInline]


@admin.register(Witness)
class WitnessAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "organisation", "session"]
    list_select_related = ["organisation", "session"]
    search_fields = ["name"]


@admin.register(Finding)
class FindingAdmin(NoDeleteAdmin):
    list_display = ["__str__", "theme", "review", "withdrawn_at"]
    list_filter = ["theme"]
    list_select_related = ["review"]


@admin.register(Recommendation)
class RecommendationAdmin(NoDeleteAdmin):
    list_display = [
        "reference",
        "review",
        "response",
        "response_due",
        "implementation",
        "follow_up_due",
        "withdrawn_at",
    ]
    list_filter = ["response", "implementation"]
    list_select_related = ["review"]
    raw_id_fields = ["actions"]
    search_fields = ["text"]


class PastReviewThemeInline(admin.TabularInline):
    model = PastReviewTheme
    extra = 0


@admin.register(PastReview)
class PastReviewAdmin(SimpleHistoryAdmin):
    """The library of past reviews: edit an entry, or untick Active to retire it
    (an entry the product ships with comes back on the next migrate if deleted)."""

    list_display = ["authority", "title", "year", "active"]
    list_filter = ["active", "themes__theme"]
    list_editable = ["active"]
    search_fields = ["authority", "title"]
    inlines = [PastReviewThemeInline]

    def get_readonly_fields(self, request, obj=None):
        return ["key"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HealthCheck)
class HealthCheckAdmin(SimpleHistoryAdmin):
    list_display = ["name", "description", "threshold", "severity", "enabled"]
    list_editable = ["threshold", "severity", "enabled"]
    list_filter = ["severity", "enabled"]
    readonly_fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
