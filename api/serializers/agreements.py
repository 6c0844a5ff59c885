"""The agreements register: agreements with their parties and who signed for each."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, Party, Status
from api.serializers.fields import ReadOnlySerializer
from api.serializers.register import (
    GroupRefSerializer,
    OrganisationRefSerializer,
    PartnershipRefSerializer,
)


class PartySerializer(ReadOnlySerializer):
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Party
        fields = ["organisation", "signatory_name", "signatory_job_title", "signed_on"]
        extra_kwargs = {"signed_on": {"help_text": "Null: not signed yet."}}


class AgreementSerializer(ReadOnlySerializer):
    partnership = PartnershipRefSerializer(
        read_only=True, help_text="The partnership that keeps it."
    )
    groups = GroupRefSerializer(many=True, read_only=True, help_text="The groups it covers.")
    parties = PartySerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField(
        help_text="On the day: ended; expired (past its review date); unsigned (a party has "
        "not signed, or none is recorded); not yet started; or in force."
    )
    signed = serializers.BooleanField(
        source="is_signed", read_only=True, help_text="Every party has signed."
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "partnership",
            "kind",
            "title",
            "purpose",
            "lawful_basis",
            "special_condition",
            "starts",
            "review_due",
            "ends",
            "groups",
            "parties",
            "signed",
            "status",
            "notes",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, agreement):
        return agreement.status(self.context.get("today"))
