from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from accounts import views as account_views
from accounts.forms import NewPasswordForm, ResetForm
from home import views as home_views
from ops import views as ops_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("search/", home_views.search, name="search"),
    path("healthz", account_views.healthz, name="healthz"),
    path("readyz", account_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics, name="metrics"),
    path("audit/", ops_views.audit, name="audit"),
    path("audit/downloads/", ops_views.confidential_downloads, name="confidential_downloads"),
    path("accessibility/", account_views.accessibility, name="accessibility"),
    path("privacy/", account_views.privacy, name="privacy"),
    path("cookies/", account_views.cookies, name="cookies"),
    path("login/", account_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.urls")),
    path("", include("reminders.urls")),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=ResetForm,
            email_template_name="emails/password-reset-body.txt",
            subject_template_name="emails/password-reset-subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=NewPasswordForm,
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("", include("partnerships.urls")),
    path("", include("agreements.urls")),
    path("", include("strategy.urls")),
    path("", include("meetings.urls")),
    path("", include("funding.urls")),
    path("", include("dhr.urls")),
    path("", include("scrutiny.urls")),
    path("", include("reports.urls")),
    path("api/v1/", include("api.urls")),
    path("open-data/", include("opendata.urls")),
    path("admin/", admin.site.urls),
]
