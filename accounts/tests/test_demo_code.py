"""The demo administrator's authenticator, and the command that shows its code."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.accounts import DEMO_TOTP_KEY
from partnerships.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)


def test_the_demo_administrator_has_an_authenticator_with_the_documented_key(demo):
    device = TOTPDevice.objects.get(user__email="admin@demo.test")
    assert device.confirmed and device.key == DEMO_TOTP_KEY
    assert not TOTPDevice.objects.exclude(user__email="admin@demo.test").exists()


def test_it_prints_a_code_that_signs_the_demo_administrator_in(demo, client, capsys):
    call_command("demo_code", "admin@demo.test")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    response = client.post(
        "/login/", {"username": "admin@demo.test", "password": "partnership-demo"}
    )
    assert response.url == "/login/code/"
    response = client.post("/login/code/", {"code": code})
    assert response.status_code == 302 and response.url == "/"


def test_it_refuses_an_account_that_is_not_a_demo_account(db):
    user = UserFactory(email="real@council.example")
    TOTPDevice.objects.create(user=user, name="Authenticator app")
    with pytest.raises(CommandError, match="Only demo accounts"):
        call_command("demo_code", "real@council.example")


def test_it_says_when_the_demo_has_not_been_loaded(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("demo_code", "admin@demo.test")
