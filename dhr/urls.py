from django.urls import path

from dhr import views

app_name = "dhr"

urlpatterns = [
    path(
        "partnerships/<int:pk>/domestic-homicide-reviews/",
        views.register,
        name="register",
    ),
    path(
        "partnerships/<int:pk>/domestic-homicide-reviews/new/",
        views.review_create,
        name="review_create",
    ),
    path("domestic-homicide-reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("domestic-homicide-reviews/<int:pk>/edit/", views.review_edit, name="review_edit"),
    path(
        "domestic-homicide-reviews/<int:pk>/recommendations/new/",
        views.recommendation_create,
        name="recommendation_create",
    ),
]
