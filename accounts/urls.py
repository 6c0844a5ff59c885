from django.urls import path

from accounts import directory, views

app_name = "accounts"

urlpatterns = [
    path("login/code/", views.two_factor_verify, name="two_factor_verify"),
    path("login/directory/", directory.SignInThroughDirectory.as_view(), name="directory_login"),
    path("login/directory/back/", directory.BackFromDirectory.as_view(), name="directory_callback"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/reminders/", views.reminders, name="reminders"),
    path("account/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/set-up/start/", views.two_factor_start, name="two_factor_start"),
    path("account/two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("account/two-factor/turn-off/", views.two_factor_turn_off, name="two_factor_turn_off"),
]
