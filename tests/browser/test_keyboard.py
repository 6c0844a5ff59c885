"""A keyboard-only journey for each role: no mouse, no clicks, no filled fields.

Each journey goes to its first page by address, then uses only the keys a keyboard
user has. Every tab stop must show a visible focus indicator; the skip link is
the first of them; the journey's end is checked in the database.
"""

import re

import pytest
from django.utils import timezone

from meetings.links import action_link
from meetings.models import Action, ActionUpdate, Meeting
from partnerships.models import Group, Organisation, Partnership
from reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "partnership-demo"
GOVUK_FOCUS = "rgb(255, 221, 0)"  # GOV.UK's focus colour, #ffdd00

# The focused element: its accessible name (near enough: aria-label, its label,
# its text with visually hidden parts, its value) and whether focus shows on it
# (a visible outline, a box shadow or the yellow focus background, on it or on
# the first element inside it, as GOV.UK's <summary> has).
FOCUSED = """(focusColour) => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shows = (node) => {
    if (!node) return false;
    const s = getComputedStyle(node);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && !/transparent|rgba\\(0, 0, 0, 0\\)/.test(s.outlineColor);
    return outline || s.boxShadow !== 'none' || s.backgroundColor === focusColour;
  };
  const label = el.labels && el.labels.length ? el.labels[0].textContent : '';
  const name = el.getAttribute('aria-label') || label || el.textContent || el.value || '';
  const box = el.getBoundingClientRect();
  return {
    name: name.replace(/\\s+/g, ' ').trim(),
    href: el.getAttribute('href'),
    shows: shows(el) || shows(el.firstElementChild),
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
    html: el.outerHTML.slice(0, 160),
  };
}"""


def focused(page):
    return page.evaluate(FOCUSED, GOVUK_FOCUS)


def tab_to(page, name, *, presses=120, backwards=False):
    """Press Tab (or Shift+Tab) until the focused element's accessible name is `name`
    (a string, or a pattern to search for). Every tab stop on the way must show
    its focus and be on screen. Fails after `presses` presses: a missing control
    or a keyboard trap."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(presses):
        page.keyboard.press(key)
        now = focused(page)
        if now is None:
            continue
        assert now["shows"], f"no visible focus indicator on {now['html']}"
        assert now["onScreen"], f"focus on an element off screen: {now['html']}"
        if name.search(now["name"]) if isinstance(name, re.Pattern) else now["name"] == name:
            return now
    pytest.fail(f"{presses} presses of {key} did not reach {name!r} on {page.url}")


def press(page, key):
    """Press a key that loads a page, and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)


def skip_link_first(page):
    first = tab_to(page, re.compile(""), presses=1)
    assert first["name"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def sign_in(page, base, email):
    """Sign in from the sign-in page, whose email field has the focus when it opens;
    then the skip link is the first tab stop of the home page."""
    page.goto(f"{base}/login/")
    assert focused(page)["name"] == "Email address"
    page.keyboard.type(email)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    press(page, "Enter")
    if "/login/code/" in page.url:
        # Two-factor is on for this account: type the code its authenticator shows.
        from tests.browser.conftest import current_code

        if (focused(page) or {}).get("name") != "Code":
            tab_to(page, "Code")
        page.keyboard.type(current_code(email))
        press(page, "Enter")
    assert page.url == f"{base}/", f"{email} was not signed in"
    skip_link_first(page)


def banner(page):
    return page.locator(".govuk-notification-banner").inner_text()


def _board():
    return Group.objects.get(
        partnership__name="Swindon Community Safety Partnership",
        name="Community Safety Partnership Board",
    )


def test_an_officer_updates_an_action_with_the_keyboard(page, live_server, demo):
    base = live_server.url
    sign_in(page, base, "officer@demo.test")
    board = _board()
    # From the officer's home: the board's overdue actions, a task that opens its tracker.
    link = tab_to(page, re.compile(r"^Community Safety Partnership Board: \d+ overdue"))
    assert link["href"] == f"/groups/{board.pk}/actions/"
    press(page, "Enter")
    tab_to(page, "Apply filters")
    # Past the filters and the column headings, to the first action in the table.
    first = tab_to(page, re.compile(r""), presses=1)
    while not re.search(r"/actions/\d+/$", first.get("href") or ""):
        first = tab_to(page, re.compile(r""), presses=1)
    action = Action.objects.get(pk=re.search(r"(\d+)/$", first["href"])[1])
    press(page, "Enter")

    tab_to(page, "Status now")
    page.keyboard.type("Done")  # a closed <select> takes the option typed
    tab_to(page, "What has happened")
    page.keyboard.type("Finished at the last board meeting.")
    tab_to(page, "Save the update")
    press(page, "Enter")

    assert "Update saved" in banner(page)
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert ActionUpdate.objects.filter(
        action=action, text="Finished at the last board meeting."
    ).exists()


def test_a_scrutiny_member_reaches_a_charts_data_with_the_keyboard(page, live_server, demo):
    base = live_server.url
    sign_in(page, base, "scrutiny@demo.test")
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    tab_to(page, swindon.name)
    press(page, "Enter")
    tab_to(page, "Scrutiny dashboard")
    press(page, "Enter")
    assert page.url == f"{base}/partnerships/{swindon.pk}/dashboard/"
    # The chart of findings is followed by its table, and the table by its downloads.
    csv = tab_to(page, "CSV file: Findings by severity")
    table = page.locator("table", has=page.locator("caption", has_text="Findings by severity"))
    assert table.locator("tbody tr").count() > 0
    assert table.is_visible()
    # Back through the page with Shift+Tab: the table's data stays reachable.
    tab_to(page, "Scrutiny dashboard", backwards=True)
    assert "format=csv" in csv["href"]


def test_a_chair_asks_for_the_board_pack_with_the_keyboard(page, live_server, demo):
    base = live_server.url
    sign_in(page, base, "chair@demo.test")
    board = _board()
    meeting = board.meetings.filter(status=Meeting.Status.SCHEDULED).order_by("date").last()
    # The demo's year of meetings is fixed: once its last meeting's day has passed, the
    # page lists it among the past meetings, under the shorter date.
    shown = "%A %-d " if meeting.date >= timezone.localdate() else "%-d %B %Y"
    link = tab_to(page, re.compile(r"^Community Safety Partnership Board"))
    assert link["href"] == board.get_absolute_url()
    press(page, "Enter")
    tab_to(page, "Meetings and attendance")
    press(page, "Enter")
    link = tab_to(page, re.compile(f"^{meeting.date.strftime(shown)}"))
    assert link["href"] == meeting.get_absolute_url()
    press(page, "Enter")
    tab_to(page, "Download the board pack (PDF)")
    press(page, "Enter")

    report = Report.objects.get(kind=Report.Kind.BOARD_PACK, meeting=meeting)
    assert report.requested_by.email == "chair@demo.test"
    assert page.url == f"{base}{report.get_absolute_url()}"


def test_an_admin_adds_an_organisation_with_the_keyboard(page, live_server, demo):
    base = live_server.url
    sign_in(page, base, "admin@demo.test")
    tab_to(page, "Organisations")
    press(page, "Enter")
    tab_to(page, "Add an organisation")
    press(page, "Enter")
    tab_to(page, "Name")
    page.keyboard.type("Swindon Neighbourhood Watch")
    tab_to(page, "Kind")
    page.keyboard.type("Voluntary")
    tab_to(page, "Save")
    press(page, "Enter")

    assert banner(page)
    organisation = Organisation.objects.get(name="Swindon Neighbourhood Watch")
    assert organisation.kind == Organisation.Kind.VOLUNTARY_SECTOR


def test_an_action_owner_records_an_update_from_the_signed_link(page, live_server, demo):
    base = live_server.url
    action = Action.objects.open().filter(owner__isnull=False).order_by("pk").first()
    page.goto(action_link(action.owner, base=base))
    skip_link_first(page)
    tab_to(page, "Status now")
    page.keyboard.type("In progress")
    tab_to(page, "What has happened")
    page.keyboard.type("Meeting booked with the youth service.")
    tab_to(page, "Save the update")
    press(page, "Enter")

    assert "Update saved" in banner(page)
    update = ActionUpdate.objects.get(text="Meeting booked with the youth service.")
    assert update.action.owner == action.owner
    assert update.status == Action.Status.IN_PROGRESS
