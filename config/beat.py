"""Only one beat schedules at a time, however many are started (a second host, a
replica started by mistake, a new one while the old is still stopping): each holds
a lease in Redis, renewed at every tick, and a beat without it stands by. A beat
that dies without letting go is replaced once its lease runs out
(BEAT_LOCK_SECONDS). Nightly jobs therefore run once a night, not once per beat.

The schedules themselves are django-celery-beat's, kept in the database."""

import logging
import uuid

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

log = logging.getLogger(__name__)

LOCK_KEY = "beat:lock"

# Take the lease if it is free, or renew it if it is ours: one step, so two beats
# never both believe they hold it. 1 when held, 0 when another beat holds it.
_TAKE_OR_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0
"""
# Let go only of our own lease.
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class Lease:
    """A beat's hold on the right to schedule, in the Redis at `url`."""

    def __init__(self, url, seconds):
        self.token = uuid.uuid4().hex
        self.milliseconds = int(seconds * 1000)
        self.redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)

    def hold(self):
        """Whether this beat holds the lease now (taking or renewing it)."""
        try:
            return bool(self.redis.eval(_TAKE_OR_RENEW, 1, LOCK_KEY, self.token, self.milliseconds))
        except redis.RedisError as exc:
            log.warning("beat cannot reach Redis for its lease, so it schedules nothing: %s", exc)
            return False

    def release(self):
        try:
            self.redis.eval(_RELEASE, 1, LOCK_KEY, self.token)
        except redis.RedisError:
            pass  # the lease runs out by itself


class SingleBeatScheduler(DatabaseScheduler):
    def __init__(self, *args, **kwargs):
        self.lease = Lease(
            settings.REDIS_URL or settings.CELERY_BROKER_URL, settings.BEAT_LOCK_SECONDS
        )
        self.scheduling = False
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        """Schedule as django-celery-beat does while holding the lease; else wait,
        asking again well within the lease's time."""
        holds = self.lease.hold()
        if holds != self.scheduling:
            self.scheduling = holds
            if holds:
                log.info("this beat holds the lease and schedules")
            else:
                log.info("another beat holds the lease: this one stands by")
        if not holds:
            return settings.BEAT_LOCK_SECONDS / 3
        return min(super().tick(*args, **kwargs), settings.BEAT_LOCK_SECONDS / 3)

    def apply_entry(self, entry, producer=None):
        """Send a due task only while still holding the lease: a tick that stalled
        past it (a slow database) must not send what another beat now sends."""
        if not self.lease.hold():
            self.scheduling = False
            # Not recorded as run either, so the beat holding the lease sends it.
            self._dirty.discard(entry.name)
            log.info("lease lost during a tick: %s is left to the beat holding it", entry.name)
            return None
        return super().apply_entry(entry, producer=producer)

    def close(self):
        super().close()
        if self.scheduling:
            self.lease.release()
