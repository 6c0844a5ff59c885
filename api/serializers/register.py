"""The register: organisations, partnerships, their members, groups, people and
memberships, and the small references to them that the other records give."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.access import sees_contact_details
from api.serializers.fields import BlankAsNullEmailField, ReadOnlySerializer
from partnerships.models import (
    BoardLink,
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)


class PartnershipRefSerializer(ReadOnlySerializer):
    class Meta:
        model = Partnership
        fields = ["id", "name"]


class OrganisationRefSerializer(ReadOnlySerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class PersonRefSerializer(ReadOnlySerializer):
    class Meta:
        model = Person
        fields = ["id", "name"]


class GroupRefSerializer(ReadOnlySerializer):
    partnership = serializers.IntegerField(source="partnership_id", read_only=True)

    class Meta:
        model = Group
        fields = ["id", "name", "partnership"]


class OrganisationSerializer(ReadOnlySerializer):
    seat_count = serializers.IntegerField(
        read_only=True, help_text="Current seats held on groups on its behalf."
    )
    partnership_count = serializers.IntegerField(
        read_only=True, help_text="Partnerships it is a member of."
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "statutory_responsible_authority",
            "identifier",
            "archived_at",
            "seat_count",
            "partnership_count",
        ]


class PartnershipMemberSerializer(ReadOnlySerializer):
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = PartnershipMember
        fields = ["organisation", "role"]


class PartnershipSerializer(ReadOnlySerializer):
    parent = PartnershipRefSerializer(read_only=True, allow_null=True)
    reports_to = PartnershipRefSerializer(read_only=True, allow_null=True)
    merged_into = PartnershipRefSerializer(read_only=True, allow_null=True)
    members = PartnershipMemberSerializer(many=True, read_only=True)
    group_count = serializers.IntegerField(read_only=True, help_text="Current groups.")
    member_count = serializers.IntegerField(read_only=True, help_text="Member organisations.")

    class Meta:
        model = Partnership
        fields = [
            "id",
            "name",
            "kind",
            "area",
            "statutory",
            "status",
            "parent",
            "reports_to",
            "merged_into",
            "notes",
            "group_count",
            "member_count",
            "members",
        ]


class GroupSerializer(ReadOnlySerializer):
    partnership = PartnershipRefSerializer(read_only=True)
    parent = GroupRefSerializer(read_only=True, allow_null=True)
    reports_to = GroupRefSerializer(read_only=True, allow_null=True)
    tor_status = serializers.SerializerMethodField(
        help_text="Whether the Terms of Reference are approved and within their review date."
    )
    member_count = serializers.IntegerField(read_only=True, help_text="Current members.")

    class Meta:
        model = Group
        fields = [
            "id",
            "partnership",
            "name",
            "kind",
            "purpose",
            "statutory_function",
            "parent",
            "reports_to",
            "meets",
            "quorum",
            "tor_approved",
            "tor_review_due",
            "tor_status",
            "notes",
            "archived_at",
            "member_count",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Group.TorStatus.choices))
    def get_tor_status(self, group):
        return group.tor_status(self.context["today"])


class PersonSerializer(ReadOnlySerializer):
    email = BlankAsNullEmailField(
        required=False,
        help_text="Present only for readers entitled to contact details (officers and "
        "administrators); the key is left out for everyone else. Null when none is recorded.",
    )
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    seat_count = serializers.IntegerField(read_only=True, help_text="Current seats on groups.")
    meetings_a_year = serializers.IntegerField(
        read_only=True, help_text="Meetings a year their current seats imply."
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "email",
            "job_title",
            "organisation",
            "seniority",
            "archived_at",
            "seat_count",
            "meetings_a_year",
        ]

    def get_fields(self):
        fields = super().get_fields()
        # Optional in the schema (neither read-only nor required): the key is absent for
        # readers not entitled to contact details. Nothing is ever written through it.
        fields["email"].read_only = False
        fields["email"].required = False
        if getattr(self.context.get("view"), "swagger_fake_view", False):
            return fields  # the schema describes the field for those who see it
        request = self.context.get("request")
        if request is None or not sees_contact_details(request.user):
            del fields["email"]
        return fields


class MembershipSerializer(ReadOnlySerializer):
    person = PersonRefSerializer(read_only=True)
    group = GroupRefSerializer(read_only=True)
    on_behalf_of = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "group", "role", "voting", "on_behalf_of", "start", "end"]


class BoardLinkSerializer(ReadOnlySerializer):
    from_partnership = PartnershipRefSerializer(read_only=True)
    to_partnership = PartnershipRefSerializer(read_only=True)
    has_protocol = serializers.SerializerMethodField(
        help_text="Whether a protocol document is kept for the link."
    )

    class Meta:
        model = BoardLink
        fields = [
            "id",
            "from_partnership",
            "to_partnership",
            "kind",
            "has_protocol",
            "protocol_agreed",
            "review_due",
            "notes",
        ]

    def get_has_protocol(self, link) -> bool:
        return bool(link.protocol_file)
