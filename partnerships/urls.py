from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/new/", views.partnership_create, name="partnership_create"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("partnerships/<int:pk>/edit/", views.partnership_edit, name="partnership_edit"),
    path(
        "partnerships/<int:pk>/members/add/",
        views.partnership_member_add,
        name="partnership_member_add",
    ),
    path(
        "partnerships/<int:pk>/members/<int:member_pk>/remove/",
        views.partnership_member_remove,
        name="partnership_member_remove",
    ),
    path("partnerships/<int:pk>/structure/", views.structure, name="structure"),
    path(
        "partnerships/<int:pk>/board-links/new/", views.board_link_create, name="board_link_create"
    ),
    path("board-links/<int:pk>/edit/", views.board_link_edit, name="board_link_edit"),
    path("board-links/<int:pk>/remove/", views.board_link_remove, name="board_link_remove"),
    path("board-links/<int:pk>/protocol/", views.board_link_protocol, name="board_link_protocol"),
    path("partnerships/<int:pk>/terms-of-reference/", views.tor_register, name="tor_register"),
    path("partnerships/<int:pk>/load/", views.load, name="load"),
    path("partnerships/<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/archive/", views.group_archive, name="group_archive"),
    path("groups/<int:pk>/terms-of-reference/", views.group_tor, name="group_tor"),
    path("groups/<int:pk>/members/add/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/deputies/", views.seat_deputies, name="seat_deputies"),
    path("deputies/<int:pk>/remove/", views.deputy_remove, name="deputy_remove"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/archive/", views.organisation_archive, name="organisation_archive"
    ),
    path("register/import/", views.register_import, name="register_import"),
    path("register/export.xlsx", views.register_export, name="register_export"),
    path("register/template.xlsx", views.register_template, name="register_template"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/archive/", views.person_archive, name="person_archive"),
    path("people/<int:pk>/personal-data/", views.person_data, name="person_data"),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
]
