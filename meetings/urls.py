from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("groups/<int:pk>/meetings/", views.group_meetings, name="group_meetings"),
    path("groups/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("groups/<int:pk>/actions/", views.tracker, name="tracker"),
    path("groups/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("groups/<int:pk>/actions/upload/", views.tracker_upload, name="tracker_upload"),
    path(
        "groups/<int:pk>/actions/request-updates/",
        views.tracker_request_updates,
        name="tracker_request_updates",
    ),
    path("groups/<int:pk>/actions/tracker.csv", views.tracker_download, name="tracker_download"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/publish/", views.publish_agenda, name="publish_agenda"),
    path("meetings/<int:pk>/items/new/", views.item_add, name="item_add"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/guests/new/", views.guest_add, name="guest_add"),
    path("meetings/<int:pk>/minutes/", views.minutes_edit, name="minutes_edit"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/correct/", views.minutes_correct, name="minutes_correct"),
    path("meetings/<int:pk>/declarations/new/", views.declaration_add, name="declaration_add"),
    path("declarations/<int:pk>/remove/", views.declaration_remove, name="declaration_remove"),
    path("items/<int:pk>/move/<str:direction>/", views.item_move, name="item_move"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("meetings/<int:pk>/minutes/circulate/", views.minutes_circulate, name="minutes_circulate"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("items/<int:pk>/decisions/new/", views.decision_add, name="decision_add"),
    path("papers/<int:pk>/", views.paper_download, name="paper_download"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/send-link/", views.action_send_link, name="action_send_link"),
    path("actions/<int:pk>/revoke-links/", views.action_revoke_links, name="action_revoke_links"),
    path("actions/update/<str:token>/", views.owner_link, name="owner_link"),
    path("people/<int:pk>/actions/", views.person_actions, name="person_actions"),
    path("people/<int:pk>/calendar-link/", views.person_feed_link, name="person_feed_link"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
