from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("notifications/", views.notice_list, name="notice_list"),
    path("notifications/choices/", views.notice_choices, name="notice_choices"),
    path("notify/delivery-status/", views.notify_delivery, name="notify_delivery"),
]
