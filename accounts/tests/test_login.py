import pytest
from django.core import mail

from partnerships.tests.factories import UserFactory


@pytest.mark.django_db
def test_it_signs_in_with_email_and_password(client):
    UserFactory(email="officer@example.test")
    response = client.post(
        "/login/", {"username": "Officer@Example.test", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_it_explains_a_wrong_password_and_signs_nobody_in(client):
    UserFactory(email="officer@example.test")
    response = client.post("/login/", {"username": "officer@example.test", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Enter a correct email address and password." in response.content.decode()
    assert "There is a problem" in response.content.decode()


@pytest.mark.django_db
def test_it_sends_anonymous_users_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


@pytest.mark.django_db
def test_it_signs_out_on_post_only(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_emails_a_password_reset_link_that_sets_a_new_password(client):
    UserFactory(email="officer@example.test")
    response = client.post("/password-reset/", {"email": "officer@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0]
    response = client.post(form_path, {"new_password1": "short", "new_password2": "short"})
    assert "at least 12 characters" in response.content.decode()
    response = client.post(
        form_path,
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
    )
    assert response.status_code == 302
    response = client.post(
        "/login/", {"username": "officer@example.test", "password": "a-long-new-passphrase"}
    )
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.django_db
def test_it_sends_nothing_for_an_unknown_address(client):
    response = client.post("/password-reset/", {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert mail.outbox == []
