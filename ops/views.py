import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.metrics import CONTENT_TYPE, authorised, exposition

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

