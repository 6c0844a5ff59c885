"""What the scrutiny dashboard of a partnership shows, computed from the records
in a fixed number of queries: the structure, the health findings, attendance,
overdue actions, priorities' RAG, indicator trends, the open risks on their heat
map, funding by priority, projects without an evaluation and recommendation
follow-ups coming due.

The body of the page is drawn when it is read and kept (DrawnDashboard): reading
it again is one query, whatever the partnership's size, until a change to the
partnership's records, a recompute of its findings or the next day outruns it
(each change does so in its own transaction: nobody sees a drawing the records
outran, and the reader who changed a record sees the change at once)."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Case, Count, F, Q, Sum, Value, When, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from config import exports
from config.charts import bar_chart, line_chart
from config.periods import year_label, year_of
from funding.models import Grant
from funding.money import pounds
from meetings.models import Action, Meeting
from meetings.stats import partnership_attendance_stats
from partnerships.models import Group
from partnerships.structure_chart import structure_chart
from scrutiny import tables
from scrutiny.findings import trend
from scrutiny.health import SEVERITY_ORDER, health_run
from scrutiny.models import DrawnDashboard, HealthCheck, HealthFinding
from strategy.models import BANDS, Indicator, IndicatorTarget, IndicatorValue, Risk
from strategy.risk_map import HEAT_MAP, risk_heat_map

SEVERITY_COLOURS = {"high": "#d4351c", "medium": "#f47738", "low": "#1d70b8"}
FOLLOW_UP_WINDOW = datetime.timedelta(days=60)
OVERDUE_SHOWN = 10
FINDINGS_SHOWN = 10
BODY = "scrutiny/partials/dashboard_body.html"


def draw(partnership, data, page_tables, request=None):
    """The body of the dashboard from its data and tables, as safe HTML."""
    return render_to_string(
        BODY, {"partnership": partnership, "tables": page_tables, **data}, request
    )


def dashboard_body(partnership, *, on, include_exempt, now=None):
    """The body of the dashboard for the reader and when it was drawn: the drawing kept
    if it stands (one query), or drawn now from the records and kept, unless a change
    came while it was drawn (the next reader draws it again, and an older drawing
    never replaces a newer). The body is the product's own template, escaped as drawn."""
    now = now or timezone.now()
    kept, _ = DrawnDashboard.objects.get_or_create(
        partnership=partnership, exempt=include_exempt, defaults={"on": on, "drawn_at": now}
    )
    if kept.on == on and kept.drawn_version == kept.version:
        return mark_safe(kept.body), kept.drawn_at  # noqa: S308
    version = kept.version  # read before the records are
    data = partnership_dashboard(partnership, on=on, include_exempt=include_exempt)
    body = draw(partnership, data, dashboard_tables(partnership, data))
    DrawnDashboard.objects.filter(pk=kept.pk, version=version).update(
        on=on, drawn_at=now, body=body, drawn_version=version
    )
    return mark_safe(body), now  # noqa: S308


def partnership_dashboard(partnership, *, on, include_exempt, shown=FINDINGS_SHOWN):
    """What the dashboard shows; `shown` findings of each check (None: every one)."""
    # The kept findings; the running priorities and the recommendations read as the
    # health checks read them, without running the checks.
    run = health_run(partnership=partnership, on=on, include_exempt=include_exempt, checks=())
    return {
        "chart": structure_chart(partnership),
        "findings": _findings(partnership, on, include_exempt, shown),
        "attendance": _attendance(partnership, on),
        "overdue": _overdue_actions(partnership, on, include_exempt),
        "priorities": run.running_priorities,
        "indicators": _indicators(partnership),
        "risks": _risks(partnership),
        "funding": _funding(partnership, on),
        "follow_ups": _follow_ups(run.recommendations, on),
    }


def _findings(partnership, on, include_exempt, shown):
    """The kept open findings that count, by severity and by check, with the first
    FINDINGS_SHOWN of each check (one query for them all), and how many are answered."""
    findings = (
        HealthFinding.objects.open()
        .filter(partnership=partnership)
        .visible_to_exempt(include_exempt)
    )
    counted = findings.counted(on)
    counts = Counter(
        dict(
            counted.order_by()
            .values_list("severity")
            .annotate(n=Count("pk"))
            .values_list("severity", "n")
        )
    )
    per_check = dict(
        counted.order_by()
        .values_list("check_name")
        .annotate(n=Count("pk"))
        .values_list("check_name", "n")
    )
    first = counted.annotate(
        place=Window(RowNumber(), partition_by=[F("check_name")], order_by=[F("subject"), F("pk")])
    ).order_by("check_name", "place")
    if shown is not None:
        first = first.filter(place__lte=shown)
    by_check = defaultdict(list)
    for f in first:
        by_check[(f.severity, f.check_name)].append(f)
    labels = dict(HealthCheck.Severity.choices)
    severities = sorted(labels, key=lambda s: SEVERITY_ORDER[s])
    weeks = trend(partnership, on=on)
    return {
        "trend": {
            "rows": weeks,
            "chart": line_chart(
                "Findings counted each week, and findings answered",
                [f"{week:%-d %b %y}" for week, _c, _a in weeks],
                [
                    ("Counted", "#d4351c", "", [c for _w, c, _a in weeks]),
                    ("Answered", "#505a5f", "4 3", [a for _w, _c, a in weeks]),
                ],
            )
            if len(weeks) > 1
            else "",
        },
        "since": _since_last_board(partnership, on, include_exempt),
        "total": sum(counts.values()),
        "answered": findings.answered(on).count(),
        "counts": [(labels[s], counts.get(s, 0)) for s in severities],
        "chart": bar_chart(
            "Governance health findings by severity",
            [(labels[s], counts.get(s, 0), SEVERITY_COLOURS[s]) for s in severities],
        ),
        "groups": [
            {
                "severity": labels[sev],
                "severity_key": sev,
                "check": check,
                "items": items,
                "count": per_check.get(check, len(items)),
            }
            for (sev, check), items in sorted(
                by_check.items(), key=lambda kv: (SEVERITY_ORDER[kv[0][0]], kv[0][1])
            )
        ],
    }


def _since_last_board(partnership, on, include_exempt):
    """The findings found, and those resolved, since the last meeting held of the
    partnership's board (or of any of its groups when it has no board): two queries."""
    meeting = (
        Meeting.objects.filter(
            group__partnership=partnership, status=Meeting.Status.HELD, date__lte=on
        )
        .select_related("group")
        .order_by(
            Case(When(group__kind=Group.Kind.BOARD, then=Value(0)), default=Value(1)), "-date"
        )
        .first()
    )
    if meeting is None:
        return None
    start = timezone.make_aware(datetime.datetime.combine(meeting.date, datetime.time.max))
    counts = (
        HealthFinding.objects.filter(partnership=partnership)
        .visible_to_exempt(include_exempt)
        .aggregate(
            new=Count("pk", filter=Q(resolved_at__isnull=True, first_found__gt=start)),
            resolved=Count("pk", filter=Q(resolved_at__gt=start)),
        )
    )
    return {"meeting": meeting, "after": meeting.date + datetime.timedelta(days=1), **counts}


def _attendance(partnership, on):
    stats = partnership_attendance_stats(
        partnership, since=on - datetime.timedelta(days=365), until=on
    )
    organisations = sorted(
        (r for r in stats["organisations"] if r.expected),
        key=lambda r: (r.percent if r.percent is not None else 101, r.name),
    )
    return {
        "meetings_held": stats["meetings_held"],
        "organisations": organisations,
        "seniority": stats["seniority"],
        "chart": bar_chart(
            "Attendance by organisation over the last 12 months, per cent of meetings",
            [(r.name, r.percent, "#1d70b8") for r in organisations],
            unit="%",
        ),
    }


def _overdue_actions(partnership, on, include_exempt):
    actions = Action.objects.overdue(on=on).filter(
        group__partnership=partnership, group__archived_at__isnull=True
    )
    if not include_exempt:
        actions = actions.not_exempt()
    shown = list(
        actions.select_related("group", "owner").order_by("due", "id")[: OVERDUE_SHOWN + 1]
    )
    return {
        "rows": [{"action": a, "days": (on - a.due).days} for a in shown[:OVERDUE_SHOWN]],
        "more": len(shown) > OVERDUE_SHOWN,
    }


def _indicators(partnership):
    """Each indicator's last two values for the whole area, with the target of the last."""
    indicators = list(Indicator.objects.filter(partnership=partnership).order_by("name"))
    values = defaultdict(list)
    for v in IndicatorValue.objects.filter(indicator__partnership=partnership, area="").order_by(
        "indicator_id", "period_start"
    ):
        values[v.indicator_id].append(v)
    targets = {
        (t.indicator_id, t.period): t.value
        for t in IndicatorTarget.objects.filter(indicator__partnership=partnership)
    }
    rows = []
    for ind in indicators:
        series = values.get(ind.pk, [])
        last = series[-1] if series else None
        previous = series[-2] if len(series) > 1 else None
        target = targets.get((ind.pk, last.period)) if last else None
        trend = None
        if last and previous:
            better = (
                last.value < previous.value
                if ind.direction == "lower"
                else last.value > previous.value
            )
            trend = "same" if last.value == previous.value else ("better" if better else "worse")
        rows.append(
            {
                "indicator": ind,
                "last": last,
                "previous": previous,
                "target": target,
                "rag": ind.rag(last.value, target) if last else None,
                "trend": trend,
            }
        )
    return rows


def _risks(partnership):
    """The partnership's open risks (its groups' among them) on the heat map of their
    residual scores, and how many there are in each band, the highest first: one query.
    The register as it stands today, in a past year's report too: a risk records no
    date it was opened, nor its score between reviews."""
    risks = list(Risk.objects.filter(partnership=partnership).for_heat_map())
    bands = Counter(risk.residual_band for risk in risks)
    return {
        "total": len(risks),
        "heat": risk_heat_map(risks),
        "bands": [(label, bands[key]) for _lowest, key, label in BANDS],
    }


def _funding(partnership, on):
    """The latest financial year with grants (up to this one): money by priority,
    and the projects that owe or lack an evaluation."""
    years = (
        Grant.objects.live()
        .filter(partnership=partnership, award_date__isnull=False, award_date__lte=on)
        .order_by("-award_date")
        .values_list("award_date", flat=True)[:1]
    )
    year = year_of(years[0]) if years else year_of(on)
    by_priority = list(
        Grant.objects.live()
        .filter(partnership=partnership)
        .in_year(year)
        .values("priority__title")
        .annotate(total=Sum("amount"))
        .order_by("-total", "priority__title")
    )
    no_evaluation = list(
        Grant.objects.live()
        .filter(
            partnership=partnership, evaluation_received__isnull=True, evaluation_due__isnull=False
        )
        .select_related("provider")
        .order_by("evaluation_due", "title")
    )
    return {
        "year": year_label(year),
        "by_priority": [
            {"priority": r["priority__title"] or "No priority recorded", "total": r["total"]}
            for r in by_priority
        ],
        "chart": bar_chart(
            f"Grants by the priority they serve, {year_label(year)}, in pounds",
            [
                (r["priority__title"] or "No priority recorded", r["total"] // 100, "#00703c")
                for r in by_priority
            ],
        ),
        "total": pounds(sum(r["total"] for r in by_priority)),
        "no_evaluation": [{"grant": g, "state": g.evaluation_state(on)} for g in no_evaluation],
    }


def _follow_ups(recommendations, on):
    """The partnership's current recommendations (in follow-up order) whose follow-up
    is due within the window, neither rejected nor finished."""
    return [
        {"rec": r, "overdue": r.is_follow_up_overdue(on)}
        for r in recommendations
        if r.awaits_follow_up and r.follow_up_due <= on + FOLLOW_UP_WINDOW
    ]


def dashboard_tables(partnership, data):
    """The data tables beside the dashboard's charts, with the rows the page shows."""
    funding = data["funding"]
    by_priority = funding["by_priority"]
    if by_priority:
        by_priority = [
            *by_priority,
            {"priority": "Total", "total": sum(r["total"] for r in by_priority)},
        ]

    def table(name, title, columns, rows):
        return exports.Table(name, title, columns, rows, partnership.name)

    return {
        "findings": table(
            "findings-by-severity",
            "Findings by severity",
            tables.FINDINGS_BY_SEVERITY,
            data["findings"]["counts"],
        ),
        "trend": table(
            "findings-each-week",
            "Findings each week",
            tables.FINDINGS_EACH_WEEK,
            data["findings"]["trend"]["rows"],
        ),
        "follow_ups": table(
            "recommendation-follow-ups",
            "Recommendation follow-ups due",
            tables.FOLLOW_UPS,
            data["follow_ups"],
        ),
        "attendance": table(
            "attendance-by-organisation",
            "Attendance by organisation",
            tables.ATTENDANCE_BY_ORGANISATION,
            data["attendance"]["organisations"],
        ),
        "seniority": table(
            "attendance-by-seniority",
            "Who came, by seniority",
            tables.ATTENDANCE_BY_SENIORITY,
            data["attendance"]["seniority"],
        ),
        "overdue": table(
            "overdue-actions",
            "Overdue actions, oldest first",
            tables.OVERDUE_ACTIONS,
            data["overdue"]["rows"],
        ),
        "priorities": table("priorities", "Priorities", tables.PRIORITIES, data["priorities"]),
        "indicators": table(
            "indicators", "Performance indicators", tables.INDICATORS, data["indicators"]
        ),
        "risk_heat_map": table(
            "risk-heat-map",
            "Open risks by likelihood and impact",
            HEAT_MAP,
            data["risks"]["heat"]["rows"],
        ),
        "risk_bands": table(
            "open-risks-by-band", "Open risks by band", tables.RISKS_BY_BAND, data["risks"]["bands"]
        ),
        "funding": table(
            "grants-by-priority",
            f"Grants by priority {funding['year']}",
            tables.FUNDING_BY_PRIORITY,
            by_priority,
        ),
        "no_evaluation": table(
            "projects-without-an-evaluation",
            "Projects without an evaluation",
            tables.NO_EVALUATION,
            funding["no_evaluation"],
        ),
    }
