"""Funding in the browser: Worcestershire's table 1 reproduced on the page, an
officer's allocation refused beyond the budget then made, and axe on every
funding page for each role."""

import pytest

from funding.models import Allocation, AllocationFormula, Budget, Grant
from partnerships.models import Partnership
from tests.browser.conftest import axe_violations, crawl, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Table 1 of the Worcestershire report of 2011, as printed (TBC where it says so).
TABLE_1 = [
    ["Community Safety Fund", "£575,000", "£544,338", "£275,000"],
    ["WCC Community Safety Grant Contribution", "£132,000", "£100,000", "TBC"],
    ["Total income", "£707,000", "£644,338", "TBC"],
    ["Expenditure"],
    ["SCB Commissioning", "£32,975", "£20,000", "TBC"],
    ["Drug and Alcohol Action Team", "£89,000", "£69,000", "TBC"],
    ["WCC Community Safety Team", "£35,000", "£28,000", "TBC"],
    ["Bromsgrove CSP", "£87,574", "£71,695", "£37,440"],
    ["Redditch CSP", "£90,327", "£107,400", "£56,086"],
    ["S Worcs CSP", "£269,882", "£238,858", "£124,735"],
    ["Wyre Forest CSP", "£102,995", "£109,385", "£57,122"],
]


def test_the_demo_statement_reproduces_table_1(page, live_server, demo):
    scb = Partnership.objects.get(name="Safer Communities Board")
    sign_in(page, live_server.url, "scrutiny@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}/partnerships/{scb.pk}/funding/")
    assert page.get_by_label("Financial year").input_value() == "2012/13"
    rows = page.locator("table.app-statement tbody tr")
    seen = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("th, td")
        # The first line of a total cell is the figure (a TBC total notes the sum so far below).
        seen.append(
            [cells.nth(j).inner_text().split("\n")[0].strip() for j in range(cells.count())]
        )
    assert seen[: len(TABLE_1)] == TABLE_1
    assert seen[len(TABLE_1)][0] == "Total expenditure"
    headers = page.locator("table.app-statement thead th").all_inner_texts()
    assert headers == ["Funding", "2010/11", "2011/12", "2012/13 provisional"]
    assert "£753 more than the income of £707,000" in page.locator("main").inner_text()
    screenshot(page, "funding-statement-table-1")
    assert axe_violations(page) == []
    assert page.csp_violations == []


def test_an_officer_allocates_within_the_budget_only(page, live_server, demo):
    budget = Budget.objects.get(holder__name="Swindon Community Safety Partnership", year=2026)
    room = budget.amount - budget.committed_now()
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}{budget.get_absolute_url()}")
    page.get_by_role("link", name="Allocate money").click()
    page.get_by_label("Recipient").fill("Street Pastors")
    page.get_by_label("Amount").fill(f"{room / 100 + 0.01:.2f}")
    page.get_by_role("button", name="Save").click()
    assert "more than the budget allows" in page.locator(".govuk-error-summary").inner_text()
    screenshot(page, "funding-allocation-refused")
    assert axe_violations(page) == []
    assert not Allocation.objects.filter(recipient_name="Street Pastors").exists()

    page.get_by_label("Amount").fill("10,000")
    page.get_by_role("button", name="Save").click()
    assert "Street Pastors" in page.locator("main").inner_text()
    assert Allocation.objects.get(recipient_name="Street Pastors").amount == 10_000_00


def _funding_paths():
    scb = Partnership.objects.get(name="Safer Communities Board")
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    budget = Budget.objects.get(holder=swindon, year=2026)
    formula = AllocationFormula.objects.get(holder=scb)
    late = Grant.objects.filter(title="Appropriate Adults").first()
    return scb, swindon, budget, formula, late


def test_every_funding_page_passes_axe_for_each_role(page, live_server, demo):
    scb, swindon, budget, formula, late = _funding_paths()
    reads = {
        "index": "/funding/",
        "grants": "/funding/grants/",
        "grants-filtered": f"/funding/grants/?partnership={swindon.pk}&year=2020/21",
        "grant": late.get_absolute_url(),
        "budget": budget.get_absolute_url(),
        "formula": formula.get_absolute_url(),
        "formula-what-if": f"{formula.get_absolute_url()}?pot=275383",
        "statement-scb": f"/partnerships/{scb.pk}/funding/",
        "statement-swindon": f"/partnerships/{swindon.pk}/funding/?year=2020/21",
    }
    changes = {
        "budget-new": f"/funding/budgets/new/?holder={swindon.pk}",
        "budget-edit": f"/funding/budgets/{budget.pk}/edit/",
        "allocate": f"/funding/budgets/{budget.pk}/allocate/",
        "grant-new": "/funding/grants/new/",
        "grant-edit": f"/funding/grants/{late.pk}/edit/",
        "return-new": f"/funding/grants/{late.pk}/returns/new/",
        "evaluation": f"/funding/grants/{late.pk}/evaluation/",
        "stream-new": "/funding/streams/new/",
        "portfolio-new": "/funding/portfolios/new/",
        "formula-new": f"/partnerships/{swindon.pk}/formulas/new/",
    }
    admin_only = {
        "formula-values": f"/funding/formulas/{formula.pk}/values/",
        "formula-confirm": f"/funding/formulas/{formula.pk}/confirm/",
        "formula-indicator": f"/funding/formulas/{formula.pk}/indicators/new/",
        "formula-area": f"/funding/formulas/{formula.pk}/areas/new/",
    }
    failures = {}
    sign_in(page, live_server.url, "scrutiny@demo.test", "partnership-demo")
    failures.update(crawl(page, live_server.url, reads, "funding-scrutiny"))
    page.context.clear_cookies()
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    failures.update(crawl(page, live_server.url, {**reads, **changes}, "funding-officer"))
    page.context.clear_cookies()
    sign_in(page, live_server.url, "admin@demo.test", "partnership-demo")
    failures.update(crawl(page, live_server.url, admin_only, "funding-admin"))
    # A form with its errors showing.
    page.goto(f"{live_server.url}/funding/budgets/{budget.pk}/allocate/")
    page.get_by_role("button", name="Save").click()
    screenshot(page, "funding-allocation-errors")
    if violations := axe_violations(page):
        failures["allocation-errors"] = violations
    assert failures == {}
    assert page.csp_violations == []
