"""The kept governance health findings: the list across partnerships, grouped by
check, and one finding's page, where an officer or the group's chair answers it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from config import exports
from config.pages import edit_page, paginate, require
from meetings.rules import sees_exempt_across
from partnerships.models import Partnership
from scrutiny import events, tables, tasks
from scrutiny.finding_forms import AnswerForm, FindingFilterForm
from scrutiny.findings import tally
from scrutiny.health import SEVERITY_ORDER
from scrutiny.models import FindingTally, HealthFinding, answer_stands


def readable_findings(user, partnership=None):
    """The open kept findings of active partnerships that `user` may read: those only
    actions on exempt items raise only for those who see the partnership's exempt items."""
    return _readable(HealthFinding.objects.open(), user, partnership)


def _readable(rows, user, partnership=None):
    """Of findings or their tallies (both with a partnership and an exempt mark), those
    of active partnerships `user` may read."""
    rows = rows.filter(partnership__status=Partnership.Status.ACTIVE)
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    if sees_exempt_across(user, partnership):
        return rows
    if user.is_officer:
        return rows.filter(Q(exempt=False) | Q(partnership_id__in=user.partnership_ids))
    return rows.filter(exempt=False)


def by_check(findings, on):
    """Each check with findings: its severity and how many, and how many are answered."""
    answered = answer_stands(on)
    rows = (
        findings.order_by()
        .values("check_name", "severity")
        .annotate(total=Count("pk"), answered=Count("pk", filter=answered))
    )
    return _by_severity(rows)


def _by_severity(rows):
    return sorted(
        ({**row, "counted": row["total"] - row["answered"]} for row in rows),
        key=lambda r: (SEVERITY_ORDER.get(r["severity"], 9), r["check_name"]),
    )


# The filters the tallies can answer: the others need the findings themselves (and
# whether an answer stands moves with the day, which a tally counts once a night).
TALLIED = {"partnership", "severity", "check"}


def _by_check_tallied(user, filters):
    """by_check from the tallies the recomputes keep, for filters among TALLIED: the
    same counts without reading every finding of the register."""
    tallies = _readable(FindingTally.objects.all(), user)
    for name, field in (
        ("partnership", "partnership"),
        ("severity", "severity"),
        ("check", "check_name"),
    ):
        if filters.get(name):
            tallies = tallies.filter(**{field: filters[name]})
    rows = (
        tallies.order_by()
        .values("check_name", "severity")
        .annotate(total=Sum("total"), answered=Sum("answered"))
    )
    return _by_severity(rows)


@login_required
def health(request):
    require(request, "partnerships.view_register")
    today = timezone.localdate()
    form = FindingFilterForm(request.GET or None)
    findings = readable_findings(request.user)
    filters = {}
    if form.is_bound and form.is_valid():
        findings = form.apply(findings, on=today)
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    elif form.is_bound:
        findings = findings.none()
    findings = _ordered(findings)
    table = exports.Table(
        "governance-health-findings",
        "Governance health findings",
        tables.finding_columns(request.build_absolute_uri("/")),
        findings,
        "",
    )
    if file := exports.download(request, table):
        return file
    if form.is_bound and not form.is_valid():
        checks = []
    elif filters.keys() <= TALLIED:
        checks = _by_check_tallied(request.user, filters)
    else:
        checks = by_check(findings, today)
    return render(
        request,
        "scrutiny/health.html",
        {
            "form": form,
            "checks": checks,
            "page": paginate(request, findings, count=sum(c["total"] for c in checks)),
            "table": table,
            "today": today,
        },
    )


def _ordered(findings):
    """Most severe first, then by check and record."""
    return findings.select_related("partnership").order_by("rank", "check_name", "subject", "pk")


@login_required
def finding_detail(request, pk):
    finding = get_object_or_404(
        HealthFinding.objects.select_related("partnership", "group", "answered_by"), pk=pk
    )
    if not request.user.has_perm("scrutiny.view_finding", finding):
        if request.user.has_perm("partnerships.view_register"):
            raise Http404("No such finding.")
        raise PermissionDenied
    can_answer = finding.is_open and request.user.has_perm("scrutiny.answer_finding", finding)
    answers = (
        finding.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .values(
            "history_date",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__email",
            "answer",
            "reason",
            "review_on",
            "resolved_at",
        )
    )
    emails = request.user.has_perm("partnerships.view_contact_details")
    context = {
        "finding": finding,
        "today": timezone.localdate(),
        "history": _answer_history(list(answers), emails),
        "can_answer": can_answer,
    }
    return render(request, "scrutiny/finding_detail.html", context)


@login_required
def finding_answer(request, pk):
    finding = get_object_or_404(
        HealthFinding.objects.select_related("partnership", "group"), pk=pk, resolved_at=None
    )
    if not request.user.has_perm("scrutiny.view_finding", finding):
        if request.user.has_perm("partnerships.view_register"):
            raise Http404("No such finding.")
        raise PermissionDenied
    require(request, "scrutiny.answer_finding", finding)
    form = AnswerForm(request.POST or None, instance=finding)

    def save(form):
        answer = form.save(commit=False)
        answer.answered_by = request.user if answer.answer else None
        answer.answered_at = timezone.now() if answer.answer else None
        answer._history_user = request.user
        answer.save(update_fields=["answer", "reason", "review_on", "answered_by", "answered_at"])
        tally(answer.partnership)  # the counts change: the list's at once,
        tasks.changed([answer.partnership_id])  # the dashboard once drawn again
        events.finding_answered.send(HealthFinding, finding=answer, by=request.user)
        return answer

    return edit_page(
        request,
        form,
        save=save,
        message=lambda form: "Answer saved." if form.instance.answer else "Answer removed.",
        title="Answer the finding",
        caption=finding.subject,
        back=finding.get_absolute_url(),
    )


def _answer_history(entries, emails):
    """The history of the finding's answers, latest first: each change of answer, reason
    or date, and when it was resolved; who, by name (by email address only to those
    who may see contact details)."""
    shown, later = [], None
    for entry in reversed(entries):
        state = (entry["answer"], entry["reason"], entry["review_on"], entry["resolved_at"])
        if state != later:
            name = f"{entry['history_user__first_name']} {entry['history_user__last_name']}"
            if not entry["history_user__email"]:
                entry["who"] = "The checks"
            elif name.strip():
                entry["who"] = name.strip()
            else:
                entry["who"] = entry["history_user__email"] if emails else "A user"
            shown.append(entry)
        later = state
    return list(reversed(shown))
