from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("funding/", views.funding_home, name="index"),
    path("funding/streams/new/", views.stream_create, name="stream_create"),
    path("funding/streams/<int:pk>/edit/", views.stream_edit, name="stream_edit"),
    path("funding/portfolios/new/", views.portfolio_create, name="portfolio_create"),
    path("funding/budgets/new/", views.budget_create, name="budget_create"),
    path("funding/budgets/<int:pk>/", views.budget_detail, name="budget_detail"),
    path("funding/budgets/<int:pk>/edit/", views.budget_edit, name="budget_edit"),
    path("funding/budgets/<int:pk>/allocate/", views.allocation_create, name="allocation_create"),
    path("funding/allocations/<int:pk>/edit/", views.allocation_edit, name="allocation_edit"),
    path(
        "funding/allocations/<int:pk>/withdraw/",
        views.allocation_withdraw,
        name="allocation_withdraw",
    ),
    path("partnerships/<int:pk>/formulas/new/", views.formula_create, name="formula_create"),
    path("funding/formulas/<int:pk>/", views.formula_detail, name="formula_detail"),
    path(
        "funding/formulas/<int:pk>/indicators/new/",
        views.formula_indicator_add,
        name="formula_indicator_add",
    ),
    path("funding/formulas/<int:pk>/areas/new/", views.formula_area_add, name="formula_area_add"),
    path("funding/formulas/<int:pk>/values/", views.formula_values, name="formula_values"),
    path("funding/formulas/<int:pk>/confirm/", views.formula_confirm, name="formula_confirm"),
    path(
        "funding/formulas/<int:pk>/new-version/",
        views.formula_new_version,
        name="formula_new_version",
    ),
    path("funding/grants/", views.grant_list, name="grant_list"),
    path("funding/grants/new/", views.grant_create, name="grant_create"),
    path("funding/grants/<int:pk>/", views.grant_detail, name="grant_detail"),
    path("funding/grants/<int:pk>/edit/", views.grant_edit, name="grant_edit"),
    path("funding/grants/<int:pk>/returns/new/", views.return_create, name="return_create"),
    path("funding/grants/<int:pk>/evaluation/", views.grant_evaluation, name="grant_evaluation"),
    path(
        "funding/grants/<int:pk>/evaluation/download/",
        views.grant_document,
        {"kind": "evaluation"},
        name="evaluation_download",
    ),
    path(
        "funding/grants/<int:pk>/returns/<int:return_pk>/evidence/",
        views.grant_document,
        {"kind": "evidence"},
        name="evidence_download",
    ),
    path("partnerships/<int:pk>/funding/", views.statement, name="statement"),
    path(
        "partnerships/<int:pk>/funding/statement.<str:fmt>",
        views.statement_download,
        name="statement_download",
    ),
]
