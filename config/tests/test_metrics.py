"""/metrics: counts of requests, task runs and emails in Prometheus's text format, read
back with prometheus_client's own parser; only for the bearer of METRICS_TOKEN."""

import logging
import shutil

import pytest
from django.core import mail
from django.core.mail import send_mail
from prometheus_client.parser import text_string_to_metric_families

from config import metrics
from config.celery import app, echo
from config.tests.brokers import RedisServer, free_port
from conftest import need
from partnerships.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "t0ken-for-the-scraper-" + "x" * 20
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(autouse=True)
def _token(settings):
    """A token set, and the counts kept in this process (Redis: see the last tests)."""
    settings.METRICS_TOKEN = TOKEN
    settings.REDIS_URL = ""


def scrape(client):
    """{(sample name, labels): value} of what /metrics shows, and {family: type}."""
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200
    samples, kinds = {}, {}
    for family in text_string_to_metric_families(response.content.decode()):
        kinds[family.name] = family.type
        for sample in family.samples:
            samples[sample.name, frozenset(sample.labels.items())] = sample.value
    return samples, kinds


def counted(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0)


def grew(before, after, name, **labels):
    return counted(after, name, **labels) - counted(before, name, **labels)


def test_without_a_token_set_there_is_nothing_here(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers=BEARER).status_code == 404


@pytest.mark.parametrize(
    "authorization", [None, f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", f"Token {TOKEN}", TOKEN]
)
def test_anything_but_the_token_is_refused(client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"csp_" not in response.content


def test_the_token_reads_prometheus_text(client, settings):
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    for name, kind in [
        ("csp_http_requests_total", "counter"),
        ("csp_http_request_duration_seconds", "histogram"),
        ("csp_celery_task_runs_total", "counter"),
        ("csp_emails_sent_total", "counter"),
    ]:
        assert f"# TYPE {name} {kind}\n" in body and f"# HELP {name} " in body
    _, kinds = scrape(client)
    assert kinds == {
        "csp_http_requests": "counter",
        "csp_http_request_duration_seconds": "histogram",
        "csp_celery_task_runs": "counter",
        "csp_emails_sent": "counter",
    }
    assert client.post("/metrics", headers=BEARER).status_code == 405


def test_it_counts_requests_by_method_view_and_status(client):
    before, _ = scrape(client)
    client.get("/healthz")
    client.get("/healthz?with=a-query")
    client.get("/no-such-page/")
    client.generic("BREW", "/healthz")
    after, _ = scrape(client)
    requests = "csp_http_requests_total"
    assert grew(before, after, requests, method="GET", view="healthz", status="200") == 2
    assert grew(before, after, requests, method="GET", view="unmatched", status="404") == 1
    assert grew(before, after, requests, method="other", view="healthz", status="200") == 1
    assert grew(before, after, requests, method="GET", view="metrics", status="200") == 1
    duration = "csp_http_request_duration_seconds"
    assert grew(before, after, f"{duration}_count", view="healthz") == 3
    assert grew(before, after, f"{duration}_bucket", view="healthz", le="+Inf") == 3
    assert grew(before, after, f"{duration}_sum", view="healthz") > 0
    buckets = [
        counted(after, f"{duration}_bucket", view="healthz", le=le)
        for le in ("0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf")
    ]
    assert buckets == sorted(buckets)  # cumulative
    assert buckets[-1] == counted(after, f"{duration}_count", view="healthz")


def test_it_counts_every_email_sent_and_every_failure(client, settings):
    """Mail from anywhere (here send_mail and Django's password reset) passes through
    the counting backend on its way to the one that delivers it."""
    settings.EMAIL_BACKEND = "config.metrics.CountingEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(email="officer@example.test")
    before, _ = scrape(client)
    assert send_mail("Agenda", "Ready.", None, ["ann@example.test"]) == 1
    assert client.post("/password-reset/", {"email": "officer@example.test"}).status_code == 302
    assert len(mail.outbox) == 2
    # A mail server that is not there: the email fails, and says so to its sender.
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    with pytest.raises(ConnectionRefusedError):
        send_mail("Agenda", "Ready.", None, ["ann@example.test"])
    assert client.post("/password-reset/", {"email": "officer@example.test"}).status_code == 302
    after, _ = scrape(client)
    assert grew(before, after, "csp_emails_sent_total", outcome="sent") == 2
    assert grew(before, after, "csp_emails_sent_total", outcome="failed") == 2


@app.task(name="config.tests.fails", autoretry_for=(), max_retries=0)
def fails():
    raise ValueError("cannot")


_tries = []


@app.task(name="config.tests.fails_once", bind=True, max_retries=1)
def fails_once(self):
    _tries.append(1)
    if len(_tries) == 1:
        raise self.retry(exc=ConnectionError("briefly away"), countdown=0)
    return "done"


def test_it_counts_task_runs_by_outcome(client):
    before, _ = scrape(client)
    assert echo.delay("x").get() == "x"
    app.conf.task_eager_propagates = False  # as on a worker; the tests' fixture puts it back
    assert fails.delay().failed()
    assert fails_once.delay().get() == "done"
    after, _ = scrape(client)
    runs = "csp_celery_task_runs_total"
    assert grew(before, after, runs, task="config.echo", outcome="succeeded") == 1
    assert grew(before, after, runs, task="config.tests.fails", outcome="failed") == 1
    assert grew(before, after, runs, task="config.tests.fails_once", outcome="retried") == 1
    assert grew(before, after, runs, task="config.tests.fails_once", outcome="succeeded") == 1


def test_a_redis_that_does_not_answer_loses_counts_not_requests(client, settings, caplog):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    with caplog.at_level(logging.WARNING, logger="config.metrics"):
        assert client.get("/healthz").status_code == 200
        assert client.get("/healthz").status_code == 200
    # One warning: then Redis is left alone for a while.
    [warning] = [r for r in caplog.records if r.name == "config.metrics"]
    assert warning.getMessage().startswith("Not counted for /metrics: Redis did not answer")
    assert client.get("/metrics", headers=BEARER).status_code == 503


@pytest.mark.services
def test_the_counts_are_kept_in_redis_for_every_process(client, settings):
    need(shutil.which("redis-server"), "redis-server, for a Redis of the test's own")
    redis = RedisServer().start()
    try:
        settings.REDIS_URL = redis.url
        client.get("/healthz")
        metrics.count_task("reports.build_report", "failed")  # as a worker elsewhere would
        failed = {"task": "reports.build_report", "outcome": "failed"}
        samples, _ = scrape(client)
        assert counted(samples, "csp_celery_task_runs_total", **failed) == 1
        healthz = {"method": "GET", "view": "healthz", "status": "200"}
        assert counted(samples, "csp_http_requests_total", **healthz) == 1
        settings.REDIS_URL = ""  # this process's own counts never had them
        samples, _ = scrape(client)
        assert not counted(samples, "csp_celery_task_runs_total", **failed)
    finally:
        redis.stop()
