"""An officer keeps the register in the browser; every screen passes axe."""

import pytest

from partnerships.models import Group, Organisation, Partnership, Person
from strategy.models import Indicator, Priority
from tests.browser.conftest import axe_violations, crawl, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_officer_creates_a_group_with_three_members_and_its_tor(
    page, live_server, demo, tmp_path
):
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    board = Group.objects.get(partnership=swindon, name="Community Safety Partnership Board")
    people = list(Person.objects.filter(memberships__group=board).distinct().order_by("name")[:3])
    tor = tmp_path / "night-time-economy-tor.pdf"
    tor.write_bytes(PDF)

    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}{swindon.get_absolute_url()}")
    page.get_by_role("link", name="Add a group").click()
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("Night-time Economy Group")
    page.get_by_label("Kind").select_option("task_and_finish")
    page.get_by_label("Purpose").fill("Keep the town centre safe at night.")
    page.get_by_label("Reports to").select_option(label=f"{swindon.name} / {board.name}")
    page.get_by_label("Meets").select_option("bimonthly")
    page.get_by_label("Quorum").fill("3")
    page.get_by_label("Terms of Reference", exact=True).set_input_files(str(tor))
    approved = page.get_by_role("group", name="Terms of Reference approved")
    approved.get_by_label("Day").fill("1")
    approved.get_by_label("Month").fill("4")
    approved.get_by_label("Year").fill("2026")
    review = page.get_by_role("group", name="Terms of Reference review due")
    review.get_by_label("Day").fill("1")
    review.get_by_label("Month").fill("4")
    review.get_by_label("Year").fill("2027")
    screenshot(page, "register-group-form")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == "Night-time Economy Group"
    assert "Group added." in page.locator(".govuk-notification-banner").inner_text()

    for person in people:
        page.get_by_role("link", name="Add a member").click()
        page.get_by_label("Person").select_option(label=person.name)
        page.get_by_label("Role").select_option("member")
        page.get_by_role("button", name="Save").click()
        assert "Member added." in page.locator(".govuk-notification-banner").inner_text()
    members = page.get_by_role("table", name="Members").locator("tbody tr")
    assert members.count() == 3
    assert "Current" in page.locator(".govuk-summary-list").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the Terms of Reference").click()
    assert download.value.suggested_filename.endswith("Terms of Reference.pdf")
    screenshot(page, "register-new-group")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/partnerships/{swindon.pk}/structure/")
    assert "Night-time Economy Group" in page.locator("svg").inner_html()
    assert page.get_by_role("link", name="Night-time Economy Group").count() == 1
    screenshot(page, "register-structure-chart")
    assert axe_violations(page) == []


def test_every_register_screen_has_no_axe_violations(page, live_server, demo):
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    group = Group.objects.filter(partnership=swindon).order_by("pk").first()
    person = Person.objects.order_by("pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    worcs = Partnership.objects.get(name="Safer Communities Board")
    paths = {
        "groups": "/groups/?has_tor=no",
        "organisations": "/organisations/",
        "people": "/people/",
        "organisation": organisation.get_absolute_url(),
        "person": person.get_absolute_url(),
        "tor-register": f"/partnerships/{swindon.pk}/terms-of-reference/",
        "load": f"/partnerships/{swindon.pk}/load/",
        "structure-worcestershire": f"/partnerships/{worcs.pk}/structure/",
        "partnership-form": f"/partnerships/{swindon.pk}/edit/",
        "group-form": f"/groups/{group.pk}/edit/",
        "membership-form": f"/groups/{group.pk}/members/add/",
        "organisation-form": "/organisations/new/",
        "person-form": "/people/new/",
        "member-organisation-form": f"/partnerships/{swindon.pk}/members/add/",
        "import": "/register/import/",
        "confirm-remove": f"/partnerships/{swindon.pk}/members/{swindon.members.first().pk}/remove/",
        "strategy": f"/partnerships/{swindon.pk}/strategy/",
        "strategy-wiltshire": f"/partnerships/{Partnership.objects.get(name='Wiltshire Community Safety Partnership').pk}/strategy/",
        "priority": Priority.objects.filter(plan__partnership=swindon).last().get_absolute_url(),
        "indicator": Indicator.objects.filter(partnership=swindon).first().get_absolute_url(),
        "indicator-values-form": f"/partnerships/{swindon.pk}/indicator-values/",
        "plan-form": f"/partnerships/{swindon.pk}/plans/new/",
        "assessment-form": f"/partnerships/{swindon.pk}/assessments/new/",
        "indicator-form": f"/partnerships/{swindon.pk}/indicators/new/",
        "priority-form": f"/priorities/{Priority.objects.filter(plan__partnership=swindon).last().pk}/edit/",
        "milestone-form": f"/priorities/{Priority.objects.filter(plan__partnership=swindon).last().pk}/milestones/new/",
        "target-form": f"/indicators/{Indicator.objects.filter(partnership=swindon).first().pk}/targets/new/",
    }
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    failures = crawl(page, live_server.url, paths, "register")
    # a form with errors is a page too
    page.goto(f"{live_server.url}/people/new/")
    page.get_by_role("button", name="Save").click()
    screenshot(page, "register-person-form-errors")
    if axe_violations(page):
        failures["/people/new/ (errors)"] = axe_violations(page)
    assert failures == {}
    assert page.csp_violations == []


def test_a_save_over_someone_elses_change_is_explained_and_passes_axe(page, live_server, demo):
    from accounts.models import User

    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}/partnerships/{swindon.pk}/edit/")
    page.get_by_label("Area").fill("Borough of Swindon")
    # Meanwhile the administrator changes the same partnership.
    swindon.notes = "Merger with Wiltshire under discussion."
    swindon._history_user = User.objects.get(email="admin@demo.test")
    swindon.save()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Someone else changed this record while you were editing it" in summary
    assert "changed the notes" in summary
    assert page.get_by_label("Area").input_value() == "Borough of Swindon"
    assert "Merger with Wiltshire under discussion." in page.locator("main").inner_text()
    screenshot(page, "register-stale-edit")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    swindon.refresh_from_db()
    assert swindon.area == "Borough of Swindon"
    assert swindon.notes == "Merger with Wiltshire under discussion."


def test_an_update_saved_over_one_recorded_meanwhile_is_explained_and_passes_axe(
    page, live_server, demo
):
    from django.utils import timezone

    from strategy.models import PriorityUpdate

    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    priority = Priority.objects.filter(plan__partnership=swindon).last()
    period_end = priority.next_update_period(timezone.localdate())  # the quarter preselected
    priority.updates.filter(period_end=period_end).delete()
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}{priority.get_absolute_url()}")
    page.get_by_label("RAG status").select_option("red")
    page.get_by_label("Key messages").fill("The hotspot pilot has slipped a month.")
    # Meanwhile someone else records the quarter's update.
    PriorityUpdate.objects.create(
        priority=priority, period_end=period_end, rag="green", key_messages="On track."
    )
    page.get_by_role("button", name="Save the quarterly update").click()

    summary = page.locator(".govuk-error-summary").inner_text()
    assert "did not say which version of the record it was edited from" in summary
    assert "so nothing was saved" in summary
    assert page.get_by_label("Key messages").input_value() == "On track."
    entered = page.locator("#what-you-entered").inner_text()
    assert "The hotspot pilot has slipped a month." in entered
    screenshot(page, "strategy-unversioned-edit")
    assert axe_violations(page) == []
    page.get_by_label("Key messages").fill("On track, but the hotspot pilot has slipped a month.")
    page.get_by_role("button", name="Save the quarterly update").click()
    update = priority.updates.get(period_end=period_end)
    assert update.key_messages == "On track, but the hotspot pilot has slipped a month."
    assert update.rag == "green"
