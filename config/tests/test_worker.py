"""A real Celery worker, started as a process, takes a task from Redis and answers."""

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
