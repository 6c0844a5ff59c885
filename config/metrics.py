"""Counts of what the service does, for Prometheus to read at /metrics.

    csp_http_requests_total{method,view,status}      requests answered
    csp_http_request_duration_seconds{view}          time to answer them (a histogram)
    csp_celery_task_runs_total{task,outcome}         task runs: succeeded, failed, retried
    csp_emails_sent_total{outcome}                   emails: sent, failed

The web servers and workers, on however many hosts, add to one set of counts kept
in Redis (one hash at REDIS_URL, each request's or task's additions in one round
trip), so one scrape through any web server sees everything. Without Redis
(development, tasks run inline) each process keeps its own, in memory.

Counting never stops a request, a task or an email: when Redis does not answer, a
warning is logged, that count is lost and Redis is left alone for RETRY_AFTER
seconds. The counts restart from nought if Redis loses them; Prometheus takes a
counter that went down for a restart.

Label values come from short fixed lists, so the number of series stays small: the
view is the route's name, never the path, and an unusual method is "other".
"""

import json
import logging
import math
import threading
import time

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from config.bearer import brings_token

log = logging.getLogger(__name__)

KEY = "csp:metrics"
PREFIX = "csp_"
REQUESTS = f"{PREFIX}http_requests_total"
DURATION = f"{PREFIX}http_request_duration_seconds"
TASK_RUNS = f"{PREFIX}celery_task_runs_total"
EMAILS = f"{PREFIX}emails_sent_total"
FAMILIES = {
    REQUESTS: ("counter", "Requests answered, by method, view and status."),
    DURATION: ("histogram", "Seconds taken to answer a request, by view."),
    TASK_RUNS: ("counter", "Background task runs, by task and outcome."),
    EMAILS: ("counter", "Emails taken by the mail server or Notify (sent) or not (failed)."),
}
BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
RETRY_AFTER = 30  # seconds Redis is left alone after it did not answer


# Counting -----------------------------------------------------------------------


def count_request(method, view, status, seconds):
    bucket = next((str(b) for b in BUCKETS if seconds <= b), "+Inf")
    method = method if method in METHODS else "other"
    _add(
        [
            (REQUESTS, {"method": method, "view": view, "status": str(status)}, 1),
            (f"{DURATION}_bucket", {"view": view, "le": bucket}, 1),
            (f"{DURATION}_sum", {"view": view}, seconds),
            (f"{DURATION}_count", {"view": view}, 1),
        ]
    )


def count_task(name, outcome):
    _add([(TASK_RUNS, {"task": name, "outcome": outcome}, 1)])


def count_emails(*, sent=0, failed=0):
    _add([(EMAILS, {"outcome": o}, n) for o, n in (("sent", sent), ("failed", failed)) if n])


# Celery's signals (connected in config/celery.py).
def task_succeeded(sender=None, **kwargs):
    count_task(sender.name, "succeeded")


def task_failed(sender=None, **kwargs):
    count_task(sender.name, "failed")


def task_retried(sender=None, **kwargs):
    count_task(sender.name, "retried")


class CountingEmailBackend(BaseEmailBackend):
    """Every email the service sends passes here (EMAIL_BACKEND): each is handed to
    the backend that delivers it (EMAIL_DELIVERY_BACKEND: SMTP, Notify) and counted
    as sent when that backend took it, failed when it did not or raised."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.delivery.open()

    def close(self):
        return self.delivery.close()

    def send_messages(self, email_messages):
        messages = list(email_messages)
        try:
            sent = self.delivery.send_messages(messages) or 0
        except BaseException:
            count_emails(failed=len(messages))
            raise
        count_emails(sent=sent, failed=len(messages) - sent)
        return sent


# Where the counts are kept ------------------------------------------------------------

_local = {}  # field -> value, in this process, without Redis
_local_lock = threading.Lock()
_clients = {}  # Redis URL -> client
_away_until = {}  # Redis URL -> when to ask it again


def _field(name, labels):
    return json.dumps([name, labels], sort_keys=True)


def _add(increments):
    url = settings.REDIS_URL
    if not url:
        with _local_lock:
            for name, labels, amount in increments:
                field = _field(name, labels)
                _local[field] = _local.get(field, 0) + amount
        return
    if time.monotonic() < _away_until.get(url, 0):
        return
    try:
        pipe = _redis(url).pipeline()
        for name, labels, amount in increments:
            if isinstance(amount, int):
                pipe.hincrby(KEY, _field(name, labels), amount)
            else:
                pipe.hincrbyfloat(KEY, _field(name, labels), amount)
        pipe.execute()
    except Exception as exc:  # whatever Redis's client raises, the work goes on
        _away_until[url] = time.monotonic() + RETRY_AFTER
        log.warning(
            "Not counted for /metrics: Redis did not answer (%s: %s); not asked again for "
            "%d seconds.",
            type(exc).__name__,
            exc,
            RETRY_AFTER,
        )


def _redis(url):
    if url not in _clients:
        import redis

        _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    return _clients[url]


def _read():
    """{(name, labels as a sorted tuple): value} of everything counted."""
    url = settings.REDIS_URL
    if url:
        raw = _redis(url).hgetall(KEY)
    else:
        with _local_lock:
            raw = dict(_local)
    counts = {}
    for field, value in raw.items():
        name, labels = json.loads(field)
        counts[name, tuple(sorted(labels.items()))] = float(value)
    return counts


# The exposition ------------------------------------------------------------------


def exposition():
    """Everything counted, in Prometheus's text format (version 0.0.4)."""
    counts = _read()
    lines = []
    for family, (kind, description) in FAMILIES.items():
        lines.append(f"# HELP {family} {description}")
        lines.append(f"# TYPE {family} {kind}")
        if kind == "histogram":
            lines.extend(_histogram(family, counts))
        else:
            lines.extend(
                _sample(name, labels, value)
                for (name, labels), value in sorted(counts.items())
                if name == family
            )
    return "\n".join(lines) + "\n"


def _histogram(family, counts):
    """The cumulative buckets, sum and count of each series. A request is kept in the
    one bucket it fell in; each bucket shown counts those at or below its bound."""
    series = sorted(labels for name, labels in counts if name == f"{family}_count")
    for labels in series:
        total = 0
        for bound in [*map(str, BUCKETS), "+Inf"]:
            total += counts.get((f"{family}_bucket", tuple(sorted((*labels, ("le", bound))))), 0)
            yield _sample(f"{family}_bucket", (*labels, ("le", bound)), total)
        yield _sample(f"{family}_sum", labels, counts.get((f"{family}_sum", labels), 0))
        yield _sample(f"{family}_count", labels, counts[f"{family}_count", labels])


def _sample(name, labels, value):
    shown = ",".join(f'{key}="{_escaped(text)}"' for key, text in labels)
    value = float(value)
    number = str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)
    return f"{name}{{{shown}}} {number}" if shown else f"{name} {number}"


def _escaped(text):
    return text.replace("\\", r"\\").replace('"', r"\"").replace("\n", r"\n")


def authorised(request):
    """Whether the request brings METRICS_TOKEN as its bearer token."""
    return brings_token(request, settings.METRICS_TOKEN)
