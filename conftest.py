"""Shared fixtures: named personas, and the rule for tests that need a service.

Outside CI, a test whose service (PostgreSQL, Redis, a browser) is missing is
skipped with its reason. With CI=true it fails instead: CI must prove the
real stack.
"""

import os

import pytest

from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config):
    """Each process of a parallel run keeps its own keys in the shared cache (Redis in
    CI): one's marks (a queued recompute, a request count) are not another's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from django.conf import settings

        settings.CACHES["default"]["KEY_PREFIX"] = f"test-{worker}"


@pytest.fixture(autouse=True)
def _tasks_inline(request):
    """Tasks run inline in tests, even in CI where a broker is configured, except in
    tests marked `worker`, which start a real Celery worker and go through Redis."""
    from config.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def _two_factor_for_admins(request, settings):
    """Tests sign administrators in with force_login, which gives no code: two-factor is
    required of administrators only in tests marked `two_factor`."""
    if not request.node.get_closest_marker("two_factor"):
        settings.OTP_REQUIRED_FOR_ADMINS = False


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """Accounts are made by the thousand here: their passwords get a quick hash. Signing
    in works the same; the production hashers are those of config/settings.py."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_apart(settings, tmp_path_factory):
    """Files saved in a test (the demo's meeting papers, uploads) go to a folder of its
    own, not the project's media folder; a test or module that points elsewhere
    (tests/routes.py's world) keeps its folder."""
    from config import settings as configured

    if str(settings.MEDIA_ROOT) == str(configured.MEDIA_ROOT):
        settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _api_limits_off(settings):
    """The API's request counts live in the cache, which outlasts a test: the limits are
    off in tests except where a test sets a rate (api/tests/test_throttling.py)."""
    settings.API_RATE_PER_USER = settings.API_RATE_PER_ADDRESS = None


@pytest.fixture
def start_worker(request, settings, tmp_path):
    """Real Celery worker processes, for a test marked `worker`. `start_worker()` starts
    one on this test's own queue (`start_worker.queue`) at the configured broker, or at
    `broker=`, with this test's database when it is PostgreSQL (another process sees
    it) and MEDIA_ROOT under tmp_path, its log lines to `output` (an open file) if
    given; other keywords are its environment (time limits). This process's Celery
    app sends there, not inline. Every worker started is stopped after the test."""
    from django.db import connection

    from config.celery import app
    from config.tests.brokers import new_queue, stop_worker, worker_process

    assert request.node.get_closest_marker("worker"), "mark the test `worker`"
    queue, workers = new_queue(), []
    saved = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    settings.MEDIA_ROOT = tmp_path
    database = connection.settings_dict if connection.vendor == "postgresql" else None

    def start(broker=None, output=None, **env):
        worker = worker_process(
            broker or settings.CELERY_BROKER_URL,
            queue,
            database=database,
            output=output,
            MEDIA_ROOT=tmp_path,
            **env,
        )
        workers.append(worker)
        return worker

    start.queue = queue
    yield start
    for worker in workers:
        stop_worker(worker)
    app.conf.task_always_eager, app.conf.task_default_queue = saved


@pytest.fixture
def recompute_findings(db):
    """Bring the kept governance health findings up to date, as the background
    recompute does once a change commits: a test's changes never commit."""
    from scrutiny.findings import recompute_all

    return recompute_all


def need(available, reason):
    """Skip (locally) or fail (in CI) when a required service is missing."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def wait_for_lock_waiters(count, tries=400):
    """Return once `count` connections to this database wait on a row lock
    (PostgreSQL), so a concurrency test knows its requests really collide."""
    import time

    from django.db import connection

    with connection.cursor() as cursor:
        for _ in range(tries):
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.05)
    raise AssertionError(f"{count} connections never waited on a lock")


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Northshire Community Safety Partnership")


@pytest.fixture
def board(partnership):
    return GroupFactory(partnership=partnership, name="Northshire CSP Board", kind="board")


@pytest.fixture
def officer(partnership):
    return UserFactory(email="officer@example.test", role="officer", partnerships=[partnership])


@pytest.fixture
def other_officer(db):
    elsewhere = PartnershipFactory(name="Southshire Community Safety Partnership")
    return UserFactory(email="other@example.test", role="officer", partnerships=[elsewhere])


@pytest.fixture
def chair(board):
    person = PersonFactory(name="Pat Chair")
    MembershipFactory(person=person, group=board, role="chair")
    return UserFactory(email="chair@example.test", role="chair", person=person)


@pytest.fixture
def scrutiny_member(partnership):
    return UserFactory(email="cllr@example.test", role="scrutiny", partnerships=[partnership])


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.test", role="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    """Signed in, but with no role that reads the register: an action owner."""
    return UserFactory(email="outsider@example.test", role="owner")
