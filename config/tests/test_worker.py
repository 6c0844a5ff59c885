"""A real Celery worker, started as a process, takes a task from Redis and answers."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import need

ROOT = Path(__file__).resolve().parents[2]


def _redis_reachable(url):
    if not url:
        return False
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:
        return False
    return True


@pytest.mark.services
def test_it_round_trips_a_task_through_a_worker():
    url = os.environ.get("REDIS_URL", "")
    need(_redis_reachable(url), f"a reachable Redis (REDIS_URL={url!r})")

    from celery import Celery

    queue = f"test-{os.getpid()}-{time.time_ns()}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "CELERY_BROKER_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    try:
        client = Celery(broker=url, backend=url)
        result = client.send_task("config.echo", args=["round trip"], queue=queue)
        assert result.get(timeout=60) == "round trip"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
