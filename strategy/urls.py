from django.urls import path

from strategy import views

app_name = "strategy"

urlpatterns = [
    path("partnerships/<int:pk>/strategy/", views.strategy, name="strategy"),
    path(
        "partnerships/<int:pk>/indicator-values/",
        views.indicator_values_upload,
        name="indicator_values_upload",
    ),
    path(
        "partnerships/<int:pk>/assessments/new/",
        views.assessment_create,
        name="assessment_create",
    ),
    path("partnerships/<int:pk>/plans/new/", views.plan_create, name="plan_create"),
    path(
        "partnerships/<int:pk>/indicators/new/",
        views.indicator_create,
        name="indicator_create",
    ),
    path("plans/<int:pk>/agreement/", views.agreement_dashboard, name="agreement_dashboard"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path("plans/<int:pk>/priorities/new/", views.priority_create, name="priority_create"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path(
        "priorities/<int:pk>/milestones/new/",
        views.milestone_create,
        name="milestone_create",
    ),
    path("indicators/<int:pk>/targets/new/", views.target_create, name="target_create"),
    path(
        "strategy-documents/<str:kind>/<int:pk>/",
        views.strategy_document,
        name="strategy_document",
    ),
    path("partnerships/<int:pk>/risks/", views.risk_register, name="risk_register"),
    path("partnerships/<int:pk>/risks/new/", views.risk_create, name="risk_create"),
    path("risks/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk_edit"),
    path("risks/<int:pk>/reviews/new/", views.risk_review_create, name="risk_review_create"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority_detail"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
]
