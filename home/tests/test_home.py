import pytest

from partnerships.tests.factories import GroupFactory, PartnershipFactory


def test_it_shows_an_officer_their_partnerships(client, officer, board, other_officer):
    client.force_login(officer)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Northshire Community Safety Partnership" in html
    assert "Southshire" not in html


def test_it_shows_a_chair_their_boards(client, chair, board):
    GroupFactory(name="Someone else's board")
    client.force_login(chair)
    html = client.get("/").content.decode()
    assert "Northshire CSP Board" in html
    assert "Someone else&#x27;s board" not in html


def test_it_shows_a_scrutiny_member_the_partnerships_in_scope(client, scrutiny_member):
    PartnershipFactory(name="Out of scope partnership")
    client.force_login(scrutiny_member)
    html = client.get("/").content.decode()
    assert "Partnerships your committee scrutinises" in html
    assert "Northshire Community Safety Partnership" in html
    assert "Out of scope partnership" not in html


def test_it_shows_an_empty_state_to_an_officer_with_no_partnerships(client, db):
    from partnerships.tests.factories import UserFactory

    client.force_login(UserFactory(role="officer"))
    html = client.get("/").content.decode()
    assert "You do not support any partnership yet" in html


def _grow(partnership, n):
    for _ in range(n):
        GroupFactory(partnership=partnership)
        PartnershipFactory()


@pytest.mark.parametrize(
    "persona", ["officer", "chair", "scrutiny_member", "admin_user", "outsider"]
)
def test_it_runs_a_fixed_number_of_queries_per_home_page(
    client, request, persona, partnership, board, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    client.get("/")  # warm the session
    # Every page: session, user (the session is saved at most once a minute).
    # Then per role: officer (partnership ids, partnerships, and the eight queries of
    # what to do next: home/tests/test_todo.py), chair (their groups, and six),
    # scrutiny (partnership ids, partnerships, and three), admin (partnerships); and
    # the open actions of whoever is a person in the register.
    expected = (
        2
        + {"officer": 10, "chair": 8, "scrutiny_member": 5, "admin_user": 1, "outsider": 0}[persona]
    )
    with django_assert_num_queries(expected):
        client.get("/")
    _grow(partnership, 15)
    with django_assert_num_queries(expected):
        assert client.get("/").status_code == 200
