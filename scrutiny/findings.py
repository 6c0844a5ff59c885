"""The governance health findings, kept as records (HealthFinding rows).

`recompute(partnership)` runs the checks over one partnership and reconciles
what they find with the rows kept: a new finding opens, one still true is
confirmed (its detail brought up to date), one no longer true is resolved, and
nothing is deleted. Pages, the API, exports and the reports read the rows.

A committed change to a partnership's records asks for its recompute
(scrutiny/signals.py, scrutiny/tasks.py: `changed`): once per transaction, and
once a burst, since a recompute already queued and not yet started takes the
later changes too. Every night all
partnerships are recomputed, for the checks that the passing days change.

An answer (accepted, not applicable) lapses when the facts of its finding
change: the facts are the detail without the counts of days, which move on
every day without anything happening.
"""

import calendar
import datetime
import re
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from partnerships.models import Partnership
from scrutiny import events
from scrutiny.health import EXEMPT_SENSITIVE, SEVERITY_ORDER, health_run
from scrutiny.models import (
    DrawnDashboard,
    FindingCount,
    FindingTally,
    HealthFinding,
    answer_stands,
)

_DAYS = re.compile(r"\b\d+ days?\b")
# Months as the details were first written (5 Jun 2026) and as now (5 June 2026):
# one fact, so that the change of style lapses no answer.
_MONTHS = re.compile(r"\b(" + "|".join(calendar.month_name[1:]) + r")\b")
# What a recompute compares of a kept finding with what the checks find.
COMPARED = (
    "severity",
    "rank",
    "subject_type",
    "subject",
    "detail",
    "facts",
    "url",
    "group_id",
    "exempt",
)


def facts(detail):
    """The detail without its counts of days ("40 days ago" and "41 days ago" are one
    fact), its months written short."""
    return _MONTHS.sub(lambda month: month[0][:3], _DAYS.sub("N days", detail))


def live(partnership, on=None):
    """What the checks find now in one partnership: {(check, key): (finding, exempt)}.

    The checks that read actions run twice, with and without the actions on exempt
    items. What the run without them finds is what every reader may see, with its
    detail (a count of a group's open actions leaves the exempt ones out); what only
    the run with them finds is exempt, under a key of its own, so that a finding
    which stops being exempt is a new one and the answers given while it was exempt
    stay with the exempt one."""
    on = on or timezone.localdate()
    public = {
        (f.check, f.key): f
        for f in health_run(
            partnership=partnership, on=on, include_exempt=False, checks=EXEMPT_SENSITIVE
        ).findings
    }
    found = {}
    for f in health_run(partnership=partnership, on=on, include_exempt=True).findings:
        key = (f.check, f.key)
        if f.check not in EXEMPT_SENSITIVE:
            found[key] = (f, False)
        elif key in public:
            found[key] = (public.pop(key), False)
        else:
            found[(f.check, f"{f.key[:393]}#exempt")] = (f, True)
    for key, f in public.items():  # found only without the exempt actions
        found[key] = (f, False)
    return found


def recompute(partnership, *, on=None, now=None):
    """Reconcile the kept findings of `partnership` with what the checks find now.
    Returns the counts {"opened", "confirmed", "changed", "resolved"}."""
    now = now or timezone.now()
    with transaction.atomic():
        # One recompute of a partnership at a time, each reading the records after the
        # one before it; the open findings locked, so an answer saved meanwhile waits.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        found = live(partnership, on)
        # The open findings as plain values (a model is made only of those that change),
        # locked so that an answer saved meanwhile waits.
        kept = {
            (row["check_name"], row["key"]): row
            for row in HealthFinding.objects.open()
            .filter(partnership=partnership)
            .select_for_update()
            .values("pk", "check_name", "key", *COMPARED)
        }
        opened, confirmed, changed, redated = [], [], [], []
        for (check, key), (finding, exempt) in found.items():
            row = kept.pop((check, key), None)
            values = {
                "severity": finding.severity,
                "rank": SEVERITY_ORDER.get(finding.severity, 9),
                "subject_type": finding.subject_type,
                "subject": finding.subject[:400],
                "detail": finding.detail,
                "facts": facts(finding.detail),
                "url": finding.url[:400],
                "group_id": finding.group_id,
                "exempt": exempt,
            }
            if row is None:
                opened.append(
                    HealthFinding(
                        check_name=finding.check,
                        partnership=partnership,
                        key=key,
                        first_found=now,
                        last_confirmed=now,
                        **values,
                    )
                )
            elif any(row[name] != value for name, value in values.items() if name != "detail"):
                changed.append((row, values))
            else:
                confirmed.append(row["pk"])
                if row["detail"] != values["detail"]:  # only its count of days moved on
                    redated.append(HealthFinding(pk=row["pk"], detail=values["detail"]))
        # The facts, the severity or who may see it changed: each kept in the history.
        rows = HealthFinding.objects.in_bulk([row["pk"] for row, _values in changed])
        lapsed = []
        for row, values in changed:
            finding = rows[row["pk"]]
            if finding.answer and finding.facts != values["facts"]:
                lapsed.append(finding)
                finding.answer, finding.reason, finding.review_on = "", "", None
            for name, value in values.items():
                setattr(finding, name, value)
            finding.last_confirmed = now
            finding.save(update_fields=[*values, "answer", "reason", "review_on", "last_confirmed"])
        # Confirmed once a day, in one statement: the first recompute of the day writes
        # every open finding, the later ones (a recompute after each change) none.
        HealthFinding.objects.filter(pk__in=confirmed, last_confirmed__lt=_day_start(now)).update(
            last_confirmed=now
        )
        # The details whose days moved on, in batches.
        HealthFinding.objects.bulk_update(redated, ["detail"], batch_size=500)
        # Those no longer found resolve, each in its history.
        for finding in HealthFinding.objects.in_bulk([row["pk"] for row in kept.values()]).values():
            finding.resolved_at = now
            finding.save(update_fields=["resolved_at"])
        HealthFinding.objects.bulk_create(opened, batch_size=1000)
        _history_of_new(opened)
        tally(partnership, on=on)
        DrawnDashboard.objects.outrun([partnership.pk])
        if lapsed:  # told once the recompute is kept
            transaction.on_commit(
                lambda: events.finding_reopened.send(HealthFinding, findings=lapsed)
            )
    return {
        "opened": len(opened),
        "confirmed": len(confirmed),
        "changed": len(changed),
        "resolved": len(kept),
    }


def _day_start(moment):
    """The start of the local day of `moment`."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def _history_of_new(rows):
    """The history's first entry of each finding opened (bulk_create writes none)."""
    if not rows:
        return
    History = HealthFinding.history.model
    kept = {f.attname for f in History._meta.concrete_fields}
    fields = [f.attname for f in HealthFinding._meta.concrete_fields if f.attname in kept]
    History.objects.bulk_create(
        [
            History(
                **{name: getattr(row, name) for name in fields},
                history_date=row.first_found,
                history_type="+",
                history_change_reason="Found by the checks.",
            )
            for row in rows
        ],
        batch_size=1000,
    )


def recompute_all(*, on=None):
    """Recompute every active partnership; resolve the open findings of the others."""
    totals = defaultdict(int)
    for partnership in Partnership.objects.active().order_by("pk"):
        for name, count in recompute(partnership, on=on).items():
            totals[name] += count
    totals["resolved"] += resolve_inactive()
    return dict(totals)


def tally(partnership, *, on=None):
    """Count the partnership's open findings again (FindingTally), answers as on `on`."""
    on = on or timezone.localdate()
    rows = (
        HealthFinding.objects.open()
        .filter(partnership=partnership)
        .order_by()
        .values("check_name", "severity", "exempt")
        .annotate(total=Count("pk"), answered=Count("pk", filter=answer_stands(on)))
    )
    with transaction.atomic():
        FindingTally.objects.filter(partnership=partnership).delete()
        FindingTally.objects.bulk_create(
            FindingTally(partnership=partnership, on=on, **row) for row in rows
        )


def resolve_inactive():
    """Resolve the open findings of the partnerships no longer active (each in its
    history); returns how many."""
    now = timezone.now()
    rows = HealthFinding.objects.open().exclude(partnership__status=Partnership.Status.ACTIVE)
    for row in rows:
        row.resolved_at = now
        row.save(update_fields=["resolved_at"])
    FindingTally.objects.exclude(partnership__status=Partnership.Status.ACTIVE).delete()
    return len(rows)


def differences(partnership=None, *, on=None):
    """What a live run finds that the kept rows do not say, and the reverse: a list
    of lines, empty when the kept findings are current."""
    partnerships = [partnership] if partnership else Partnership.objects.active().order_by("pk")
    lines = []
    for p in partnerships:
        found = live(p, on)
        kept = {
            (f.check_name, f.key): f for f in HealthFinding.objects.open().filter(partnership=p)
        }
        for key in sorted(found.keys() - kept.keys()):
            lines.append(f"{p.name}: not kept: {key[0]} {found[key][0].subject}")
        for key in sorted(kept.keys() - found.keys()):
            lines.append(f"{p.name}: kept but no longer found: {key[0]} {kept[key].subject}")
        for key in sorted(found.keys() & kept.keys()):
            finding, exempt = found[key]
            row = kept[key]
            if (row.detail, row.severity, row.exempt) != (finding.detail, finding.severity, exempt):
                lines.append(f"{p.name}: changed since kept: {key[0]} {finding.subject}")
    return lines


# Memory: the weekly counts -------------------------------------------------------------


def week_of(day):
    """The Monday of the day's week."""
    return day - datetime.timedelta(days=day.weekday())


def snapshot(on=None):
    """Count each active partnership's open findings for the week of `on`, by check and
    severity, for the partnership (group empty) and for each group: counted and
    answered. Findings only exempt items raise are left out: the counts are for every
    reader. Taking the week's counts again replaces them. Returns the rows made."""
    on = on or timezone.localdate()
    week = week_of(on)
    stands = answer_stands(on)
    rows = (
        HealthFinding.objects.open()
        .filter(partnership__status=Partnership.Status.ACTIVE, exempt=False)
        .order_by()
        .values("partnership_id", "group_id", "check_name")
        .annotate(level=Max("severity"), total=Count("pk"), answered=Count("pk", filter=stands))
    )
    made, whole = [], {}
    for row in rows:
        counted = row["total"] - row["answered"]
        key = (row["partnership_id"], row["check_name"])
        if key not in whole:
            whole[key] = FindingCount(
                week=week,
                partnership_id=row["partnership_id"],
                check_name=row["check_name"],
                severity=row["level"],
                counted=0,
                answered=0,
            )
        whole[key].counted += counted
        whole[key].answered += row["answered"]
        if row["group_id"] is not None:
            made.append(
                FindingCount(
                    week=week,
                    partnership_id=row["partnership_id"],
                    group_id=row["group_id"],
                    check_name=row["check_name"],
                    severity=row["level"],
                    counted=counted,
                    answered=row["answered"],
                )
            )
    made += whole.values()
    with transaction.atomic():
        FindingCount.objects.filter(week=week).delete()
        FindingCount.objects.bulk_create(made, batch_size=1000)
        DrawnDashboard.objects.outrun(Partnership.objects.active().values("pk"))
    return len(made)


def trend(partnership, *, on, weeks=53):
    """The partnership's counted and answered findings, week by week, for the last
    `weeks` weeks that have counts: [(week, counted, answered)], oldest first."""
    since = week_of(on) - datetime.timedelta(weeks=weeks - 1)
    rows = (
        FindingCount.objects.filter(partnership=partnership, group__isnull=True, week__gte=since)
        .order_by()
        .values("week")
        .annotate(counted=Sum("counted"), answered=Sum("answered"))
        .order_by("week")
    )
    return [(r["week"], r["counted"], r["answered"]) for r in rows]


def year_summary(partnership, *, start, end, include_exempt):
    """What the annual governance report opens with, from the kept findings and their
    weekly counts: the counts at the start and end of the period with the weeks
    between, the five most serious open findings (oldest first within a severity),
    how many were resolved in the period by check, and the answers standing now."""
    weeks = [row for row in trend(partnership, on=end, weeks=60) if row[0] >= week_of(start)]
    kept = HealthFinding.objects.filter(partnership=partnership).visible_to_exempt(include_exempt)
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    last = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
    resolved = (
        kept.filter(resolved_at__gte=first, resolved_at__lte=last)
        .order_by()
        .values("check_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "check_name")
    )
    change = weeks[-1][1] - weeks[0][1] if weeks else 0
    return {
        "weeks": weeks,
        "fewer": max(-change, 0),
        "more": max(change, 0),
        "first": weeks[0] if weeks else None,
        "last": weeks[-1] if weeks else None,
        "serious": list(kept.counted(end).order_by("rank", "first_found", "subject")[:5]),
        "resolved": [(row["check_name"], row["n"]) for row in resolved],
        "resolved_total": sum(row["n"] for row in resolved),
        "answered": list(kept.open().answered(end).order_by("check_name", "subject")),
    }
