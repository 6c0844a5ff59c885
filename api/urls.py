from django.urls import path, re_path
from django.views.generic import RedirectView
from rest_framework.routers import SimpleRouter

from api import docs, views

app_name = "api"

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("groups", views.GroupViewSet, basename="group")
router.register("people", views.PersonViewSet, basename="person")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("board-links", views.BoardLinkViewSet, basename="board-link")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("actions", views.ActionViewSet, basename="action")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("risks", views.RiskViewSet, basename="risk")
router.register(
    "domestic-homicide-reviews", views.HomicideReviewViewSet, basename="domestic-homicide-review"
)
router.register("funding-streams", views.FundingStreamViewSet, basename="funding-stream")
router.register("budgets", views.BudgetViewSet, basename="budget")
router.register("allocations", views.AllocationViewSet, basename="allocation")
router.register("grants", views.GrantViewSet, basename="grant")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("past-reviews", views.PastReviewViewSet, basename="past-review")
router.register("health-findings", views.HealthFindingViewSet, basename="health-finding")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:docs"), name="root"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    *router.urls,
    re_path(r"^.*/$", views.not_found),
]
