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
