import pytest

from partnerships.tests.factories import GroupFactory


@pytest.mark.parametrize(
    ("persona", "view", "change"),
    [
        ("officer", True, True),
        ("other_officer", True, False),
        ("chair", True, False),
        ("scrutiny_member", True, False),
        ("admin_user", True, True),
        ("outsider", False, False),
    ],
)
def test_it_answers_who_may_view_and_change(request, persona, view, change, partnership, board):
    user = request.getfixturevalue(persona)
    assert user.has_perm("partnerships.view_partnership", partnership) is view
    assert user.has_perm("partnerships.change_partnership", partnership) is change
    assert user.has_perm("partnerships.view_group", board) is view
    assert user.has_perm("partnerships.change_group", board) is change


def test_it_lets_nobody_anonymous_in(partnership):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("partnerships.view_partnership", partnership)


@pytest.mark.parametrize("url", ["/partnerships/", "/partnerships/{p}/", "/groups/{g}/"])
def test_it_refuses_pages_to_a_user_without_a_reading_role(
    client, outsider, partnership, board, url
):
    client.force_login(outsider)
    assert client.get(url.format(p=partnership.pk, g=board.pk)).status_code == 403


def test_it_gives_404_for_a_group_that_does_not_exist(client, officer):
    client.force_login(officer)
    assert client.get("/groups/999999/").status_code == 404
    GroupFactory()
