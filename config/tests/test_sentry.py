"""With SENTRY_DSN set, an error in a request reaches Sentry tagged with the request's
id, and nothing about the person goes with it: Django is started in a process of its
own with a DSN whose host is a stand-in Sentry on loopback, which keeps what it gets."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Run in the new process: a view that fails, mounted beside the product's own URLs
# for this process only and served by Django's WSGI handler on loopback, asked for
# with personal data in every place a request can carry it; then Sentry's queue is
# sent.
FAILING_REQUEST = """
import django

django.setup()

import threading
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import sentry_sdk
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def fails(request):
    raise RuntimeError("the view failed")


urlpatterns = [path("fails/", fails), path("", include("config.urls"))]


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


# Sessions in a signed cookie: this process needs no database.
with override_settings(
    ROOT_URLCONF=__name__, SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"
):
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.server_port}/fails/?email=query.person@example.test",
        data=b"email=form.person%40example.test",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "sessionid=cookie-of-pat.person@example.test",
            "X-Request-ID": "req-for-sentry",
            "X-Forwarded-For": "203.0.113.9",
        },
    )
    try:
        urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        print(error.code)
    server.shutdown()
sentry_sdk.flush(timeout=10)
"""


class SentryStandIn(BaseHTTPRequestHandler):
    received = []  # (path, envelope)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        elif self.headers.get("Content-Encoding") == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append((self.path, body.decode()))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    SentryStandIn.received = []
    yield server.server_address[1], SentryStandIn.received
    server.shutdown()
    server.server_close()


def _events(envelope):
    """The error events in one envelope: a header line, then each item's header and
    payload on a line each."""
    lines = envelope.splitlines()[1:]
    for header, payload in zip(lines[::2], lines[1::2], strict=False):
        if json.loads(header).get("type") == "event":
            yield json.loads(payload)


def test_an_error_in_a_request_reaches_sentry_with_its_request_id_and_no_personal_data(
    sentry, tmp_path
):
    port, received = sentry
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SENTRY_") and k not in {"REDIS_URL", "CELERY_BROKER_URL"}
    }
    result = subprocess.run(
        [sys.executable, "-c", FAILING_REQUEST],
        cwd=ROOT,
        env={
            **keep,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
            "SENTRY_DSN": f"http://public-key@127.0.0.1:{port}/1",
            "SENTRY_ENVIRONMENT": "test-suite",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500"]
    assert received, "nothing reached the stand-in Sentry"
    assert {path for path, _ in received} == {"/api/1/envelope/"}
    events = [event for _, envelope in received for event in _events(envelope)]
    failed = [e for e in events if e.get("exception")]
    assert failed, events
    event = failed[0]
    [exception] = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "the view failed")
    assert event["tags"]["request_id"] == "req-for-sentry"
    assert event["environment"] == "test-suite"
    assert event["request"]["url"].endswith("/fails/")
    assert event["request"]["method"] == "POST"
    everything = "\n".join(envelope for _, envelope in received)
    for personal in ("example.test", "cookie-of", "203.0.113.9", "sessionid"):
        assert personal not in everything, personal
    assert not event["request"].get("query_string")
    assert "cookies" not in event["request"] and "data" not in event["request"]
    assert "ip_address" not in event.get("user", {})
    for frame in exception["stacktrace"]["frames"]:
        assert "vars" not in frame  # a frame's variables could hold anyone's details


def test_a_signed_links_token_and_the_referer_never_reach_sentry():
    from config.sentry import _tagged

    event = {
        "request": {
            "url": "https://csp.example.gov.uk/actions/update/abc.def-secret/",
            "headers": {"Referer": "https://csp.example.gov.uk/search/?q=Ann+Lee", "Accept": "*/*"},
        }
    }
    scrubbed = _tagged(event, {})["request"]
    assert "abc.def-secret" not in scrubbed["url"]
    assert scrubbed["headers"] == {"Accept": "*/*"}
    plain = {"request": {"url": "https://csp.example.gov.uk/groups/3/"}}
    assert _tagged(plain, {})["request"]["url"] == "https://csp.example.gov.uk/groups/3/"
