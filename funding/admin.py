"""Admin screens for the money. Amounts are in pence here; the product's own
screens take pounds and keep allocations within their budgets."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from funding.models import (
    Allocation,
    AllocationFormula,
    Budget,
    FormulaArea,
    FormulaIndicator,
    FundingStream,
    Grant,
    MonitoringReturn,
    PortfolioArea,
)


@admin.register(FundingStream)
class FundingStreamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "funder", "kind", "ring_fenced"]
    list_filter = ["kind", "ring_fenced"]
    search_fields = ["name"]


@admin.register(PortfolioArea)
class PortfolioAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "funder"]
    search_fields = ["name"]


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ["stream", "holder", "year", "amount", "status", "as_reported"]
    list_filter = ["status", "as_reported", "year"]
    list_select_related = ["stream", "holder"]


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ["recipient_name", "recipient_partnership", "budget", "amount", "withdrawn_at"]
    list_select_related = ["recipient_partnership", "budget__stream", "budget__holder"]
    search_fields = ["recipient_name"]


class FormulaIndicatorInline(admin.TabularInline):
    model = FormulaIndicator
    extra = 0


class FormulaAreaInline(admin.TabularInline):
    model = FormulaArea
    extra = 0


@admin.register(AllocationFormula)
class AllocationFormulaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "holder", "year", "version", "status"]
    list_filter = ["status"]
    inlines = [FormulaIndicatorInline, FormulaAreaInline]


class MonitoringReturnInline(admin.TabularInline):
    model = MonitoringReturn
    extra = 0


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = ["identifier", "title", "provider", "amount", "status", "award_date"]
    list_filter = ["status", "pilot", "portfolio"]
    list_select_related = ["provider"]
    search_fields = ["identifier", "title"]
    inlines = [MonitoringReturnInline]
