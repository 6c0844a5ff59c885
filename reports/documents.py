"""The PDF reports: each kind is a context built from the records in a fixed number
of queries, a template, and one pure function that turns them into bytes.

`render(kind, subject, ...)` backs both the Celery task and `render_report`.
What a reader not entitled to exempt items gets leaves those items out entirely:
the caller says which with `include_exempt`."""

import datetime
import gc
import hashlib
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from config.charts import line_chart
from config.periods import year_label, year_of
from funding.models import Budget
from funding.statement import funding_statement
from meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Decision,
    Declaration,
    ItemMinutes,
    Meeting,
    Paper,
)
from partnerships.models import Group, Membership, Organisation, Person
from reports import pack
from scrutiny.dashboard import partnership_dashboard
from scrutiny.findings import year_summary
from scrutiny.models import EvidenceSession, Finding, Recommendation, Review, Theme, Witness


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    seconds_layout: float = 0.0
    seconds_total: float = 0.0
    timings: dict = field(default_factory=dict)


def render(kind, subject, *, year=None, include_exempt=False, on=None):
    """The PDF of one report, as bytes, with its page count and where the time went."""
    started = time.perf_counter()
    with fewer_collections():
        html, attachments, papers = prepare(
            kind, subject, year=year, include_exempt=include_exempt, on=on
        )
        prepared = time.perf_counter()
        pdf, pages = _weasyprint(html, attachments=attachments, papers=papers)
    done = time.perf_counter()
    return Rendered(
        pdf=pdf,
        pages=pages,
        seconds_layout=done - prepared,
        seconds_total=done - started,
        timings={"context_and_template": prepared - started, "weasyprint": done - prepared},
    )


# WeasyPrint makes millions of small objects while it lays a report out. With
# Python's default thresholds the cyclic collector runs every 700 of them, and each
# older-generation pass walks everything alive: the worker's Django and the growing
# layout. That was a fifth to a quarter of a report's time (bench/JOBS.md). While a
# report renders, what was alive before it is frozen out of collections and the
# young generation is collected every 50,000 objects; the layout stays alive until
# the PDF is written anyway, so the peak is the same to within a few MiB. What the
# report left in cycles is collected as it ends, so the next report starts clean.
REPORT_GC_THRESHOLD = 50_000
_collector = threading.Lock()
_rendering = {"depth": 0, "thresholds": None, "froze": False}


@contextmanager
def fewer_collections():
    with _collector:
        if _rendering["depth"] == 0:
            _rendering["thresholds"] = gc.get_threshold()
            # A process that froze its own objects keeps them frozen.
            _rendering["froze"] = gc.get_freeze_count() == 0
            if _rendering["froze"]:
                gc.freeze()
            gc.set_threshold(REPORT_GC_THRESHOLD, *_rendering["thresholds"][1:])
        _rendering["depth"] += 1
    try:
        yield
    finally:
        with _collector:
            _rendering["depth"] -= 1
            if _rendering["depth"] == 0:
                # The report's own cycles, before anything is thawed: a collection
                # of what the report made, not of the whole worker.
                gc.collect()
                gc.set_threshold(*_rendering["thresholds"])
                if _rendering["froze"]:
                    gc.unfreeze()


def prepare(kind, subject, *, year=None, include_exempt=False, on=None):
    """The report's HTML, its attachments and the PDF papers to merge into it: its
    queries and template, before layout."""
    on = on or timezone.localdate()
    template, context = BUILDERS[kind](subject, year=year, include_exempt=include_exempt, on=on)
    context.setdefault("heading", "")
    context.update({"council": settings.COUNCIL_NAME})
    html = render_to_string(f"reports/pdf/{template}.html", context)
    return html, context.get("attachments"), context.get("papers_to_merge")


def _weasyprint(html, attachments=None, papers=None):
    from weasyprint import HTML, Attachment

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_tags=True)
    files = [
        Attachment(string=data, name=name, description=description)
        for name, description, data in attachments or ()
    ]
    pdf = document.write_pdf(attachments=files or None, pdf_tags=True)
    if papers:
        pdf = pack.merge(pdf, document, papers)
    return pdf, len(document.pages)


# Board pack of a meeting -----------------------------------------------------


def board_pack(meeting, *, year, include_exempt, on):
    """The agenda pack: cover and contents, the agenda, the minutes of the last
    meeting, its attendance, the open actions, then every paper in agenda order,
    merged page by page (reports/pack.py); exempt items and their papers in Part 2,
    only when `include_exempt`."""
    group = meeting.group
    items = _pack_items(meeting, include_exempt).prefetch_related("papers")
    for item in items:
        item.pack_papers = [pack.read_paper(paper) for paper in item.papers.all()]
    last = (
        Meeting.objects.filter(group=group, status=Meeting.Status.HELD, date__lt=meeting.date)
        .order_by("-date")
        .first()
    )
    attendance, minuted = [], []
    if last:
        attendance = list(
            Attendance.objects.filter(meeting=last)
            .select_related("person", "on_behalf_of", "substitute")
            .order_by("on_behalf_of__name", "person__name")
        )
        minuted = (
            _pack_items(last, include_exempt)
            .select_related("minutes")
            .prefetch_related("decisions", "declarations__person")
        )
    papers = [p for item in items for p in item.pack_papers]
    return "board_pack", {
        "title": f"Board pack: {group.name}, {meeting.date:%-d %B %Y}",
        "partnership": group.partnership,
        "group": group,
        "meeting": meeting,
        "items": [i for i in items if not i.exempt],
        "with_papers": [i for i in items if not i.exempt and i.pack_papers],
        "exempt_items": [i for i in items if i.exempt],
        "last": last,
        "attendance": attendance,
        "last_minutes": [i for i in minuted if not i.exempt],
        "last_exempt_minutes": [i for i in minuted if i.exempt],
        "actions": _open_actions(group, include_exempt),
        "contents": True,
        "on": on,
        "attachments": [p.attachment for p in papers if p.attachment],
        "papers_to_merge": [p for p in papers if p.reader],
    }


def minutes(meeting, *, year, include_exempt, on):
    """A meeting's minutes as one record: who came, then each agenda item, numbered as
    on the meeting's page, with its declarations, discussion, resolution, decisions
    and actions; exempt items in Part 2, only when `include_exempt`. DRAFT on every
    page until the chair approves them."""
    group = meeting.group
    items = list(
        _pack_items(meeting, include_exempt)
        .select_related("minutes")
        .prefetch_related("decisions", "declarations__person", "actions__owner")
    )
    return "minutes", {
        "title": f"Minutes: {group.name}, {meeting.date:%-d %B %Y}",
        "partnership": group.partnership,
        "group": group,
        "meeting": meeting,
        "attendance": Attendance.objects.filter(meeting=meeting)
        .select_related("person", "on_behalf_of", "substitute")
        .order_by("person__name"),
        "guests": meeting.guests.all(),
        "minuted": [i for i in items if not i.exempt],
        "exempt_minuted": [i for i in items if i.exempt],
        "draft": not meeting.minutes_frozen,
        "version": meeting.minutes_versions.count() + 1,
        "on": on,
    }


# Raised whenever the pack's template or builder changes what a pack shows, so a pack
# built by the code before is not handed out as current.
PACK_LAYOUT = 2


def fingerprint(kind, subject, *, include_exempt, on=None):
    """What a board pack is built from, summed up: the day, and the count and latest
    change of each kind of record in it (their histories hold deletions too). Two
    requests with the same fingerprint get the same pack, built once. Other kinds
    are built on each request: ""."""
    if kind != "board-pack":
        return ""
    group_id = subject.group_id
    meetings = {"meeting__group_id": group_id}
    items = {"item__meeting__group_id": group_id}
    parts = [PACK_LAYOUT, on or timezone.localdate(), include_exempt]
    for records in (
        Group.history.filter(id=group_id),
        Membership.history.filter(group_id=group_id),
        Meeting.history.filter(group_id=group_id),
        AgendaItem.history.filter(**meetings),
        Attendance.history.filter(**meetings),
        Paper.history.filter(**items),
        Decision.history.filter(**items),
        ItemMinutes.history.filter(**items),
        Declaration.history.filter(**items),
        Action.history.filter(group_id=group_id),
        Person.history.all(),
        Organisation.history.all(),
    ):
        parts.append(tuple(records.aggregate(n=Count("history_id"), at=Max("history_id")).values()))
    updates = ActionUpdate.objects.filter(action__group_id=group_id)
    parts.append(tuple(updates.aggregate(n=Count("id"), at=Max("id")).values()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _pack_items(meeting, include_exempt):
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position")
    return items if include_exempt else items.not_exempt()


def _open_actions(group, include_exempt):
    actions = Action.objects.filter(group=group).open().for_tracker()
    if not include_exempt:
        actions = actions.not_exempt()
    return list(actions)


# Action tracker of a group ---------------------------------------------------


def tracker(group, *, year, include_exempt, on):
    actions = _open_actions(group, include_exempt)
    return "tracker", {
        "title": f"Action tracker: {group.name}",
        "partnership": group.partnership,
        "group": group,
        "actions": actions,
        "overdue": sum(1 for a in actions if a.due and a.due < on),
        "on": on,
    }


# Scrutiny review report ------------------------------------------------------


def review_report(review, *, year, include_exempt, on):
    """In the shape of the Wiltshire task group report of 2011: purpose, background,
    membership, evidence, key issues, conclusion, recommendations with responses.
    Withdrawn key issues and recommendations are left out."""
    review = (
        Review.objects.filter(pk=review.pk)
        .prefetch_related(
            "partnerships",
            "members",
            "questions",
            Prefetch(
                "evidence",
                queryset=EvidenceSession.objects.prefetch_related(
                    Prefetch("witnesses", queryset=Witness.objects.select_related("organisation"))
                ),
            ),
            Prefetch("findings", queryset=Finding.objects.filter(withdrawn_at__isnull=True)),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.filter(withdrawn_at__isnull=True).select_related(
                    "addressed_to_partnership", "addressed_to_organisation"
                ),
            ),
        )
        .get()
    )
    themes = [theme for theme, _label in Theme.choices]
    questions = sorted(review.questions.all(), key=lambda q: (themes.index(q.theme), q.position))
    present = {
        "purpose": True,
        "background": True,
        "membership": True,
        "evidence": bool(review.evidence.all()),
        "key-issues": bool(review.findings.all()),
        "conclusion": bool(review.conclusion.strip()),
        "recommendations": bool(review.recommendations.all()),
    }
    sections = [(anchor, title) for anchor, title in REVIEW_SECTIONS if present[anchor]]
    return "review", {
        "title": review.title,
        "partnership": None,
        "heading": review.committee,
        "review": review,
        "questions": questions,
        "sections": sections,
        "number": {
            anchor.replace("-", "_"): n for n, (anchor, _title) in enumerate(sections, start=1)
        },
        "draft": review.reported is None,
        "contents": True,
        "on": on,
    }


# The sections of a review report, in order; an empty one is left out (and the rest
# numbered on), so a review still taking evidence prints no page of "not yet written".
REVIEW_SECTIONS = [
    ("purpose", "Purpose"),
    ("background", "Background"),
    ("membership", "Membership"),
    ("evidence", "Evidence"),
    ("key-issues", "Key issues"),
    ("conclusion", "Conclusion"),
    ("recommendations", "Recommendations and responses"),
]


# Annual governance report of a partnership -----------------------------------


def governance(partnership, *, year, include_exempt, on):
    year = year or year_of(on)
    end = min(on, datetime.date(year + 1, 3, 31))
    data = partnership_dashboard(partnership, on=end, include_exempt=include_exempt, shown=None)
    summary = year_summary(
        partnership,
        start=datetime.date(year, 4, 1),
        end=end,
        include_exempt=include_exempt,
    )
    weeks = summary["weeks"]
    summary["chart"] = (
        line_chart(
            f"Findings counted each week, {year_label(year)}",
            [f"{week:%-d %b}" for week, _c, _a in weeks],
            [("Counted", "#d4351c", "", [c for _w, c, _a in weeks])],
        )
        if len(weeks) > 1
        else ""
    )
    return "governance", {
        "summary": summary,
        "title": f"Annual governance report {year_label(year)}: {partnership.name}",
        "partnership": partnership,
        "year": year,
        "year_label": year_label(year),
        "as_on": end,
        "funding_statement": _statement(partnership, year),
        "contents": True,
        "on": on,
        **data,
    }


# Funding statement -----------------------------------------------------------


def funding(partnership, *, year, include_exempt, on):
    statement = _statement(partnership, year)
    label = statement["label"]
    return "funding", {
        "title": f"Funding statement{' ' + label if label else ''}: {partnership.name}",
        "partnership": partnership,
        "on": on,
        **statement,
    }


def _statement(partnership, year):
    """The funding statement of a year (by default the latest with a budget)."""
    if year is None:
        year = (
            Budget.objects.filter(holder=partnership)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
    statement = funding_statement(partnership, year) if year is not None else None
    return {
        "statement": statement,
        "label": year_label(year) if year is not None else "",
        "columns": statement.columns() if statement else [],
        "income": statement.table(statement.income) if statement else [],
        "expenditure": statement.table(statement.expenditure) if statement else [],
        "gaps": statement.gaps() if statement else [],
    }


# Induction pack ---------------------------------------------------------------


def induction(partnership, *, year, include_exempt, on):
    groups = list(
        Group.objects.filter(partnership=partnership, archived_at__isnull=True)
        .select_related("parent", "reports_to")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on)
                )
                .select_related("person", "on_behalf_of")
                .order_by("role", "person__name"),
            )
        )
        .order_by("name")
    )
    attachments = []
    for group in groups:
        if group.tor_file and group.tor_file.name.lower().endswith(".pdf"):
            try:
                with group.tor_file.open("rb") as f:
                    data = f.read()
            except OSError:
                continue
            attachments.append(
                (f"terms-of-reference-{group.pk}.pdf", f"Terms of Reference: {group.name}", data)
            )
    return "induction", {
        "title": f"Induction pack: {partnership.name}",
        "partnership": partnership,
        "groups": groups,
        "attachments": attachments,
        "contents": True,
        "on": on,
    }


BUILDERS = {
    "board-pack": board_pack,
    "minutes": minutes,
    "tracker": tracker,
    "review": review_report,
    "governance": governance,
    "funding": funding,
    "induction": induction,
}
