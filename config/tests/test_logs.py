"""Each request has an id, on its response and on every line logged while it is
answered, and one line of its own that holds no personal data (config/logs.py)."""

import io
import json
import logging
import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from config.logs import ContextFilter, JsonFormatter, RequestIdMiddleware, TextFormatter
from partnerships.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The JSON lines logged during the test, as the console handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    saved = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(saved)


def _request_lines(lines):
    return [line for line in lines if line["logger"] == "config.requests"]


def test_it_keeps_a_safe_request_id_and_replaces_any_other(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2_x"})
    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-7f3a.2_x"
    for unsafe in ("has space", "x" * 65, 'quote"d', "new\nline", ""):
        response = client.get("/healthz", headers={"X-Request-ID": unsafe})
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"]), unsafe
    first, second = (client.get("/healthz")["X-Request-ID"] for _ in range(2))
    assert first != second


def test_it_logs_one_line_per_request_with_no_query_string_or_email(client, log_lines):
    user = UserFactory(email="pat.officer@example.test")
    client.force_login(user)
    response = client.get("/search/?q=pat.officer@example.test", headers={"X-Request-ID": "req-1"})
    assert response.status_code == 200
    [line] = _request_lines(log_lines())
    assert line["request_id"] == "req-1"
    assert line["message"].startswith("GET /search/ 200 ")
    assert (line["method"], line["path"], line["status"]) == ("GET", "/search/", 200)
    assert line["view"] == "search" and line["user_id"] == user.pk
    assert isinstance(line["duration_ms"], float)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert "example.test" not in json.dumps(log_lines())
    assert "q=" not in json.dumps(line)


def test_a_signed_link_is_logged_as_its_route_not_its_token(client, log_lines):
    client.get("/actions/update/a-secret-signed-token/")
    [line] = _request_lines(log_lines())
    assert line["path"] == "/actions/update/<str:token>/"
    assert "a-secret-signed-token" not in json.dumps(line)
    assert line["user_id"] is None


def test_what_django_logs_while_answering_carries_the_requests_id(log_lines):
    response = Client(enforce_csrf_checks=True).post(
        "/login/?next=/", {"username": "x"}, headers={"X-Request-ID": "req-403"}
    )
    assert response.status_code == 403
    warning = next(line for line in log_lines() if line["logger"] == "django.security.csrf")
    assert warning["message"].startswith("Forbidden (CSRF cookie not set.): /login/")
    assert warning["request_id"] == "req-403"
    assert "request" not in warning  # an object: its text would hold the query string
    assert "next=" not in json.dumps(log_lines())


def test_an_unknown_address_is_counted_as_unmatched_not_by_its_path(client, log_lines):
    client.get("/no-such-page/")
    [line] = _request_lines(log_lines())
    assert line["view"] == "unmatched" and line["status"] == 404


def test_a_task_run_inline_logs_with_the_requests_id_and_its_own(log_lines):
    """Without a broker a task runs in the request that queues it: its lines carry the
    request's id and the task's id and name; after it, the request's id alone."""
    from config.celery import echo

    def view(request):
        echo.delay("inline")
        logging.getLogger("config").info("after the task")
        return HttpResponse()

    RequestIdMiddleware(view)(RequestFactory().get("/", headers={"X-Request-ID": "req-echo"}))
    [done] = [line for line in log_lines() if line["logger"] == "celery.app.trace"]
    assert done["request_id"] == "req-echo"
    assert done["task_name"] == "config.echo" and done["task_id"]
    after = next(line for line in log_lines() if line["message"] == "after the task")
    assert after["request_id"] == "req-echo" and "task_id" not in after
    logging.getLogger("config").info("after the request")
    assert log_lines()[-1]["request_id"] is None


def test_the_request_line_costs_no_query(client, settings):
    """The user's id is logged only when the page looked the user up."""
    client.force_login(UserFactory())
    client.get("/")  # the session's first refresh is written
    with CaptureQueriesContext(connection) as with_it:
        assert client.get("/").status_code == 200
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "config.logs.RequestIdMiddleware"]
    with CaptureQueriesContext(connection) as without_it:
        assert client.get("/").status_code == 200
    assert len(with_it) == len(without_it)


def _record(**extra):
    record = logging.LogRecord("config.x", logging.ERROR, __file__, 1, "Failed %s", ("x",), None)
    record.__dict__.update(extra)
    ContextFilter().filter(record)
    return record


def test_an_exception_is_one_string_field_and_objects_are_left_out():
    try:
        raise ValueError("bad value")
    except ValueError:
        import sys

        record = _record(exc_info=sys.exc_info(), request=object(), status_code=500, ok=True)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Failed x" and entry["level"] == "ERROR"
    assert entry["logger"] == "config.x" and entry["request_id"] is None
    assert (
        entry["exc_info"].startswith("Traceback") and "ValueError: bad value" in entry["exc_info"]
    )
    assert entry["status_code"] == 500 and entry["ok"] is True
    assert "request" not in entry


def test_text_lines_are_for_a_person():
    line = TextFormatter().format(_record())
    assert re.fullmatch(r"\d{4}-\d\d-\d\d [\d:,]+ ERROR config\.x \[-\] Failed x", line)
