"""Downloads under the lists and tables in the browser: the links pass axe, keep
the filters, and the file holds what the page lists."""

import csv
import io

import pytest
from openpyxl import load_workbook

from partnerships.models import Organisation, Partnership
from tests.browser.conftest import axe_violations, crawl, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    return download.suggested_filename, download.path().read_bytes()


def test_an_officer_downloads_a_filtered_list_as_csv_and_xlsx(page, live_server, demo):
    police = Organisation.objects.filter(kind="police").order_by("name").first()
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}/people/")
    page.get_by_label("Organisation").select_option(label=police.name)
    page.get_by_role("button", name="Apply filters").click()
    shown = page.locator("table tbody tr td:first-child a").all_inner_texts()
    assert shown
    assert f"Download this list ({len(shown)} row" in page.locator("main").inner_text()
    screenshot(page, "exports-people-filtered")
    assert axe_violations(page) == []

    name, body = _download(page, "CSV file: People in the register")
    assert name.startswith("people-") and name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Archived", "Email"]
    assert [r[0] for r in rows[1:]] == shown

    name, body = _download(page, "Excel (XLSX) workbook: People in the register")
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == shown


def test_a_scrutiny_member_downloads_the_figures_beside_a_dashboard_chart(page, live_server, demo):
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    sign_in(page, live_server.url, "scrutiny@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}/partnerships/{swindon.pk}/dashboard/")
    table = page.get_by_role("table", name="By organisation")
    shown = table.locator("tbody th").all_inner_texts()
    name, body = _download(page, "CSV file: Attendance by organisation")
    assert name.startswith("attendance-by-organisation-swindon-community-safety-partnership-")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Organisation", "Meetings expected", "Represented", "Rate (%)"]
    assert [r[0] for r in rows[1:]] == shown
    assert axe_violations(page) == []


def test_the_pages_with_downloads_have_no_axe_violations(page, live_server, demo):
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    group = swindon.groups.order_by("pk").first()
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    failures = crawl(
        page,
        live_server.url,
        {
            "partnerships": "/partnerships/",
            "groups": "/groups/?kind=board",
            "organisations": "/organisations/",
            "people": "/people/",
            "tor": f"/partnerships/{swindon.pk}/terms-of-reference/",
            "load": f"/partnerships/{swindon.pk}/load/",
            "strategy": f"/partnerships/{swindon.pk}/strategy/",
            "tracker": f"/groups/{group.pk}/actions/",
            "meetings": f"/groups/{group.pk}/meetings/",
            "funding": "/funding/",
            "grants": "/funding/grants/",
            "reviews": "/scrutiny/reviews/",
            "health": "/health/",
            "dashboard": f"/partnerships/{swindon.pk}/dashboard/",
        },
        "exports",
    )
    assert failures == {}
