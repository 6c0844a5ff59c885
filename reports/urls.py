from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/request/", views.request_report, name="request"),
    path("reports/<int:pk>/", views.detail, name="detail"),
    path("reports/<int:pk>/status/", views.status, name="status"),
    path("reports/<int:pk>/download/", views.download, name="download"),
    path("reports/<int:pk>/retry/", views.retry, name="retry"),
]
