"""A scrutiny review in the browser: a scrutiny member starts it, scopes it from
the bank, takes evidence, records a key issue and a recommendation; an officer of
the partnership records the response and creates an action that appears in the
group's tracker; the follow-up shows on the partnership's dashboard when it is due. Axe on every review page for each role."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Action
from partnerships.models import Group
from scrutiny.models import Recommendation, Review, Witness
from scrutiny.tasks import recompute_all_findings
from tests.browser.conftest import axe_violations, crawl, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "partnership-demo"
SWINDON = "Swindon Community Safety Partnership"


def _fill_date(scope, day):
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def _save(page, failures, name, button="Save"):
    """Check the page with axe, then press its button."""
    if violations := axe_violations(page):
        failures[name] = violations
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_a_review_from_start_to_the_dashboard(page, live_server, demo, monkeypatch):
    today = timezone.localdate()
    failures = {}
    sign_in(page, live_server.url, "scrutiny@demo.test", PASSWORD)
    page.get_by_role("link", name="Scrutiny", exact=True).click()
    page.get_by_role("link", name="Start a review").click()
    page.get_by_label("Title").fill("Anti-social behaviour in the town centre")
    page.get_by_label("Committee").fill("Adults' Health, Care and Housing Scrutiny Committee")
    page.get_by_label("Kind of review").select_option(label="Task group")
    page.get_by_label(SWINDON).check()
    page.get_by_label("Terms of reference").fill("How the partnership tackles ASB at night.")
    _fill_date(page.get_by_role("group", name="Started"), today - datetime.timedelta(days=30))
    page.get_by_label("Stage").select_option(label="Scoping")
    _save(page, failures, "create")
    review = Review.objects.get(title="Anti-social behaviour in the town centre")
    assert page.url.endswith(review.get_absolute_url())

    # Scope: three questions from the bank, then one edited for this review.
    page.get_by_role("link", name="Choose questions from the bank").click()
    page.get_by_label("Does the CSP have strong leadership?").check()
    page.get_by_label("Is the CSP actions-oriented?").check()
    page.get_by_label("What is the experience of victims of crime within the CSP's area?").check()
    screenshot(page, "scrutiny-flow-scope")
    _save(page, failures, "scope", button="Save the scope")
    assert "3 questions added" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Edit the question “Is the CSP actions-oriented?”").click()
    page.get_by_label("Question").fill("Is the CSP's ASB group actions-oriented?")
    _save(page, failures, "question-edit")
    assert "Is the CSP's ASB group actions-oriented?" in page.locator("main").inner_text()
    assert review.questions.filter(source__isnull=False).count() == 3

    # Evidence, with a witness.
    page.get_by_role("link", name="Record evidence").click()
    page.get_by_label("Source of evidence").select_option(label="Interview")
    _fill_date(page.get_by_role("group", name="Date"), today - datetime.timedelta(days=7))
    page.get_by_label("Title").fill("Interview with the Community Safety Manager")
    page.get_by_label("Notes").fill("Late-night disorder is concentrated in two streets.")
    _save(page, failures, "evidence")
    page.get_by_role(
        "link", name="Add a witness to Interview with the Community Safety Manager"
    ).click()
    page.get_by_label("Name").fill("Marcus Demoby")
    page.get_by_label("Role or job title").fill("Community Safety Manager")
    page.get_by_label("Organisation").select_option(label="Swindon Borough Council")
    _save(page, failures, "witness")
    assert (
        "Marcus Demoby, Community Safety Manager, Swindon Borough Council"
        in page.locator("main").inner_text()
    )

    # A key issue and a recommendation to the partnership, with a follow-up date.
    page.get_by_role("link", name="Record a key issue").click()
    page.get_by_label("Theme").select_option(label="Effectiveness")
    page.get_by_label("Key issue").fill("No one owns the night-time economy plan.")
    _save(page, failures, "finding")
    page.get_by_role("link", name="Record a recommendation").click()
    page.get_by_role("button", name="Save").click()
    screenshot(page, "scrutiny-flow-recommendation-errors")
    assert (
        "Say who the recommendation is addressed to"
        in page.locator(".govuk-error-summary").inner_text()
    )
    if violations := axe_violations(page):
        failures["recommendation-errors"] = violations
    page.get_by_label("Reference").fill("1")
    page.get_by_label("Recommendation", exact=True).fill(
        "Name an accountable lead for the night-time economy plan."
    )
    page.get_by_label("Addressed to a partnership").select_option(label=SWINDON)
    _fill_date(page.get_by_role("group", name="Response due"), today + datetime.timedelta(days=30))
    follow_up = today + datetime.timedelta(days=180)
    _fill_date(page.get_by_role("group", name="Follow-up due"), follow_up)
    _save(page, failures, "recommendation")
    recommendation = Recommendation.objects.get(review=review)
    assert recommendation.follow_up_due == follow_up
    screenshot(page, "scrutiny-flow-review-by-member")

    # The officer of the partnership responds and creates an action.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "officer@demo.test", PASSWORD)
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    page.get_by_role("link", name="Record the response to recommendation 1").click()
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("What the response says").fill("Accepted by the CSP Board.")
    page.get_by_label("Implementation").select_option(label="In progress")
    _save(page, failures, "respond", button="Save the response")
    recommendation.refresh_from_db()
    assert recommendation.response == Recommendation.Response.ACCEPTED
    assert recommendation.response_date == today

    page.get_by_role("link", name="Create an action from recommendation 1").click()
    page.get_by_label("Tracker of the group").select_option(
        label=f"{SWINDON}: Community Safety Partnership Board"
    )
    page.get_by_label("Action", exact=True).fill("Name the lead for the night-time economy plan.")
    page.get_by_label("Owner").select_option(label="Marcus Demoby, Swindon Borough Council")
    _fill_date(page.get_by_role("group", name="Due date"), today + datetime.timedelta(days=60))
    _save(page, failures, "action", button="Create the action")
    action = recommendation.actions.get()
    assert action.description == "Name the lead for the night-time economy plan."
    screenshot(page, "scrutiny-flow-review-with-action")

    board = Group.objects.get(partnership__name=SWINDON, name="Community Safety Partnership Board")
    page.goto(f"{live_server.url}/groups/{board.pk}/actions/")
    assert "Name the lead for the night-time economy plan." in page.locator("main").inner_text()
    screenshot(page, "scrutiny-flow-tracker")
    assert Action.objects.filter(pk=action.pk, group=board).exists()

    # The partnership's dashboard, as a scrutiny member sees it: nothing is due while
    # the follow-up is six months off; five months on it is due; a month past its date
    # it is overdue and a health finding, once the nightly run has recomputed the
    # findings. The live server runs in this process, so moving Django's clock moves
    # the server's (and ends the session: sign in again).
    dashboard = f"/partnerships/{board.partnership_id}/dashboard/"
    real_now = timezone.now
    for days_on, shown, overdue in ((0, False, False), (150, True, False), (211, True, True)):
        monkeypatch.setattr(
            timezone, "now", lambda d=days_on: real_now() + datetime.timedelta(days=d)
        )
        recompute_all_findings()  # the nightly run: the findings, then the dashboards
        page.context.clear_cookies()
        sign_in(page, live_server.url, "scrutiny@demo.test", PASSWORD)
        page.goto(f"{live_server.url}{dashboard}")
        main = page.locator("main").inner_text()
        assert ("1. Name an accountable lead" in main) is shown, days_on
        if not shown:
            continue
        row = page.locator("#follow-ups + table tr", has_text="Name an accountable lead")
        assert "Accepted" in row.inner_text()
        assert follow_up.strftime("%-d %B %Y") in row.inner_text()
        assert (row.locator(".govuk-tag", has_text="Overdue").count() == 1) is overdue
        finding = page.locator(
            "details", has_text="Recommendation 1 of Anti-social behaviour in the town centre"
        )
        assert (finding.count() > 0) is overdue
        screenshot(page, f"scrutiny-flow-dashboard-{days_on}-days-on")
        if violations := axe_violations(page):
            failures[f"dashboard-{days_on}"] = violations
    assert failures == {}
    assert page.csp_violations == []


def _paths():
    """The pages of the demo reviews: those anyone reads; those the scrutiny member
    changes (their own review, being scoped); those only an administrator changes
    (the parts of the Swindon review, which no councillor sat on); and those an
    officer of the partnership uses to respond."""
    reviews = {r.title: r for r in Review.objects.all()}
    swindon = reviews["Review of the Community Safety Partnership in Swindon"]
    wiltshire = reviews["Partnerships Task Group: the Community Safety Partnership"]
    worcs = reviews["Peer Review of Partnership Governance Arrangements"]
    own = reviews["Follow-up of the 2020 review of the Community Safety Partnership"]
    s = swindon.get_absolute_url()
    o = own.get_absolute_url()
    rec = swindon.recommendations.get(reference="4")
    finding = swindon.findings.first()
    session = swindon.evidence.first()
    question = own.questions.first()
    member = own.members.first()
    witness = Witness.objects.filter(session__review=swindon).first()
    reads = {
        "list": "/scrutiny/reviews/",
        "list-filtered": "/scrutiny/reviews/?status=monitoring",
        "library": "/scrutiny/library/",
        "library-filtered": "/scrutiny/library/?theme=communities&q=neighbourhood",
        "library-empty": "/scrutiny/library/?q=zeppelin",
        "swindon": s,
        "wiltshire": wiltshire.get_absolute_url(),
        "worcestershire": worcs.get_absolute_url(),
        "own": o,
    }
    changes = {
        "new": "/scrutiny/reviews/new/",
        "edit": f"{o}edit/",
        "member-new": f"{o}members/new/",
        "member-edit": f"{o}members/{member.pk}/edit/",
        "member-remove": f"{o}members/{member.pk}/remove/",
        "scope": f"{o}scope/",
        "question-new": f"{o}questions/new/",
        "question-edit": f"{o}questions/{question.pk}/edit/",
        "question-remove": f"{o}questions/{question.pk}/remove/",
        "evidence-new": f"{o}evidence/new/",
        "finding-new": f"{o}findings/new/",
        "recommendation-new": f"{o}recommendations/new/",
    }
    administers = {
        "evidence-edit": f"{s}evidence/{session.pk}/edit/",
        "witness-new": f"{s}evidence/{session.pk}/witnesses/new/",
        "witness-remove": f"{s}evidence/{witness.session_id}/witnesses/{witness.pk}/remove/",
        "finding-edit": f"{s}findings/{finding.pk}/edit/",
        "finding-withdraw": f"{s}findings/{finding.pk}/withdraw/",
        "recommendation-edit": f"{s}recommendations/{rec.pk}/edit/",
        "recommendation-withdraw": f"{s}recommendations/{rec.pk}/withdraw/",
    }
    responds = {
        "respond": f"{s}recommendations/{rec.pk}/response/",
        "action-new": f"{s}recommendations/{rec.pk}/actions/new/",
    }
    return reads, changes, administers, responds


def test_every_review_page_passes_axe_for_each_role(page, live_server, demo):
    reads, changes, administers, responds = _paths()
    failures = {}
    sign_in(page, live_server.url, "scrutiny@demo.test", PASSWORD)
    failures.update(crawl(page, live_server.url, {**reads, **changes}, "scrutiny-member"))
    page.context.clear_cookies()
    sign_in(page, live_server.url, "officer@demo.test", PASSWORD)
    failures.update(crawl(page, live_server.url, {**reads, **responds}, "scrutiny-officer"))
    page.context.clear_cookies()
    sign_in(page, live_server.url, "admin@demo.test", PASSWORD)
    failures.update(
        crawl(
            page,
            live_server.url,
            {**reads, **changes, **administers, **responds},
            "scrutiny-admin",
        )
    )
    # A response form with its errors showing.
    page.goto(f"{live_server.url}{responds['respond']}")
    page.get_by_label("Rejected").check()
    page.get_by_label("What the response says").fill("")
    page.get_by_role("button", name="Save the response").click()
    assert "Say what the response was." in page.locator(".govuk-error-summary").inner_text()
    screenshot(page, "scrutiny-admin-respond-errors")
    if violations := axe_violations(page):
        failures["respond-errors"] = violations
    assert failures == {}
    assert page.csp_violations == []
