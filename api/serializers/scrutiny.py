"""Scrutiny: reviews, their recommendations, and the governance health findings."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ReadOnlySerializer, absolute
from api.serializers.register import OrganisationRefSerializer, PartnershipRefSerializer
from scrutiny.bank import CHECK_TITLES
from scrutiny.health import CHECKS
from scrutiny.models import (
    EvidenceSession,
    Finding,
    HealthCheck,
    PastReview,
    Recommendation,
    Review,
    ReviewMember,
    ReviewQuestion,
    Witness,
)


class ReviewMemberSerializer(ReadOnlySerializer):
    class Meta:
        model = ReviewMember
        fields = ["name", "role", "affiliation"]


class ReviewQuestionSerializer(ReadOnlySerializer):
    class Meta:
        model = ReviewQuestion
        fields = ["theme", "text", "position"]


class WitnessSerializer(ReadOnlySerializer):
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Witness
        fields = ["name", "role", "organisation"]


class EvidenceSessionSerializer(ReadOnlySerializer):
    witnesses = WitnessSerializer(many=True, read_only=True)

    class Meta:
        model = EvidenceSession
        fields = ["id", "kind", "date", "title", "notes", "witnesses"]


class KeyIssueSerializer(ReadOnlySerializer):
    class Meta:
        model = Finding
        fields = ["id", "theme", "text", "position", "withdrawn_at"]


class ReviewSerializer(ReadOnlySerializer):
    partnerships = PartnershipRefSerializer(many=True, read_only=True)
    members = ReviewMemberSerializer(many=True, read_only=True)
    questions = ReviewQuestionSerializer(many=True, read_only=True)
    evidence = EvidenceSessionSerializer(many=True, read_only=True)
    key_issues = KeyIssueSerializer(source="findings", many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "title",
            "committee",
            "kind",
            "partnerships",
            "purpose",
            "terms_of_reference",
            "background",
            "conclusion",
            "started",
            "reported",
            "status",
            "members",
            "questions",
            "evidence",
            "key_issues",
        ]


class ReviewRefSerializer(ReadOnlySerializer):
    class Meta:
        model = Review
        fields = ["id", "title"]


class RecommendationSerializer(ReadOnlySerializer):
    review = ReviewRefSerializer(read_only=True)
    addressed_to_partnership = PartnershipRefSerializer(read_only=True, allow_null=True)
    addressed_to_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    addressed_to = serializers.CharField(read_only=True, help_text="Everyone it is addressed to.")
    response_overdue = serializers.BooleanField(
        read_only=True, help_text="Awaiting a response past its due date."
    )
    follow_up_overdue = serializers.BooleanField(
        read_only=True, help_text="Follow-up due and the recommendation not finished."
    )
    actions = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="The actions it put in trackers; those raised on exempt items are left out "
        "for readers not entitled to them.",
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "review",
            "reference",
            "text",
            "addressed_to_partnership",
            "addressed_to_organisation",
            "addressed_to_office",
            "addressed_to",
            "response_due",
            "response",
            "response_date",
            "response_text",
            "implementation",
            "follow_up_due",
            "withdrawn_at",
            "response_overdue",
            "follow_up_overdue",
            "actions",
        ]


class HealthFindingSerializer(serializers.Serializer):
    check = serializers.ChoiceField(
        source="check_name",
        choices=sorted(CHECKS),
        read_only=True,
        help_text="The check's stable name.",
    )
    check_title = serializers.SerializerMethodField()
    severity = serializers.ChoiceField(choices=HealthCheck.Severity.choices, read_only=True)
    subject_type = serializers.CharField(read_only=True, help_text="The kind of record.")
    subject = serializers.CharField(read_only=True, help_text="The record concerned.")
    detail = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The page where it can be put right.")
    partnership = serializers.IntegerField(
        source="partnership_id",
        read_only=True,
        allow_null=True,
        help_text="The partnership concerned, when there is one.",
    )

    first_found = serializers.DateTimeField(read_only=True)
    answer = serializers.CharField(
        read_only=True, help_text="accepted, not_applicable, or empty when not answered."
    )
    reason = serializers.CharField(read_only=True, help_text="Why it was answered so.")
    review_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="An accepted finding counts again from this day."
    )

    @extend_schema_field(OpenApiTypes.STR)
    def get_check_title(self, finding):
        return CHECK_TITLES.get(finding.check_name, finding.check_name)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, finding):
        return absolute(self.context.get("request"), finding.url)


class PastReviewSerializer(ReadOnlySerializer):
    themes = serializers.SerializerMethodField(help_text="The CfPS themes it bears on.")

    class Meta:
        model = PastReview
        fields = [
            "id",
            "authority",
            "title",
            "body",
            "year",
            "when",
            "membership",
            "terms_of_reference",
            "evidence_methods",
            "looked_at",
            "lessons",
            "source",
            "themes",
        ]

    def get_themes(self, review) -> list[str]:
        return [theme.theme for theme in review.themes.all()]
