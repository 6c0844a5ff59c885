"""Money: funding streams, budgets, allocations and grants with their monitoring
returns. Amounts are whole pence."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ReadOnlySerializer
from api.serializers.register import (
    OrganisationRefSerializer,
    PartnershipRefSerializer,
    PersonRefSerializer,
)
from funding.models import Allocation, Budget, FundingStream, Grant, MonitoringReturn


class FundingStreamSerializer(ReadOnlySerializer):
    funder = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = FundingStream
        fields = ["id", "name", "funder", "kind", "ring_fenced", "description"]


class StreamRefSerializer(ReadOnlySerializer):
    class Meta:
        model = FundingStream
        fields = ["id", "name"]


class BudgetSerializer(ReadOnlySerializer):
    stream = StreamRefSerializer(read_only=True)
    holder = PartnershipRefSerializer(read_only=True)
    year_label = serializers.CharField(read_only=True, help_text="The financial year: 2024/25.")
    amount_pence = serializers.IntegerField(source="amount", read_only=True)
    committed_pence = serializers.IntegerField(
        source="committed",
        read_only=True,
        help_text="Allocated and granted from this budget, withdrawn awards aside.",
    )
    left_pence = serializers.IntegerField(
        source="left", read_only=True, help_text="Negative when more is committed than there is."
    )

    class Meta:
        model = Budget
        fields = [
            "id",
            "stream",
            "holder",
            "year",
            "year_label",
            "amount_pence",
            "status",
            "as_reported",
            "notes",
            "committed_pence",
            "left_pence",
        ]


class AllocationSerializer(ReadOnlySerializer):
    recipient_partnership = PartnershipRefSerializer(read_only=True, allow_null=True)
    recipient = serializers.CharField(
        read_only=True, help_text="The recipient as the funding statement names it."
    )
    amount_pence = serializers.IntegerField(source="amount", read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "budget",
            "recipient_partnership",
            "recipient_name",
            "recipient",
            "amount_pence",
            "formula",
            "notes",
            "withdrawn_at",
        ]


class PortfolioRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class MonitoringReturnSerializer(ReadOnlySerializer):
    class Meta:
        model = MonitoringReturn
        fields = ["id", "period_end", "received", "outputs", "outcomes", "rag"]


class ReturnsSummarySerializer(serializers.Serializer):
    received = serializers.IntegerField(read_only=True)
    late = serializers.IntegerField(read_only=True)
    missing = serializers.IntegerField(read_only=True)
    upcoming = serializers.IntegerField(read_only=True)


class GrantSerializer(ReadOnlySerializer):
    partnership = PartnershipRefSerializer(read_only=True)
    funder = OrganisationRefSerializer(read_only=True)
    provider = OrganisationRefSerializer(read_only=True, allow_null=True)
    commissioning_lead = PersonRefSerializer(read_only=True, allow_null=True)
    commissioning_lead_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    portfolio = PortfolioRefSerializer(read_only=True, allow_null=True)
    co_funders = OrganisationRefSerializer(many=True, read_only=True)
    amount_pence = serializers.IntegerField(source="amount", read_only=True)
    returns_summary = serializers.SerializerMethodField(
        help_text="Monitoring returns expected so far, by state."
    )
    evaluation_state = serializers.SerializerMethodField(
        help_text="received, overdue (due and not in), due (expected later), or empty when "
        "no evaluation is asked for."
    )
    returns = MonitoringReturnSerializer(many=True, read_only=True)

    class Meta:
        model = Grant
        fields = [
            "id",
            "identifier",
            "title",
            "description",
            "partnership",
            "funder",
            "budget",
            "provider",
            "provider_note",
            "commissioning_lead",
            "commissioning_lead_organisation",
            "portfolio",
            "priority",
            "grant_programme",
            "amount_pence",
            "award_date",
            "planned_start",
            "planned_end",
            "pilot",
            "co_funders",
            "status",
            "returns_every",
            "return_days",
            "evaluation_due",
            "evaluation_received",
            "evaluation_summary",
            "evaluation_state",
            "returns_summary",
            "returns",
        ]

    @extend_schema_field(ReturnsSummarySerializer)
    def get_returns_summary(self, grant):
        return grant.returns_summary(on=self.context["today"])

    @extend_schema_field(
        serializers.ChoiceField(choices=["received", "overdue", "due", ""], allow_blank=True)
    )
    def get_evaluation_state(self, grant):
        return grant.evaluation_state(self.context["today"])
