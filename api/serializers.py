"""How each record reads in the API. Read only: nothing here saves.

Amounts of money are whole pence (`..._pence`). An empty web address or email
address is null, not an empty string. Related records are given as a small
object with their id and name, so a list needs no second request to be read.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.access import sees_contact_details
from funding.models import Allocation, Budget, FundingStream, Grant, MonitoringReturn
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
from partnerships.models import (
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)
from scrutiny.bank import CHECK_TITLES
from scrutiny.health import CHECKS
from scrutiny.models import (
    EvidenceSession,
    Finding,
    HealthCheck,
    Recommendation,
    Review,
    ReviewMember,
    ReviewQuestion,
    Witness,
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


class ReadOnlySerializer(serializers.ModelSerializer):
    # Every field read only.

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class BlankAsNullURLField(serializers.URLField):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class BlankAsNullEmailField(serializers.EmailField):
    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "10:00"})
class ClockField(serializers.TimeField):
    """A time of day written HH:MM (24-hour clock, UK time)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, format="%H:%M", **kwargs)


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


# References to related records -------------------------------------------------------


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


# The register ------------------------------------------------------------------------


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


# Meetings ----------------------------------------------------------------------------


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
        return _absolute(self.context.get("request"), path)


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


# Strategy ----------------------------------------------------------------------------


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


# Money -------------------------------------------------------------------------------


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


# Scrutiny ----------------------------------------------------------------------------


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
        choices=sorted(CHECKS), read_only=True, help_text="The check's stable name."
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

    @extend_schema_field(OpenApiTypes.STR)
    def get_check_title(self, finding):
        return CHECK_TITLES.get(finding.check, finding.check)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, finding):
        return _absolute(self.context.get("request"), finding.url)
