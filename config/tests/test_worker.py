"""A real Celery worker, started as a process, takes a task from Redis and answers."""

import time

import pytest

from config.tests.brokers import redis_reachable
from conftest import need

pytestmark = [pytest.mark.services, pytest.mark.worker]


def test_it_round_trips_a_task_through_a_worker(settings, start_worker):
    url = settings.CELERY_BROKER_URL
    need(
        redis_reachable(url), f"a reachable Redis as the Celery broker (CELERY_BROKER_URL={url!r})"
    )

    from celery import Celery

    start_worker()
    client = Celery(broker=url, backend=url)
    result = client.send_task("config.echo", args=["round trip"], queue=start_worker.queue)
    assert result.get(timeout=60) == "round trip"


@pytest.mark.django_db
def test_readiness_asks_a_real_worker_for_an_answer(client, settings, start_worker):
    url = settings.CELERY_BROKER_URL
    need(
        redis_reachable(url), f"a reachable Redis as the Celery broker (CELERY_BROKER_URL={url!r})"
    )
    from config.health import worker_status

    assert worker_status() == "error: no worker answered"
    start_worker()
    deadline = time.monotonic() + 60  # the worker takes a few seconds to start
    while not (status := worker_status()).startswith("ok: ") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status == "ok: 1 answered"
    body = client.get("/readyz").json()
    assert body["worker"].startswith("ok: ") and body["broker"] == "ok"


def test_a_task_queued_in_a_request_logs_its_id_and_shows_in_the_metrics(
    client, settings, start_worker, tmp_path
):
    """The worker, another process, logs the task with the id of the request that queued
    it, and counts the run where the web process's /metrics reads it (Redis)."""
    url = settings.CELERY_BROKER_URL
    need(
        redis_reachable(url), f"a reachable Redis as the Celery broker (CELERY_BROKER_URL={url!r})"
    )
    import json

    from django.http import HttpResponse
    from django.test import RequestFactory
    from prometheus_client.parser import text_string_to_metric_families

    from config.celery import echo
    from config.logs import RequestIdMiddleware

    token = "a-token-for-the-scraper-of-32-chars"
    settings.METRICS_TOKEN, settings.REDIS_URL = token, url  # the counts: in this Redis

    def runs():
        response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        return sum(
            sample.value
            for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples
            if sample.name == "csp_celery_task_runs_total"
            and sample.labels == {"task": "config.echo", "outcome": "succeeded"}
        )

    log = tmp_path / "worker.log"
    with log.open("w") as output:
        start_worker(output=output, REDIS_URL=url, LOG_FORMAT="json", LOG_LEVEL="INFO")
    before = runs()
    queued = []

    def view(request):  # a view that queues a task, behind the real middleware
        queued.append(echo.delay("from a request"))
        return HttpResponse()

    request = RequestFactory().get("/", headers={"X-Request-ID": "req-to-worker"})
    assert RequestIdMiddleware(view)(request)["X-Request-ID"] == "req-to-worker"
    [result] = queued
    assert result.get(timeout=60) == "from a request"
    deadline = time.monotonic() + 10  # counted just after the result is stored
    while runs() == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert runs() == before + 1
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("task_id") == result.id]
    assert mine, lines
    for line in mine:
        assert line["request_id"] == "req-to-worker"
        assert line["task_name"] == "config.echo"
    assert any("succeeded" in line["message"] for line in mine)
