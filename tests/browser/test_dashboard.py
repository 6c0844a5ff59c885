"""The scrutiny dashboard and the findings list in the browser, for each role."""

import pytest

from partnerships.models import Partnership
from tests.browser.conftest import crawl, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("email", ["scrutiny@demo.test", "officer@demo.test", "chair@demo.test"])
def test_the_dashboards_pass_axe_for_each_role(page, live_server, demo, email):
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    scb = Partnership.objects.get(name="Safer Communities Board")
    sign_in(page, live_server.url, email, "partnership-demo")
    role = email.split("@")[0]
    failures = crawl(
        page,
        live_server.url,
        {
            "dashboard-swindon": f"/partnerships/{swindon.pk}/dashboard/",
            "dashboard-scb": f"/partnerships/{scb.pk}/dashboard/",
            "findings": "/health/",
            "findings-filtered": f"/health/?partnership={swindon.pk}&severity=high",
        },
        f"scrutiny-{role}",
    )
    assert failures == {}
    assert page.csp_violations == []


def test_the_dashboard_opens_a_finding_to_its_record(page, live_server, demo):
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    sign_in(page, live_server.url, "scrutiny@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}/partnerships/{swindon.pk}/dashboard/")
    screenshot(page, "scrutiny-dashboard-before-opening")
    page.locator("summary", has_text="No Terms of Reference").click()
    page.get_by_role("link", name="County Lines Strategic Board").first.click()
    assert page.locator("h1").inner_text() == "County Lines Strategic Board"
