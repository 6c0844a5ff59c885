from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="open_data"),
    path("index.json", views.catalogue, name="catalogue"),
    path("<slug:name>.<slug:fmt>", views.download, name="download"),
]
