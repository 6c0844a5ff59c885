"""The pages a council's information-governance team asks for, readable by anyone:
the accessibility statement, the privacy notice and the cookies page, with the
council's own details from its settings."""

import datetime

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

COUNCIL = {
    "COUNCIL_NAME": "Northshire Council",
    "COUNCIL_CONTACT_EMAIL": "safer@northshire.example",
    "COUNCIL_ADDRESS": "County Hall, Northtown",
    "DATA_PROTECTION_OFFICER_EMAIL": "dpo@northshire.example",
    "ICO_REGISTRATION": "Z1234567",
    "ACCESSIBILITY_STATEMENT_PREPARED": datetime.date(2026, 11, 2),
    "ACCESSIBILITY_STATEMENT_REVIEWED": datetime.date(2026, 12, 1),
    "ACCESSIBILITY_RESPONSE_DAYS": 7,
}


@override_settings(**COUNCIL)
def test_the_accessibility_statement_follows_the_model_with_the_councils_details(client):
    page = client.get("/accessibility/").content.decode()
    for heading in (
        "How accessible this service is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert heading in page
    assert "safer@northshire.example" in page and "in 7 working days" in page
    assert "prepared on 2 November 2026" in page and "last reviewed on 1 December 2026" in page
    assert "WCAG 2.2" in page


@override_settings(**COUNCIL)
def test_the_privacy_notice_names_the_controller_and_how_to_reach_them(client):
    page = client.get("/privacy/").content.decode()
    assert "Northshire Council is the data controller" in page
    assert "Z1234567" in page and "dpo@northshire.example" in page
    assert "Article 6(1)(e)" in page and "Information Commissioner" in page
    assert "deleted 30 days after they were made" in page and "after 7 days" in page


@override_settings(**COUNCIL)
def test_the_cookies_page_lists_every_cookie_a_visit_sets(client, officer):
    page = client.get("/cookies/").content.decode()
    # Signing in, a message and a form: every cookie they set is on the page.
    client.force_login(officer)
    client.get("/login/")
    names = set(client.cookies)
    assert names and all(f">{name}<" in page for name in names), names
    assert "messages" in page and "30 minutes" in page


def test_every_page_links_to_them(client):
    page = client.get("/login/").content.decode()
    for path in ("/accessibility/", "/privacy/", "/cookies/"):
        assert f'href="{path}"' in page
