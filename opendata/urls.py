from django.urls import path

from opendata import record, views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="open_data"),
    path("index.json", views.catalogue, name="catalogue"),
    path("meetings/", record.record, name="record"),
    path("meetings/papers.atom", record.papers_feed, name="record_feed"),
    path("meetings/groups/<int:pk>/", record.record_group, name="record_group"),
    path("meetings/groups/<int:pk>/papers.atom", record.papers_feed, name="record_group_feed"),
    path("meetings/groups/<int:pk>/meetings.ics", record.record_calendar, name="record_calendar"),
    path("meetings/<uuid:uid>/", record.record_meeting, name="record_meeting"),
    path("papers/<int:pk>/", record.record_paper, name="record_paper"),
    path("<slug:name>.<slug:fmt>", views.download, name="download"),
]
