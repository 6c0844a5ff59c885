"""Domestic homicide reviews, for the readers entitled to them only (the officers who
support the partnership and the chair of its board): their stages against the
statutory time limits, and their recommendations with the action tracking each."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ReadOnlySerializer
from api.serializers.register import OrganisationRefSerializer, PartnershipRefSerializer
from dhr.models import Recommendation, Review
from meetings.models import Action


class ReviewRecommendationSerializer(ReadOnlySerializer):
    addressed_to = OrganisationRefSerializer(read_only=True, allow_null=True)
    action_status = serializers.ChoiceField(
        source="action.status",
        choices=Action.Status.choices,
        read_only=True,
        help_text="The status of its action.",
    )
    action_due = serializers.DateField(
        source="action.due", read_only=True, allow_null=True, help_text="Its action's due date."
    )

    class Meta:
        model = Recommendation
        fields = ["number", "text", "addressed_to", "action", "action_status", "action_due"]
        extra_kwargs = {"action": {"help_text": "The tracker action that tracks it, by id."}}


class StageSerializer(serializers.Serializer):
    name = serializers.CharField()
    done_on = serializers.DateField(allow_null=True)
    due = serializers.DateField(
        allow_null=True, help_text="The statutory time limit; null where there is none."
    )
    late = serializers.BooleanField(help_text="Done after its due date, or not done and past it.")


class HomicideReviewSerializer(ReadOnlySerializer):
    partnership = PartnershipRefSerializer(read_only=True)
    panel = OrganisationRefSerializer(many=True, read_only=True)
    decision_due = serializers.DateField(
        read_only=True, help_text="One month after the notification."
    )
    report_due = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="Six months after the decision to hold a review, or the date it was "
        "extended to; null when no review is held.",
    )
    stages = serializers.SerializerMethodField(help_text="The stages in their order.")
    recommendations = ReviewRecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "partnership",
            "case_reference",
            "notified_on",
            "decision",
            "decided_on",
            "decision_due",
            "decision_reason",
            "independent_chair",
            "panel",
            "extended_to",
            "extension_reason",
            "report_due",
            "report_completed_on",
            "submitted_on",
            "quality_assured_on",
            "qa_outcome",
            "published_on",
            "closed_on",
            "stages",
            "recommendations",
        ]

    @extend_schema_field(StageSerializer(many=True))
    def get_stages(self, review):
        today = self.context["today"]
        return [
            {"name": s.name, "done_on": s.done_on, "due": s.due, "late": s.is_late(today)}
            for s in review.stages()
        ]
