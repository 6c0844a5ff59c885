"""Test helpers: the Celery app of this process pointed at a broker of the test's
choosing (one that is not there, or a Redis the test starts and stops), and real
Celery worker processes (the `start_worker` fixture of conftest.py starts them)."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from kombu import pools

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    """A port nothing listens on (bound and let go at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def broker_at(url, *, queue=None):
    """Tasks go to the broker at `url`, not inline, until the block ends. (The write
    URL, as the CELERY_BROKER_URL environment variable would win over broker_url.)"""
    conf = app.conf
    saved = conf.get("broker_write_url"), conf.task_always_eager, conf.task_default_queue
    conf.broker_write_url, conf.task_always_eager = url, False
    conf.task_default_queue = queue or saved[2]
    _forget_connections()
    try:
        yield app
    finally:
        conf.broker_write_url, conf.task_always_eager, conf.task_default_queue = saved
        _forget_connections()


def _forget_connections():
    # The app keeps its broker connections in pools made for the URL it first used,
    # and kombu keeps them by URL: both are closed and forgotten.
    pools.reset()
    app._pool = app.amqp._producer_pool = None


class RedisServer:
    """A redis-server of the test's own, on a free port, that it may stop and start."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


def redis_reachable(url):
    """Whether a Redis answers at `url`."""
    if not url:
        return False
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:
        return False


def new_queue():
    """A queue name no other test or run uses."""
    return f"test-{os.getpid()}-{time.time_ns()}"


def worker_process(url, queue, *, database=None, output=None, **env):
    """A Celery worker process of this project taking tasks from `queue` at the broker
    `url`, its results stored there too. `database` (Django's settings of a PostgreSQL
    connection) is the database it uses; `output`, an open file its log lines go to
    (else this process's standard error); other keywords are settings' environment
    variables for it (MEDIA_ROOT, time limits)."""
    if database is not None:
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        )
    return subprocess.Popen(
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
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "CELERY_BROKER_URL": url,
            "CELERY_RESULT_BACKEND": url,
            "CELERY_QUEUE": queue,
            **{name: str(value) for name, value in env.items()},
        },
        stderr=output,
    )


def stop_worker(worker):
    if worker.poll() is None:
        worker.terminate()
        worker.wait(timeout=30)
