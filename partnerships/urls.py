from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list, name="partnership_list"),
    path("<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
]
