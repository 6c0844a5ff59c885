import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.metrics import CONTENT_TYPE, authorised, exposition
from config.pages import paginate
from config.spreadsheets import table_response
from ops import trail
from ops.forms import AuditFilter
from ops.models import ConfidentialDownload

log = logging.getLogger(__name__)


@never_cache
@require_safe
def metrics(request):
    """The counts of config/metrics.py for Prometheus, to a scraper that brings
    METRICS_TOKEN as its bearer token; 401 to anyone else. With no METRICS_TOKEN set
    there is nothing here: 404."""
    if not settings.METRICS_TOKEN:
        raise Http404
    if not authorised(request):
        return HttpResponse(
            "Bring METRICS_TOKEN: Authorization: Bearer <token>\n",
            status=401,
            content_type="text/plain; charset=utf-8",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    try:
        body = exposition()
    except Exception as exc:  # the counts' store (Redis) is away
        log.warning("/metrics could not read the counts: %s: %s", type(exc).__name__, exc)
        return HttpResponse(
            "The counts cannot be read now.\n", status=503, content_type="text/plain"
        )
    return HttpResponse(body, content_type=CONTENT_TYPE)


def _administrators_only(request):
    if not request.user.is_admin:
        raise PermissionDenied


@login_required
def audit(request):
    """Who changed what, and when, newest first: filtered, a page at a time going back
    in time, and downloaded as CSV (the filtered changes, up to MOST_DOWNLOADED)."""
    _administrators_only(request)
    form = AuditFilter(request.GET or None)
    changes, older = [], None
    if not form.is_bound or form.is_valid():
        wanted = form.cleaned_data if form.is_bound else {}
        filters = {
            "kind": wanted.get("kind") or "",
            "user": wanted.get("who"),
            "since": wanted.get("since"),
            "until": wanted.get("until"),
        }
        if request.GET.get("format") == "csv":
            rows = trail.changes(**filters, limit=trail.MOST_DOWNLOADED)
            return _csv(
                "audit-trail",
                [
                    "when",
                    "who",
                    "kind of record",
                    "record id",
                    "record",
                    "action",
                    "fields changed",
                ],
                (
                    [
                        timezone.localtime(c.when).isoformat(timespec="seconds"),
                        c.who.email if c.who else "the system",
                        c.kind,
                        c.record_id,
                        c.record,
                        c.action,
                        "; ".join(c.fields),
                    ]
                    for c in rows
                ),
            )
        changes = trail.changes(**filters, before=wanted.get("before"), limit=trail.PAGE + 1)
        if len(changes) > trail.PAGE:
            changes = changes[: trail.PAGE]
            older = _query(request, before=trail.cursor(changes[-1]))
    return render(
        request,
        "ops/audit.html",
        {
            "form": form,
            "filter": {"form": form},  # as the lists' filters are drawn
            "changes": changes,
            "older": older,
            "download": _query(request, format="csv", before=None),
            "most_downloaded": trail.MOST_DOWNLOADED,
        },
    )


@login_required
def confidential_downloads(request):
    """Who downloaded which copy with confidential items, newest first."""
    _administrators_only(request)
    downloads = ConfidentialDownload.objects.select_related("user")
    if request.GET.get("format") == "csv":
        return _csv(
            "confidential-downloads",
            ["when", "who", "what", "kind", "id"],
            (
                [
                    timezone.localtime(d.at).isoformat(timespec="seconds"),
                    d.user.email if d.user else "an account since deleted",
                    d.title,
                    d.get_kind_display(),
                    d.object_id,
                ]
                for d in downloads.iterator()
            ),
        )
    return render(
        request, "ops/confidential_downloads.html", {"page": paginate(request, downloads)}
    )


def _query(request, **changed):
    """This page's query string with `changed` set (None: left out)."""
    query = request.GET.copy()
    for key, value in changed.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return f"?{query.urlencode()}"


def _csv(name, header, rows):
    """A CSV download named for today; a cell a spreadsheet would run is quoted."""
    return table_response(f"{name}-{timezone.localdate().isoformat()}", header, list(rows), "csv")
