"""The strategy: priorities with their milestones and updates, indicators with their
targets and values, and risks with their reviews."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ReadOnlySerializer
from api.serializers.register import (
    GroupRefSerializer,
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
    Risk,
    RiskReview,
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
    serves = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="The ids of the county Community Safety Agreement's priorities it serves.",
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
            "serves",
            "outside_assessment",
            "outside_reason",
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


BAND_CHOICES = [
    ("low", "1 to 4"),
    ("medium", "5 to 9"),
    ("high", "10 to 14"),
    ("very_high", "15 to 25"),
]


class RiskReviewSerializer(ReadOnlySerializer):
    score = serializers.IntegerField(read_only=True, help_text="Likelihood × impact.")
    movement = serializers.ChoiceField(
        choices=["up", "down", "same"],
        allow_null=True,
        read_only=True,
        help_text="How the score moved since the review before; null for the first.",
    )

    class Meta:
        model = RiskReview
        fields = ["reviewed_on", "likelihood", "impact", "score", "movement", "note"]


class RiskSerializer(ReadOnlySerializer):
    partnership = PartnershipRefSerializer(read_only=True)
    group = GroupRefSerializer(read_only=True, allow_null=True)
    owner = PersonRefSerializer(read_only=True, allow_null=True)
    inherent_score = serializers.IntegerField(
        source="inherent", read_only=True, help_text="Likelihood × impact before the controls."
    )
    residual_score = serializers.IntegerField(
        source="residual", read_only=True, help_text="Likelihood × impact with the controls."
    )
    residual_band = serializers.ChoiceField(
        choices=BAND_CHOICES,
        read_only=True,
        help_text="The residual score's band: low 1 to 4, medium 5 to 9, high 10 to 14, "
        "very high 15 to 25.",
    )
    reviews = serializers.SerializerMethodField(help_text="Reviews, latest first.")

    class Meta:
        model = Risk
        fields = [
            "id",
            "partnership",
            "group",
            "title",
            "category",
            "cause",
            "effect",
            "owner",
            "inherent_likelihood",
            "inherent_impact",
            "inherent_score",
            "controls",
            "residual_likelihood",
            "residual_impact",
            "residual_score",
            "residual_band",
            "priorities",
            "actions",
            "review_due",
            "closed_on",
            "reviews",
        ]
        extra_kwargs = {
            "actions": {"help_text": "The tracker actions that treat the risk, by id."},
            "priorities": {"help_text": "The priorities the risk threatens, by id."},
        }

    @extend_schema_field(RiskReviewSerializer(many=True))
    def get_reviews(self, risk):
        reviews = []
        for review, moved in risk.reviews_with_movement():
            review.movement = moved
            reviews.append(review)
        return RiskReviewSerializer(reviews, many=True).data
