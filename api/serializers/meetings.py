"""Meetings: meetings with their agenda, papers, decisions and attendance, and the
actions raised at them."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import BlankAsNullURLField, ClockField, ReadOnlySerializer, absolute
from api.serializers.register import (
    GroupRefSerializer,
    OrganisationRefSerializer,
    PersonRefSerializer,
)
from meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Decision,
    Guest,
    Meeting,
    Paper,
)


class PaperSerializer(ReadOnlySerializer):
    url = serializers.SerializerMethodField(
        help_text="Where a signed-in reader downloads the paper."
    )

    class Meta:
        model = Paper
        fields = ["id", "title", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, paper):
        path = reverse("meetings:paper_download", args=[paper.pk])
        return absolute(self.context.get("request"), path)


class DecisionSerializer(ReadOnlySerializer):
    class Meta:
        model = Decision
        fields = ["id", "text", "created_at"]


class AgendaItemSerializer(ReadOnlySerializer):
    papers = PaperSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "position",
            "title",
            "presenter",
            "exempt",
            "exempt_paragraph",
            "papers",
            "decisions",
        ]


class AttendanceSerializer(ReadOnlySerializer):
    person = PersonRefSerializer(read_only=True)
    on_behalf_of = OrganisationRefSerializer(read_only=True, allow_null=True)
    substitute = PersonRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Attendance
        fields = [
            "person",
            "on_behalf_of",
            "voting",
            "status",
            "substitute",
            "substitute_can_decide",
        ]


class GuestSerializer(ReadOnlySerializer):
    class Meta:
        model = Guest
        fields = ["name", "organisation", "role"]


class MeetingSerializer(ReadOnlySerializer):
    group = GroupRefSerializer(read_only=True)
    start_time = ClockField()
    end_time = ClockField(allow_null=True)
    online_link = BlankAsNullURLField()
    minutes_approved_by = serializers.SerializerMethodField(
        help_text="The name of who approved the minutes."
    )
    minutes_due_by = serializers.DateField(
        read_only=True, help_text="When the minutes are due to be circulated."
    )
    minutes_late_days = serializers.SerializerMethodField(
        help_text="Working out from the due date: days late, 0 when on time or not yet due."
    )
    quorate = serializers.SerializerMethodField(
        help_text="Null when the group has no quorum or attendance is not recorded."
    )
    items = AgendaItemSerializer(
        many=True,
        read_only=True,
        help_text="The agenda. Exempt items are left out for readers not entitled to them.",
    )
    attendance = AttendanceSerializer(many=True, read_only=True)
    guests = GuestSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "uid",
            "group",
            "date",
            "start_time",
            "end_time",
            "place",
            "online_link",
            "status",
            "cancellation_reason",
            "agenda_published_at",
            "minutes_status",
            "minutes",
            "minutes_approved_at",
            "minutes_approved_by",
            "minutes_circulated_on",
            "minutes_due_by",
            "minutes_late_days",
            "quorate",
            "items",
            "attendance",
            "guests",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_minutes_approved_by(self, meeting):
        user = meeting.minutes_approved_by
        return (user.get_full_name() or None) if user else None

    @extend_schema_field(OpenApiTypes.INT)
    def get_minutes_late_days(self, meeting):
        return meeting.minutes_late(on=self.context["today"])

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_quorate(self, meeting):
        return meeting.is_quorate()


class ActionUpdateSerializer(ReadOnlySerializer):
    by = serializers.SerializerMethodField(help_text="Who gave the update, by name.")

    class Meta:
        model = ActionUpdate
        fields = ["on", "status", "text", "by"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_by(self, update):
        if update.by_person_id:
            return update.by_person.name
        if update.by_user_id:
            return update.by_user.get_full_name() or None
        return None


class ActionSerializer(ReadOnlySerializer):
    group = GroupRefSerializer(read_only=True)
    meeting = serializers.SerializerMethodField(
        help_text="The meeting whose agenda item raised it, if one did."
    )
    owner = PersonRefSerializer(read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()
    last_update = serializers.DateField(
        read_only=True, allow_null=True, help_text="The date of the latest update."
    )
    updates = ActionUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "group",
            "item",
            "meeting",
            "description",
            "owner",
            "due",
            "status",
            "completed_on",
            "created_on",
            "overdue",
            "last_update",
            "updates",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_meeting(self, action):
        return action.item.meeting_id if action.item_id else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, action):
        return action.is_overdue(self.context["today"])
