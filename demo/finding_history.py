"""A year of weekly counts of the findings (data/finding_history.yaml), ending with
this week's counts of what the checks find in the demo: the dashboards' trend.

Each partnership the file names had, 52 weeks ago, `a_year_ago` more findings of
each check than it has now, going down a little each week; the other partnerships
have this week's counts only. The findings kept now are dated from the start of that
year. A second run writes the same weeks again."""

import datetime

from django.db import transaction
from django.utils import timezone

from demo import facts
from partnerships.models import Partnership
from scrutiny.findings import snapshot, week_of
from scrutiny.models import FindingCount, HealthCheck, HealthFinding

WEEKS = 52


def load_finding_history(on=None):
    on = on or timezone.localdate()
    this_week = week_of(on)
    snapshot(on)
    severities = dict(HealthCheck.objects.values_list("name", "severity"))
    made = []
    names = []
    for record in facts.read("finding_history"):
        partnership = Partnership.objects.get(name=record["partnership"])
        names.append(partnership.pk)
        now = {
            row.check_name: row
            for row in FindingCount.objects.filter(
                partnership=partnership, group__isnull=True, week=this_week
            )
        }
        checks = set(now) | set(record["a_year_ago"])
        for weeks_ago in range(1, WEEKS + 1):
            week = this_week - datetime.timedelta(weeks=weeks_ago)
            for check in sorted(checks):
                current = now.get(check)
                extra = round(record["a_year_ago"].get(check, 0) * weeks_ago / WEEKS)
                counted = (current.counted if current else 0) + extra
                if not counted and not (current and current.answered):
                    continue
                made.append(
                    FindingCount(
                        week=week,
                        partnership=partnership,
                        check_name=check,
                        severity=current.severity if current else severities.get(check, "medium"),
                        counted=counted,
                        answered=0,
                    )
                )
    with transaction.atomic():
        FindingCount.objects.filter(partnership_id__in=names, week__lt=this_week).delete()
        FindingCount.objects.bulk_create(made, batch_size=1000)
        # What the checks find now was there all the demo's year.
        start = timezone.make_aware(
            datetime.datetime.combine(this_week - datetime.timedelta(weeks=WEEKS), datetime.time())
        )
        HealthFinding.objects.open().filter(first_found__gt=start).update(first_found=start)
    return len(made)
