from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("partnerships/<int:pk>/agreements/", views.agreement_register, name="agreement_register"),
    path("partnerships/<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("agreements/<int:pk>/parties/new/", views.party_add, name="party_add"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party_edit"),
    path("parties/<int:pk>/sign/", views.party_sign, name="party_sign"),
]
