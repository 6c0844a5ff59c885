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


def test_an_officer_finds_a_co_funder_by_name_and_confirms_a_late_award(page, live_server, demo):
    grant = Grant.objects.filter(
        partnership__name="Swindon Community Safety Partnership",
        status=Grant.Status.ACTIVE,
        planned_start__isnull=False,
        award_date__isnull=False,
    ).first()
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}/funding/grants/{grant.pk}/edit/")
    finder = page.get_by_label("Find in the list of co-funders")
    boxes = page.locator("#div_id_co_funders .govuk-checkboxes__item")
    total = boxes.count()
    assert total > 12
    finder.fill("police")
    visible = [b for b in boxes.all() if b.is_visible()]
    assert 0 < len(visible) < total
    assert all("police" in b.inner_text().lower() for b in visible)
    assert f"{len(visible)} of {total} shown" in page.locator(".app-list-filter").inner_text()
    visible[0].locator("input").check()
    chosen = visible[0].inner_text().strip()
    finder.fill("")
    assert boxes.locator("input:checked").count() >= 1

    start = grant.planned_start
    page.get_by_role("group", name="Award date").get_by_label("Day").fill(str(start.day))
    page.get_by_role("group", name="Award date").get_by_label("Month").fill(str(start.month))
    page.get_by_role("group", name="Award date").get_by_label("Year").fill(str(start.year + 1))
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "is after the planned start" in summary
    assert page.title().startswith("Error: ")
    screenshot(page, "grant-late-award-confirm")
    assert axe_violations(page) == []
    page.get_by_label("Yes, the grant was awarded after its planned start").check()
    page.get_by_role("button", name="Save").click()
    assert (
        f"Grant “{grant.title}” saved." in page.locator(".govuk-notification-banner").inner_text()
    )
    grant.refresh_from_db()
    assert grant.award_date.year == start.year + 1
    assert chosen in [str(o) for o in grant.co_funders.all()]
