"""The scrutiny dashboard and the findings list in the browser, for each role."""

import pytest
from django.utils import timezone

from accounts.models import User
from partnerships.models import Group, Partnership
from scrutiny.models import HealthFinding
from tests.browser.conftest import axe_violations, crawl, screenshot, sign_in

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


def test_a_chair_answers_a_finding_and_a_scrutiny_member_reads_the_answer(
    page, live_server, demo
):
    chair = User.objects.get(email="chair@demo.test")
    finding = (
        HealthFinding.objects.open()
        .filter(group__in=Group.objects.chaired_by(chair.person_id), exempt=False)
        .order_by("pk")
        .first()
    )
    assert finding is not None, "the demo chair's group has a finding to answer"
    reason = "The panel is being merged into the board in April; no new terms until then."
    sign_in(page, live_server.url, "chair@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}/health/findings/{finding.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Answer the finding").click()
    assert axe_violations(page) == []
    page.get_by_label("Accepted: we know, and here is why").check()
    page.get_by_role("button", name="Save the answer").click()  # no reason, no date
    assert page.locator(".govuk-error-summary").is_visible()
    screenshot(page, "finding-answer-errors")
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="Why").fill(reason)
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill(str(timezone.localdate().year + 1))
    page.get_by_role("button", name="Save the answer").click()
    assert page.get_by_text("Answer saved.").is_visible()
    screenshot(page, "finding-answered")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "scrutiny@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}/health/?answered=yes")
    assert page.get_by_text(reason[:40]).first.is_visible()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/health/findings/{finding.pk}/")
    assert page.get_by_text(reason).first.is_visible()
    assert page.get_by_role("link", name="Answer the finding").count() == 0
    screenshot(page, "finding-read-by-scrutiny")
    assert axe_violations(page) == []
    assert page.csp_violations == []
