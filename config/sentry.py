"""Errors of the web servers and the workers, reported to Sentry when SENTRY_DSN is set
(config/settings.py starts it).

An event says what failed and where, tagged with the request's id (config/logs.py)
so that its log lines can be found, and nothing about the person: no user, no
cookies, no form or body, no query string, no client address, and no local
variables of the stack frames, which may hold anyone's name or email address.
Performance traces are off unless SENTRY_TRACES_SAMPLE_RATE gives a share of
requests to trace.
"""

from urllib.parse import urlsplit, urlunsplit

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from django.urls import Resolver404, resolve
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.utils import BadDsn, Dsn

from config import logs

# What Sentry collects: the error and its stack, never personal data. The headers
# left out are those that carry credentials (Sentry's own list) or the client's address.
DATA_COLLECTION = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {
        "request": {"mode": "denylist", "terms": ["forwarded", "-ip", "remote-", "via", "-user"]}
    },
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "stack_frame_variables": False,
    "database_query_data": False,
    "queues": False,
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
}


def start(*, dsn, environment, traces_sample_rate):
    try:
        Dsn(dsn)
    except BadDsn as exc:
        raise ImproperlyConfigured(
            f"SENTRY_DSN is not a Sentry DSN ({exc}): copy the whole DSN from the Sentry "
            "project's Client Keys page, e.g. https://<key>@sentry.example.gov.uk/<project>."
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        data_collection=DATA_COLLECTION,
        traces_sample_rate=traces_sample_rate,
        before_send=_tagged,
    )


def _tagged(event, hint):
    """Tag the event with the id of its request, or of the request that queued its task;
    and leave out what would carry a credential or a search: a signed link's token in
    the address (the address becomes its route, as in the logs) and the Referer."""
    rid = logs.request_id()
    if rid:
        event.setdefault("tags", {})["request_id"] = rid
    request = event.get("request")
    if request:
        request["url"] = _without_secrets(request.get("url", ""))
        headers = request.get("headers") or {}
        for name in [h for h in headers if h.lower() == "referer"]:
            del headers[name]
    return event


def _without_secrets(url):
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return url
    if logs.SECRET_ARGUMENTS & set(match.kwargs):
        return urlunsplit(parts._replace(path=f"/{match.route}", query=""))
    return url
