"""The strategy: priorities with their milestones and updates, and indicators with their
targets and values."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ReadOnlySerializer
from api.serializers.register import (
    OrganisationRefSerializer,
    PartnershipRefSerializer,
    PersonRefSerializer,
)
from strategy.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Milestone,
    Plan,
    Priority,
    PriorityUpdate,
)


class PlanRefSerializer(ReadOnlySerializer):
    class Meta:
        model = Plan
        fields = ["id", "title", "kind", "starts", "ends"]


class MilestoneSerializer(ReadOnlySerializer):
    class Meta:
        model = Milestone
        fields = ["id", "what", "who", "due", "measure", "done_on"]


class PriorityUpdateSerializer(ReadOnlySerializer):
    class Meta:
        model = PriorityUpdate
        fields = [
            "period_end",
            "rag",
            "key_messages",
            "achievements",
            "development",
            "risks",
        ]


class PrioritySerializer(ReadOnlySerializer):
    partnership = PartnershipRefSerializer(source="plan.partnership", read_only=True)
    plan = PlanRefSerializer(read_only=True)
    lead_person = PersonRefSerializer(read_only=True, allow_null=True)
    lead_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    flags = serializers.SerializerMethodField(
        help_text="What is missing: no accountable lead, no delivery plan, no recent update."
    )
    milestones = MilestoneSerializer(many=True, read_only=True)
    updates = PriorityUpdateSerializer(
        many=True, read_only=True, help_text="Quarterly updates, latest first."
    )

    class Meta:
        model = Priority
        fields = [
            "id",
            "partnership",
            "plan",
            "position",
            "title",
            "description",
            "lead_person",
            "lead_organisation",
            "rationale",
            "police_crime_plan",
            "flags",
            "milestones",
            "updates",
            "indicators",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_flags(self, priority):
        return priority.flags(on=self.context["today"])


class IndicatorValueSerializer(ReadOnlySerializer):
    area = serializers.CharField(read_only=True, help_text="Empty for the whole area.")

    class Meta:
        model = IndicatorValue
        fields = ["period", "period_start", "area", "value"]


class IndicatorTargetSerializer(ReadOnlySerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["period", "period_start", "value"]


class IndicatorSerializer(ReadOnlySerializer):
    partnership = PartnershipRefSerializer(read_only=True)
    source = OrganisationRefSerializer(read_only=True, allow_null=True)
    values = IndicatorValueSerializer(many=True, read_only=True)
    targets = IndicatorTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "partnership",
            "name",
            "definition",
            "unit",
            "direction",
            "source",
            "frequency",
            "priorities",
            "values",
            "targets",
        ]
