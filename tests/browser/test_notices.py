"""Notifications in the browser, with a real mail server on loopback catching the email."""

import datetime
import email
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from meetings.workdays import is_working_day
from partnerships.models import Group, Membership
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Inbox:
    """An SMTP server's handler that keeps every message it is given."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 Message accepted"


def _working_day(day):
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


@pytest.fixture
def inbox(settings):
    handler = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield handler
    controller.stop()


def test_the_agenda_published_reaches_every_member_with_the_meeting_for_their_calendar(
    page, live_server, demo, inbox
):
    board = Group.objects.get(
        partnership__name="Swindon Community Safety Partnership",
        name="Community Safety Partnership Board",
    )
    meeting = Meeting.objects.create(
        group=board,
        date=_working_day(timezone.localdate() + datetime.timedelta(days=21)),
        start_time=datetime.time(14),
        place="Civic Offices",
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Night-time economy")
    # Each member at their account's address if they have one, else the register's.
    members = {
        getattr(getattr(m.person, "user", None), "email", None) or m.person.email
        for m in Membership.objects.current(meeting.date)
        .filter(group=board)
        .select_related("person__user")
    } - {""}
    assert len(members) >= 5

    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("button", name="Publish the agenda").click()
    assert "Agenda published." in page.locator(".govuk-notification-banner").inner_text()

    told = {rcpt for rcpts, _ in inbox.messages for rcpt in rcpts}
    assert told == members  # each member once, nobody else
    assert len(inbox.messages) == len(members)
    _, message = inbox.messages[0]
    assert (
        " ".join(message["Subject"].split())
        == f"Agenda published: {board.name}, {meeting.date:%-d %B %Y}"
    )
    [invitation] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    calendar = invitation.get_payload(decode=True).decode()
    assert "BEGIN:VEVENT" in calendar and str(meeting.uid) in calendar


def test_an_owners_update_reaches_the_officers_notifications(page, live_server, demo, inbox):
    from meetings.links import action_link
    from meetings.models import Action

    action = Action.objects.filter(
        group__partnership__name="Swindon Community Safety Partnership",
        status=Action.Status.OPEN,
        item__isnull=True,
    ).first()
    page.goto(f"{live_server.url}{action_link(action.owner)}")
    form = page.locator(f"form:has(input[name='action'][value='{action.pk}'])")
    form.get_by_label("What has happened").fill("Spoke to the licensing team.")
    form.get_by_role("button", name="Save the update").click()
    assert "Update saved" in page.locator(".govuk-notification-banner").inner_text()

    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    unread = page.get_by_role("link", name="Notifications 1 unread")
    assert unread.count() == 1
    unread.click()
    listed = page.locator("main").inner_text()
    assert f"{action.owner} updated an action of {action.group.name}" in listed
    screenshot(page, "notifications-officer")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Choose how you hear of each kind").click()
    screenshot(page, "notification-choices")
    assert axe_violations(page) == []
    assert any(rcpt == ["officer@demo.test"] for rcpt, _ in inbox.messages)


def test_the_officer_sends_an_owner_their_link_from_the_tracker(page, live_server, demo, inbox):
    from meetings.models import Action

    action = (
        Action.objects.filter(
            group__partnership__name="Swindon Community Safety Partnership",
            status=Action.Status.OPEN,
            item__isnull=True,
            owner__email__contains="@",
        )
        .select_related("owner", "group")
        .first()
    )
    sign_in(page, live_server.url, "officer@demo.test", "partnership-demo")
    tracker = f"{live_server.url}/groups/{action.group_id}/actions/?sort=due"
    page.goto(tracker)
    page.get_by_role(
        "link", name=f"Email their link to {action.owner.name}, for action {action.pk}"
    ).click()
    assert page.locator("h1").inner_text() == f"Email {action.owner.name} their link"
    screenshot(page, "send-link-ask")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send the link").click()
    assert page.url == tracker
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert f"{action.owner.name} has been emailed their link." in banner
    [(to, message)] = [m for m in inbox.messages if m[0] == [action.owner.email]]
    body = (
        message.get_payload(0).get_payload(decode=True).decode()
        if message.is_multipart()
        else message.get_payload(decode=True).decode()
    )
    assert "/actions/update/" in body
