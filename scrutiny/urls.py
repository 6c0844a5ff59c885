from django.urls import path

from scrutiny import dashboard_views, finding_views, views

app_name = "scrutiny"

R = "scrutiny/reviews/<int:pk>/"

urlpatterns = [
    path("partnerships/<int:pk>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("health/", finding_views.health, name="health"),
    path("health/findings/<int:pk>/", finding_views.finding_detail, name="health_finding"),
    path(
        "health/findings/<int:pk>/answer/",
        finding_views.finding_answer,
        name="health_finding_answer",
    ),
    path("scrutiny/reviews/", views.review_list, name="review_list"),
    path("scrutiny/library/", views.library_list, name="library"),
    path("scrutiny/reviews/new/", views.review_create, name="review_create"),
    path(R, views.review_detail, name="review_detail"),
    path(R + "edit/", views.review_edit, name="review_edit"),
    path(R + "members/new/", views.member_add, name="member_add"),
    path(R + "members/<int:member_pk>/edit/", views.member_edit, name="member_edit"),
    path(R + "members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path(R + "scope/", views.scope, name="scope"),
    path(R + "questions/new/", views.question_add, name="question_add"),
    path(R + "questions/<int:question_pk>/edit/", views.question_edit, name="question_edit"),
    path(R + "questions/<int:question_pk>/remove/", views.question_remove, name="question_remove"),
    path(R + "evidence/new/", views.evidence_add, name="evidence_add"),
    path(R + "evidence/<int:session_pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path(R + "evidence/<int:session_pk>/file/", views.evidence_file, name="evidence_file"),
    path(R + "evidence/<int:session_pk>/witnesses/new/", views.witness_add, name="witness_add"),
    path(
        R + "evidence/<int:session_pk>/witnesses/<int:witness_pk>/remove/",
        views.witness_remove,
        name="witness_remove",
    ),
    path(R + "findings/new/", views.finding_add, name="finding_add"),
    path(R + "findings/<int:finding_pk>/edit/", views.finding_edit, name="finding_edit"),
    path(
        R + "findings/<int:finding_pk>/withdraw/", views.finding_withdraw, name="finding_withdraw"
    ),
    path(R + "recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path(
        R + "recommendations/<int:recommendation_pk>/edit/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        R + "recommendations/<int:recommendation_pk>/withdraw/",
        views.recommendation_withdraw,
        name="recommendation_withdraw",
    ),
    path(
        R + "recommendations/<int:recommendation_pk>/response/",
        views.recommendation_respond,
        name="recommendation_respond",
    ),
    path(
        R + "recommendations/<int:recommendation_pk>/actions/new/",
        views.action_create,
        name="action_create",
    ),
]
