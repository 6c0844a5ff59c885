import time

import pytest

from partnerships.tests.factories import UserFactory


@pytest.mark.django_db
def test_it_pushes_the_expiry_forward_at_most_once_a_minute(client, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client.force_login(UserFactory())
    client.get("/")
    first = client.session["seen"]
    client.get("/")
    assert client.session["seen"] == first  # no write within the minute
    session = client.session
    session["seen"] = first - 61
    session.save()
    client.get("/")
    assert client.session["seen"] >= int(time.time()) - 1
    assert client.session.get_expiry_age() == 30 * 60


@pytest.mark.django_db
def test_an_idle_session_signs_the_user_out(client, settings):
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200
    from django.contrib.sessions.models import Session

    Session.objects.update(expire_date="2000-01-01T00:00:00Z")
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/login/")
