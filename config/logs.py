"""Log lines that can be followed from a web request to the tasks it queued.

Each request gets an id: the `X-Request-ID` its load balancer sent, when that is a
short safe token, or a new one. The id goes back on the response's `X-Request-ID`
header, on every line logged while the request is answered, and, in the headers of
each task the request queues, to the worker: there the task's lines carry the same
id, with the task's own id and name. So one search for the id finds the request,
the tasks it queued and their errors (Sentry tags its events with the id too).

`RequestIdMiddleware` (first in MIDDLEWARE) logs one line per request: its method,
its path, the status, how long it took, the view and the id of the user when
someone is signed in. Never a query string, a form or an email address: they may
hold personal data. A path whose arguments are a credential (a signed link) is
logged as its route. It counts each request for /metrics too (config/metrics.py).

LOG_FORMAT chooses how lines are written: `json`, one JSON object per line for the
log collector (`JsonFormatter`), or `text` for a person at a terminal.
"""

import datetime
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from config import metrics

log = logging.getLogger("config.requests")

# What is being done: {"request_id": …}, with "task_id" and "task_name" in a task.
_context = ContextVar("log_context", default=None)

SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Route arguments that are credentials: their path is logged as the route.
SECRET_ARGUMENTS = {"token", "uidb64"}
# The header a task carries its request's id in.
TASK_HEADER = "request_id"


def request_id():
    """The id of the request being answered, or of the one that queued this task."""
    return (_context.get() or {}).get("request_id")


def _new_request_id(given):
    if given and SAFE_REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = _new_request_id(request.headers.get("X-Request-ID"))
        token = _context.set({"request_id": rid})
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response["X-Request-ID"] = rid
            view, path = _view_name(request), _path(request)
            log.info(
                "%s %s %s %dms",
                request.method,
                path,
                response.status_code,
                seconds * 1000,
                extra={
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "view": view,
                    "user_id": _user_id(request),
                },
            )
            metrics.count_request(request.method, view, response.status_code, seconds)
            return response
        finally:
            _context.reset(token)


def _view_name(request):
    match = request.resolver_match
    if match is not None:
        return match.view_name
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


def _path(request):
    match = request.resolver_match
    if match is not None and SECRET_ARGUMENTS & set(match.kwargs):
        return f"/{match.route}"
    return request.path


def _user_id(request):
    """The signed-in user's id, if the request looked them up: looking them up here
    would cost queries the page did not need."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


# Celery's signals (connected in config/celery.py) ----------------------------------


def add_request_id(headers=None, **kwargs):
    """before_task_publish: the task carries the id of the request that queues it."""
    rid = request_id()
    if rid and headers is not None:
        headers.setdefault(TASK_HEADER, rid)


_running = {}  # task id -> the context to go back to when it ends


def task_starts(task_id=None, task=None, **kwargs):
    """task_prerun: the task's lines carry its id, its name and its request's id (for
    a task run inline in a request, that request's own)."""
    rid = getattr(task.request, TASK_HEADER, None) or request_id()
    _running[task_id] = _context.set(
        {"request_id": rid, "task_id": task_id, "task_name": task.name}
    )


def task_ends(task_id=None, **kwargs):
    """task_postrun: back to what was being done before the task."""
    token = _running.pop(task_id, None)
    if token is not None:
        _context.reset(token)


# Logging -------------------------------------------------------------------------


class ContextFilter(logging.Filter):
    """Puts the request's id (and a task's id and name) on every record."""

    def filter(self, record):
        context = _context.get() or {}
        record.request_id = context.get("request_id")
        record.task_id = context.get("task_id")
        record.task_name = context.get("task_name")
        return True


# The attributes every record has; any other is a field given with `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "request_id",
    "task_id",
    "task_name",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id;
    task_id and task_name in a task; the plain fields given with `extra=` (not
    objects such as a request, whose text may hold a query string); and an
    exception's traceback as one string, exc_info."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        if getattr(record, "task_id", None):
            entry["task_id"] = record.task_id
            entry["task_name"] = record.task_name
        for key, value in vars(record).items():
            if key not in _STANDARD and isinstance(value, str | int | float | bool | None):
                entry.setdefault(key, value)
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """For a person at a terminal: time, level, logger, [request id], message."""

    def formatMessage(self, record):
        rid = getattr(record, "request_id", None) or "-"
        when = self.formatTime(record)
        return f"{when} {record.levelname} {record.name} [{rid}] {record.message}"
