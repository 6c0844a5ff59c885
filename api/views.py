"""The read API: one viewset per kind of record, each asking the rule its pages ask.

Who may read what is the pages' answer, role by role: readers (officers,
scrutiny members, chairs, administrators) read the register, meetings, strategy,
money and scrutiny; an action owner reads only the actions they own. Exempt
items and the actions raised on them reach only those entitled to them; email
addresses only those who may see contact details.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import JsonResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated

from agreements.models import Agreement, Party
from api import filters
from api.serializers.agreements import AgreementSerializer
from api.serializers.dhr import HomicideReviewSerializer
from api.serializers.funding import (
    AllocationSerializer,
    BudgetSerializer,
    FundingStreamSerializer,
    GrantSerializer,
)
from api.serializers.meetings import ActionSerializer, MeetingSerializer
from api.serializers.register import (
    BoardLinkSerializer,
    GroupSerializer,
    MembershipSerializer,
    OrganisationSerializer,
    PartnershipSerializer,
    PersonSerializer,
)
from api.serializers.scrutiny import (
    HealthFindingSerializer,
    PastReviewSerializer,
    RecommendationSerializer,
    ReviewSerializer,
)
from api.serializers.strategy import IndicatorSerializer, PrioritySerializer, RiskSerializer
from dhr.models import Review as HomicideReview
from funding.models import Allocation, Budget, FundingStream, Grant
from meetings.models import Action, ActionUpdate, AgendaItem, Attendance, Meeting
from partnerships.models import (
    BoardLink,
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)
from scrutiny.health import CHECKS
from scrutiny.models import (
    EvidenceSession,
    HealthCheck,
    PastReview,
    Recommendation,
    Review,
    Witness,
)
from strategy.models import Indicator, IndicatorTarget, IndicatorValue, Priority, Risk, RiskReview


class FollowsRule(BasePermission):
    # The rule the pages ask: `view.permission`, of the user, then of each record
    # through `view.permission_subject(record)` as the record's own page asks it.

    def has_permission(self, request, view):
        return view.permission is None or request.user.has_perm(view.permission)

    def has_object_permission(self, request, view, obj):
        if view.permission is None:
            return True
        return request.user.has_perm(view.permission, view.permission_subject(obj))


class GetOnly:
    # GET and HEAD only: anything else is 405, before any credentials are looked at.

    def initial(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class SchemaView(GetOnly, SpectacularAPIView):
    pass


class ReadOnlyApi(GetOnly):
    # What every endpoint shares: GET only, the pages' rule, filters on lists only,
    # and the day.

    permission = "partnerships.view_register"
    permission_classes = [IsAuthenticated, FollowsRule]

    def permission_subject(self, obj):
        return None

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class ReadViewSet(ReadOnlyApi, viewsets.ReadOnlyModelViewSet):
    pass


def not_found(request, *args, **kwargs):
    """Any other address under the API: a 404 in JSON, as the API's own are."""
    return JsonResponse({"detail": "Not found."}, status=404)


# The register --------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Organisations", description="Partner organisations, by name."),
    retrieve=extend_schema(summary="An organisation"),
)
class OrganisationViewSet(ReadViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = filters.OrganisationFilter

    def get_queryset(self):
        return Organisation.objects.for_list().order_by("name", "id")


@extend_schema_view(
    list=extend_schema(
        summary="Partnerships",
        description="Partnerships with their member organisations, by name.",
    ),
    retrieve=extend_schema(summary="A partnership"),
)
class PartnershipViewSet(ReadViewSet):
    permission = "partnerships.view_partnership"
    serializer_class = PartnershipSerializer
    filterset_class = filters.PartnershipFilter

    def permission_subject(self, partnership):
        return partnership

    def get_queryset(self):
        members = PartnershipMember.objects.select_related("organisation").order_by(
            "organisation__name", "id"
        )
        return (
            Partnership.objects.for_list()
            .select_related("parent", "merged_into")
            .prefetch_related(Prefetch("members", queryset=members))
            .order_by("name", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Groups",
        description="Current (not archived) groups, by partnership and name. The record of "
        "an archived group is still found by its id.",
    ),
    retrieve=extend_schema(summary="A group"),
)
class GroupViewSet(ReadViewSet):
    permission = "partnerships.view_group"
    serializer_class = GroupSerializer
    filterset_class = filters.GroupFilter

    def permission_subject(self, group):
        return group

    def get_queryset(self):
        if self.action == "list":
            return (
                Group.objects.for_list()
                .select_related("parent")
                .order_by("partnership__name", "name", "id")
            )
        current = Count("memberships", filter=Q(memberships__end__isnull=True))
        return Group.objects.select_related("partnership", "parent", "reports_to").annotate(
            member_count=current
        )


@extend_schema_view(
    list=extend_schema(
        summary="People",
        description="People in the register, by name. `email` is present only for officers "
        "and administrators.",
    ),
    retrieve=extend_schema(summary="A person"),
)
class PersonViewSet(ReadViewSet):
    serializer_class = PersonSerializer
    filterset_class = filters.PersonFilter

    def get_queryset(self):
        return Person.objects.for_list().order_by("name", "id")


@extend_schema_view(
    list=extend_schema(
        summary="Memberships",
        description="Seats of people on groups, current and ended, by group and person.",
    ),
    retrieve=extend_schema(summary="A membership"),
)
class MembershipViewSet(ReadViewSet):
    serializer_class = MembershipSerializer
    filterset_class = filters.MembershipFilter

    def get_queryset(self):
        return Membership.objects.select_related("person", "group", "on_behalf_of").order_by(
            "group__partnership__name", "group__name", "person__name", "id"
        )


# Agreements ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Agreements",
        description="The agreements registers of the partnerships: information-sharing "
        "agreements, memoranda of agreement, protocols between boards and data protection "
        "impact assessments, each with its parties and who signed for them, those due for "
        "review first.",
    ),
    retrieve=extend_schema(summary="An agreement"),
)
class AgreementViewSet(ReadViewSet):
    permission = "partnerships.view_partnership"
    queryset = Agreement.objects.none()  # the model, for the schema; see get_queryset
    serializer_class = AgreementSerializer
    filterset_class = filters.AgreementFilter

    def permission_subject(self, agreement):
        return agreement.partnership

    def get_queryset(self):
        parties = Party.objects.select_related("organisation").order_by("organisation__name", "id")
        return (
            Agreement.objects.select_related("partnership")
            .prefetch_related(Prefetch("parties", queryset=parties), "groups")
            .order_by("partnership__name", "review_due", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Links between boards",
        description="The links between partnerships and the boards beside them (Health and "
        "Wellbeing, Safeguarding, criminal justice, the Police and Crime Panel and "
        "Commissioner): the kind of link, whether a protocol is kept, when it was agreed "
        "and when it is due for review.",
    ),
    retrieve=extend_schema(summary="A link between boards"),
)
class BoardLinkViewSet(ReadViewSet):
    permission = "partnerships.view_partnership"
    queryset = BoardLink.objects.none()  # the model, for the schema; see get_queryset
    serializer_class = BoardLinkSerializer

    def permission_subject(self, link):
        return link.from_partnership

    def get_queryset(self):
        return BoardLink.objects.select_related("from_partnership", "to_partnership").order_by(
            "from_partnership__name", "to_partnership__name", "id"
        )


# Meetings ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Meetings",
        description="Meetings with their agenda, attendance and guests, latest first. "
        "Exempt (Schedule 12A) agenda items are left out for readers not entitled to them.",
    ),
    retrieve=extend_schema(summary="A meeting"),
)
class MeetingViewSet(ReadViewSet):
    permission = "meetings.view_meetings"
    queryset = Meeting.objects.none()  # the model, for the schema; see get_queryset
    serializer_class = MeetingSerializer
    filterset_class = filters.MeetingFilter

    def permission_subject(self, meeting):
        return meeting.group

    def get_queryset(self):
        items = (
            AgendaItem.objects.visible_to(self.request.user)
            .prefetch_related("papers", "decisions")
            .order_by("position")
        )
        attendance = Attendance.objects.select_related(
            "person", "substitute", "on_behalf_of"
        ).order_by("person__name", "id")
        return (
            Meeting.objects.select_related("group", "minutes_approved_by")
            .prefetch_related(
                Prefetch("items", queryset=items),
                Prefetch("attendance", queryset=attendance),
                "guests",
            )
            .order_by("-date", "-start_time", "-id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Actions",
        description="Actions in the trackers, by due date (those with none last). Actions "
        "raised on exempt items are left out for readers not entitled to them; an action "
        "owner sees only the actions they own.",
    ),
    retrieve=extend_schema(summary="An action"),
)
class ActionViewSet(ReadViewSet):
    # As the action page: a reader sees the trackers, anyone their own actions; the
    # queryset says which (Action.objects.visible_to).
    permission = None
    queryset = Action.objects.none()  # the model, for the schema; see get_queryset
    serializer_class = ActionSerializer
    filterset_class = filters.ActionFilter

    def get_queryset(self):
        updates = ActionUpdate.objects.select_related("by_person", "by_user").order_by("-on", "-id")
        return (
            Action.objects.visible_to(self.request.user)
            .for_tracker()
            .prefetch_related(Prefetch("updates", queryset=updates))
        )


# Strategy ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Priorities",
        description="Priorities of the partnerships' plans, with milestones and quarterly "
        "updates, in plan and position order.",
    ),
    retrieve=extend_schema(summary="A priority"),
)
class PriorityViewSet(ReadViewSet):
    permission = "partnerships.view_partnership"
    serializer_class = PrioritySerializer
    filterset_class = filters.PriorityFilter

    def permission_subject(self, priority):
        return priority.plan.partnership

    def get_queryset(self):
        return (
            Priority.objects.for_strategy_page()
            .select_related("plan__partnership")
            .order_by("plan__partnership__name", "plan__starts", "position", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Indicators",
        description="Performance indicators with their values by period and area, and targets.",
    ),
    retrieve=extend_schema(summary="An indicator"),
)
class IndicatorViewSet(ReadViewSet):
    permission = "partnerships.view_partnership"
    serializer_class = IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def permission_subject(self, indicator):
        return indicator.partnership

    def get_queryset(self):
        values = IndicatorValue.objects.order_by("period_start", "area", "id")
        targets = IndicatorTarget.objects.order_by("period_start", "id")
        return (
            Indicator.objects.select_related("partnership", "source")
            .prefetch_related(
                Prefetch("values", queryset=values),
                Prefetch("targets", queryset=targets),
                "priorities",
            )
            .order_by("partnership__name", "name", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Risks",
        description="The risk registers of the partnerships and their groups, with their "
        "quarterly reviews, highest residual score first. The actions treating a risk are "
        "those this reader may see.",
    ),
    retrieve=extend_schema(summary="A risk"),
)
class RiskViewSet(ReadViewSet):
    permission = "partnerships.view_partnership"
    queryset = Risk.objects.none()  # the model, for the schema; see get_queryset
    serializer_class = RiskSerializer
    filterset_class = filters.RiskFilter

    def permission_subject(self, risk):
        return risk.partnership

    def get_queryset(self):
        actions = Action.objects.visible_to(self.request.user).only("id").order_by("id")
        reviews = RiskReview.objects.order_by("-reviewed_on", "-id")
        return (
            Risk.objects.with_scores()
            .select_related("partnership", "group", "owner")
            .prefetch_related(
                Prefetch("actions", queryset=actions),
                Prefetch("reviews", queryset=reviews),
                "priorities",
            )
            .order_by("partnership__name", "-residual_score", "review_due", "id")
        )


# Domestic homicide reviews -------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Domestic homicide reviews",
        description="The domestic homicide reviews (domestic abuse related death reviews) "
        "this reader may see: only the officers who support the partnership and the chair "
        "of its board see a partnership's; to anyone else the list is empty. Each review is "
        "known by its case reference only. The latest notified first.",
    ),
    retrieve=extend_schema(summary="A domestic homicide review"),
)
class HomicideReviewViewSet(ReadViewSet):
    # As the review's page: a review the reader may not see does not exist for them
    # (404); the queryset says which (Review.objects.visible_to).
    permission = None
    queryset = HomicideReview.objects.none()  # the model, for the schema; see get_queryset
    serializer_class = HomicideReviewSerializer
    filterset_class = filters.HomicideReviewFilter

    def get_queryset(self):
        return (
            HomicideReview.objects.visible_to(self.request.user)
            .for_detail_page()
            .order_by("partnership__name", "-notified_on", "id")
        )


# Money ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Funding streams"),
    retrieve=extend_schema(summary="A funding stream"),
)
class FundingStreamViewSet(ReadViewSet):
    permission = "funding.view_funding"
    serializer_class = FundingStreamSerializer
    filterset_class = filters.FundingStreamFilter

    def get_queryset(self):
        return FundingStream.objects.select_related("funder").order_by("name", "id")


@extend_schema_view(
    list=extend_schema(
        summary="Budgets",
        description="What each stream gives a partnership in a financial year, with what is "
        "committed from it; latest year first.",
    ),
    retrieve=extend_schema(summary="A budget"),
)
class BudgetViewSet(ReadViewSet):
    permission = "funding.view_funding"
    serializer_class = BudgetSerializer
    filterset_class = filters.BudgetFilter

    def permission_subject(self, budget):
        return budget.holder

    def get_queryset(self):
        return Budget.objects.for_list().order_by("-year", "holder__name", "stream__name", "id")


@extend_schema_view(
    list=extend_schema(
        summary="Allocations",
        description="Money allocated from budgets, withdrawn allocations included (see "
        "`withdrawn_at`).",
    ),
    retrieve=extend_schema(summary="An allocation"),
)
class AllocationViewSet(ReadViewSet):
    permission = "funding.view_funding"
    serializer_class = AllocationSerializer
    filterset_class = filters.AllocationFilter

    def permission_subject(self, allocation):
        return allocation.budget.holder

    def get_queryset(self):
        return Allocation.objects.select_related(
            "budget__holder", "recipient_partnership"
        ).order_by("-budget__year", "budget_id", "id")


@extend_schema_view(
    list=extend_schema(
        summary="Grants",
        description="Grants to projects with their monitoring returns, latest award first.",
    ),
    retrieve=extend_schema(summary="A grant"),
)
class GrantViewSet(ReadViewSet):
    permission = "funding.view_funding"
    serializer_class = GrantSerializer
    filterset_class = filters.GrantFilter

    def permission_subject(self, grant):
        return grant.partnership

    def get_queryset(self):
        return Grant.objects.for_detail_page().order_by("-award_date", "title", "id")


# Scrutiny ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Scrutiny reviews",
        description="Reviews with their members, scope, evidence and key issues, latest first.",
    ),
    retrieve=extend_schema(summary="A scrutiny review"),
)
class ReviewViewSet(ReadViewSet):
    permission = "scrutiny.view_review"
    serializer_class = ReviewSerializer
    filterset_class = filters.ReviewFilter

    def permission_subject(self, review):
        return review

    def get_queryset(self):
        witnesses = Witness.objects.select_related("organisation")
        evidence = EvidenceSession.objects.prefetch_related(
            Prefetch("witnesses", queryset=witnesses)
        )
        return (
            Review.objects.for_list()
            .prefetch_related(
                "members", "questions", Prefetch("evidence", queryset=evidence), "findings"
            )
            .order_by("-started", "title", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Library of past reviews",
        description="The case-study reviews of the CfPS Library Monitor 12 on the scrutiny "
        "of community safety partnerships: who held each, what it looked at, the lessons, "
        "and the themes it bears on, for scoping a review.",
    ),
    retrieve=extend_schema(summary="A past review"),
)
class PastReviewViewSet(ReadViewSet):
    permission = "scrutiny.view_library"
    queryset = PastReview.objects.none()  # the model, for the schema; see get_queryset
    serializer_class = PastReviewSerializer

    def get_queryset(self):
        return (
            PastReview.objects.filter(active=True)
            .prefetch_related("themes")
            .order_by("year", "authority", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Recommendations",
        description="Recommendations of the reviews, with the responses and follow-ups.",
    ),
    retrieve=extend_schema(summary="A recommendation"),
)
class RecommendationViewSet(ReadViewSet):
    permission = "scrutiny.view_review"
    queryset = Recommendation.objects.none()  # the model, for the schema; see get_queryset
    serializer_class = RecommendationSerializer
    filterset_class = filters.RecommendationFilter

    def permission_subject(self, recommendation):
        return recommendation.review

    def get_queryset(self):
        actions = Action.objects.visible_to(self.request.user).only("id").order_by("due", "id")
        same = Recommendation.objects.filter(pk=OuterRef("pk"))
        return (
            Recommendation.objects.select_related(
                "review", "addressed_to_partnership", "addressed_to_organisation"
            )
            .prefetch_related(Prefetch("actions", queryset=actions))
            .annotate(
                response_overdue=Exists(same.awaiting_response()),
                follow_up_overdue=Exists(same.follow_up_overdue()),
            )
            .order_by("-review__started", "review_id", "id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Governance health findings",
        description="What the assurance engine finds in the records of the active "
        "partnerships, most severe first: the same findings as the health page. Actions "
        "raised on exempt items count only for administrators, and for the officers who "
        "support the partnership chosen.",
        parameters=[
            OpenApiParameter(
                "partnership",
                {**filters.ID},
                description="A partnership, by its id: its findings only (none for a "
                "partnership that is not active).",
            ),
            OpenApiParameter("severity", enum=[value for value, _ in HealthCheck.Severity.choices]),
            OpenApiParameter("check", enum=list(CHECKS), description="One check's findings."),
        ],
    ),
)
class HealthFindingViewSet(ReadOnlyApi, viewsets.GenericViewSet):
    serializer_class = HealthFindingSerializer
    filter_backends = []

    def list(self, request):
        form = filters.HealthFilterForm(request.query_params)
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise ValidationError(
                {name: [e["message"] for e in errs] for name, errs in errors.items()}
            )
        findings = form.findings(request.user).order_by(
            "partnership_id", "check_name", "subject", "pk"
        )
        page = self.paginate_queryset(findings)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
