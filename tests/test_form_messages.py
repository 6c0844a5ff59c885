"""Every form, as the GOV.UK Design System asks: sent empty, each error names its
field ("Enter the name of …", "Select the kind"), never Django's bare "This field
is required."; a list offers "Choose …", never "---------"; and a page with errors
says so first in its title."""

import re

import pytest
from django.test import Client

from tests.routes import by_name, case_id, cases, paths

pytestmark = pytest.mark.django_db

GENERIC = "This field is required."
BLANK = "---------"
# Who sees every form: an officer of partnership A, and an administrator.
WHO = ("officer_a", "admin")
FORM_CASES = cases(lambda route: not route.name.startswith(("api:", "reports:")))


def _client(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


def _forms(html):
    """The page's own forms: not the header's search or the sign-out button."""
    return [
        f
        for f in re.findall(r"<form\b[^>]*>", html)
        if 'method="post"' in f and "logout" not in f and 'role="search"' not in f
    ]


@pytest.mark.parametrize("case", FORM_CASES, ids=case_id)
def test_a_form_sent_empty_names_each_field_it_needs(world, settings, case):
    settings.OPEN_DATA_ENABLED = True
    name, variant = case
    path = paths(by_name()[name], world)[variant]
    for persona in WHO:
        client = _client(world, persona)
        response = client.get(path)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        if not _forms(page):
            continue
        assert BLANK not in page, f"{path}: a list offers {BLANK!r}"
        sent = client.post(path, {})
        if sent.status_code not in (200, 400, 409):
            continue
        body = sent.content.decode()
        assert GENERIC not in body, f"{path}: {GENERIC!r} names no field"
        if "govuk-error-summary" in body:
            title = re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip()
            assert title.startswith("Error: "), f"{path}: a page with errors titled {title!r}"
        return
