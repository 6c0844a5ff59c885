"""Changing a password from Your account: the password validators apply."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/account/password/"
OLD = "correct-horse-battery"


def _change(client, new, old=OLD):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("elevenchars", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("qwertyuiop123", "This password is too common."),
    ],
)
def test_it_refuses_a_short_or_common_password(client, officer, new, message):
    client.force_login(officer)
    response = _change(client, new)
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(OLD)
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html


def test_it_needs_the_current_password(client, officer):
    client.force_login(officer)
    response = _change(client, "a-long-new-passphrase", old="not my password")
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(OLD)
    assert "Your old password was entered incorrectly." in response.content.decode()


def test_it_changes_the_password_and_keeps_the_person_signed_in(client, officer):
    client.force_login(officer)
    assert client.get(URL).status_code == 200
    response = _change(client, "a-long-new-passphrase")
    assert response.status_code == 302 and response.url == "/account/"
    officer.refresh_from_db()
    assert officer.check_password("a-long-new-passphrase")
    assert "Your password has been changed." in client.get("/account/").content.decode()
    assert client.get("/").status_code == 200  # still signed in
