"""One beat schedules at a time (config/beat.py): its lease in a real Redis started
for these tests, and django-celery-beat's schedules sending due tasks into it."""

import time

import pytest
import redis
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from config.beat import LOCK_KEY, Lease, SingleBeatScheduler
from config.tests.brokers import RedisServer, broker_at, free_port, new_queue


@pytest.fixture(scope="module")
def server():
    started = RedisServer().start()
    yield started
    started.stop()


@pytest.fixture(autouse=True)
def _free_lease(server):
    redis.Redis.from_url(server.url).delete(LOCK_KEY)


def test_the_lease_goes_to_one_beat_until_it_lets_go(server):
    first, second = Lease(server.url, 30), Lease(server.url, 30)
    assert first.hold() and not second.hold()
    assert first.hold(), "the holder renews it"
    first.release()
    assert second.hold() and not first.hold()


def test_a_beat_that_died_is_replaced_when_its_lease_runs_out(server):
    dead, standing_by = Lease(server.url, 0.3), Lease(server.url, 0.3)
    assert dead.hold() and not standing_by.hold()
    time.sleep(0.5)  # the dead beat renews nothing
    assert standing_by.hold() and not dead.hold()


def test_a_beat_that_cannot_reach_redis_schedules_nothing(caplog):
    lease = Lease(f"redis://127.0.0.1:{free_port()}/0", 30)
    assert lease.hold() is False
    assert "schedules nothing" in caplog.text


@pytest.fixture
def echo(server, settings):
    """An echo due every second, and the queue beat sends it to: (its name, Redis)."""
    settings.REDIS_URL = server.url
    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="Echo", task="config.echo", interval=every_second, args='["tick"]'
    )
    return new_queue(), redis.Redis.from_url(server.url)


# Committed, as beat's own database work is: django-celery-beat closes a connection
# that is inside a transaction, which would end a test's.
@pytest.mark.django_db(transaction=True)
def test_only_the_beat_holding_the_lease_sends_due_tasks(server, echo, settings):
    settings.BEAT_LOCK_SECONDS = 30
    queue, queued = echo
    with broker_at(server.url, queue=queue) as app:
        first, second = SingleBeatScheduler(app=app), SingleBeatScheduler(app=app)
        first.tick()
        assert second.tick() == 10, "the other waits a third of the lease"
        assert first.scheduling and not second.scheduling
        time.sleep(1.1)  # the echo is due
        first.tick()
        sent = queued.llen(queue)
        assert sent >= 1, "the holder sends what is due"
        second.tick()
        assert queued.llen(queue) == sent, "the one standing by sends nothing"
        first.close()
        second.tick()
        assert second.scheduling, "the lease let go is taken at the next tick"
        time.sleep(1.1)
        second.tick()
        assert queued.llen(queue) > sent, "and the echo goes on"
        second.close()


@pytest.mark.django_db(transaction=True)
def test_a_beat_that_lost_the_lease_during_a_tick_sends_nothing(server, echo):
    queue, queued = echo
    with broker_at(server.url, queue=queue) as app:
        beat = SingleBeatScheduler(app=app)
        beat.tick()
        # Another beat takes over while this one is between its check and its sending.
        queued.delete(LOCK_KEY)
        assert Lease(server.url, 30).hold()
        entry = beat.schedule["Echo"]
        assert beat.apply_entry(entry, producer=beat.producer) is None
        assert queued.llen(queue) == 0 and not beat.scheduling
        beat.close()
