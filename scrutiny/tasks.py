"""The recomputes of the kept governance health findings, and how a change asks
for one: once per transaction, and once a burst (a recompute queued and not yet
started reads the later changes too)."""

import logging
import threading

from celery import shared_task
from django.core.cache import cache
from django.db import transaction

from partnerships.models import Partnership
from scrutiny import findings
from scrutiny.models import DrawnDashboard

logger = logging.getLogger(__name__)
QUEUED = "health-findings:queued:{}"
QUEUED_FOR = 300  # seconds: a queued recompute that never ran is asked for again after
COALESCE = 5  # seconds a recompute waits, so a burst of edits makes one


@shared_task(name="scrutiny.recompute_findings")
def recompute_findings(partnership_id):
    """Bring one partnership's kept findings up to date. The queued mark goes first:
    a change committed while this runs asks for another run."""
    cache.delete(QUEUED.format(partnership_id))
    partnership = Partnership.objects.active().filter(pk=partnership_id).first()
    if partnership is None:  # gone, or no longer active: the nightly run resolves its findings
        return None
    return findings.recompute(partnership)


@shared_task(name="scrutiny.recompute_all_findings")
def recompute_all_findings():
    """Every night, for the checks the passing days change: a recompute of each active
    partnership, each its own task (so that the workers share them and none runs
    long); the findings of the others resolved."""
    resolved = findings.resolve_inactive()
    ids = list(Partnership.objects.active().order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        recompute_findings.delay(pk)
    return {"partnerships": len(ids), "resolved": resolved}


_pending = threading.local()


def changed(partnership_ids):
    """Ask for the recompute of these partnerships once the transaction commits
    (at once outside one); their dashboards' drawings are outrun with the change.
    Several changes in one transaction ask once."""
    ids = {pk for pk in partnership_ids if pk}
    if not ids:
        return
    DrawnDashboard.objects.outrun(ids)
    waiting = getattr(_pending, "ids", None)
    if waiting is None:
        waiting = _pending.ids = set()
    waiting |= ids
    # At once outside a transaction; the first callback after the commit sends them
    # all, and the later ones find nothing left to send.
    transaction.on_commit(_send_pending)


def _send_pending():
    """Send the recomputes asked for. The change is committed whatever happens here:
    with the broker away, the mark goes (a later change asks again), the nightly run
    catches up, and the person who saved is not shown an error."""
    ids, _pending.ids = getattr(_pending, "ids", set()), set()
    for pk in sorted(ids):
        mark = QUEUED.format(pk)
        if not cache.add(mark, 1, timeout=QUEUED_FOR):
            continue
        try:
            recompute_findings.apply_async(args=[pk], countdown=COALESCE)
        except Exception as error:  # the broker: recomputed by a later change or at night
            cache.delete(mark)
            logger.warning("The findings of partnership %s wait: %s", pk, error)


def all_changed():
    """A check's settings changed: every active partnership is recomputed."""
    changed(Partnership.objects.active().values_list("pk", flat=True))


@shared_task(name="scrutiny.snapshot_findings")
def snapshot_findings():
    """Every Monday: the week's counts of each partnership's findings, kept for ever
    (the dashboards, which show them, are outrun)."""
    return findings.snapshot()
