"""Email through GOV.UK Notify, against a stand-in for Notify's API on loopback: a
real HTTP server that checks each request's signed token as Notify does, takes the
email, or refuses an address it is told to."""

import datetime
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from django.core.mail import EmailMessage, get_connection, send_mail

from config.notify import NotifyEmailBackend, NotifyRefused, NotifyUnavailable
from meetings.tests.factories import ActionFactory
from partnerships.tests.factories import PersonFactory
from reminders.models import Reminder
from reminders.services import send_reminders

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"council_live-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.uuid4())
REFUSED = "refused@example.test"


class NotifyStandIn(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
            assert claims["iss"] == SERVICE_ID
        except (jwt.InvalidTokenError, AssertionError, KeyError):
            return self._answer(
                403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]}
            )
        if self.path != "/v2/notifications/email":
            return self._answer(404, {"errors": [{"error": "NotFound"}]})
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if body["email_address"] == REFUSED:
            message = "Can’t send to this recipient using a team-only API key"
            return self._answer(400, {"errors": [{"error": "BadRequestError", "message": message}]})
        NotifyStandIn.received.append(body)
        self._answer(201, {"id": str(uuid.uuid4()), "reference": None, "content": {}})

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def notify(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotifyStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    NotifyStandIn.received = []
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.EMAIL_BACKEND = "config.notify.NotifyEmailBackend"
    yield NotifyStandIn.received
    server.shutdown()
    server.server_close()


def test_an_email_fills_the_councils_template_with_its_subject_and_body(notify):
    assert send_mail("Agenda published", "The agenda is ready.", None, ["ann@example.test"]) == 1
    [sent] = notify
    assert sent["template_id"] == TEMPLATE_ID and sent["email_address"] == "ann@example.test"
    assert sent["personalisation"] == {
        "subject": "Agenda published",
        "body": "The agenda is ready.",
    }


def test_an_attachment_is_left_out_and_the_body_says_so(notify):
    message = EmailMessage("Meeting", "See you there.", to=["ann@example.test"])
    message.attach("meeting.ics", "BEGIN:VCALENDAR", "text/calendar")
    message.send()
    assert notify[0]["personalisation"]["body"].endswith("is on the service.)")


def test_a_refusal_names_the_address_and_what_notify_said(notify):
    connection = get_connection()
    message = EmailMessage("Hello", "Body", to=[REFUSED])
    with pytest.raises(NotifyRefused, match="refused@example.test.*team-only API key"):
        connection.send_messages([message])
    assert get_connection(fail_silently=True).send_messages([message]) == 0


def test_a_reminder_run_records_notifys_refusal_against_that_email_and_sends_the_rest(
    notify, settings, board
):
    settings.SITE_URL = "https://governance.example.test"
    on = datetime.date(2026, 11, 23)
    ActionFactory(group=board, owner=PersonFactory(email="olu@example.test"), due=on)
    ActionFactory(group=board, owner=PersonFactory(email=REFUSED), due=on)
    outcome = send_reminders(on)
    assert (outcome.digests, outcome.failed) == (1, 1)
    assert [m["email_address"] for m in notify] == ["olu@example.test"]
    refused = Reminder.objects.get(person__email=REFUSED)
    assert refused.status == Reminder.Status.PENDING  # the next run tries it again
    assert "NotifyRefused" in refused.error and "team-only API key" in refused.error


def test_notify_that_cannot_be_reached_stops_the_run_as_a_mail_server_away(notify, settings):
    settings.NOTIFY_BASE_URL = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(NotifyUnavailable, match="not answering: 503"):
        NotifyEmailBackend().send_messages([EmailMessage("Hi", "Body", to=["a@example.test"])])


def test_a_notice_notify_refuses_does_not_hold_the_others_back(notify, board):
    from reminders import notices
    from reminders.models import Notice

    people = [PersonFactory(email=a) for a in ("a@example.test", REFUSED, "c@example.test")]
    notices.tell(Notice.Kind.ACTION_ASSIGNED, "k", people=people, subject="S", body="B", url="/")
    assert notices.send_pending() == (2, 1)
    assert sorted(m["email_address"] for m in notify) == ["a@example.test", "c@example.test"]
    refused = Notice.objects.get(person=people[1])
    assert refused.status == Notice.Status.PENDING and "team-only API key" in refused.error
