"""Benchmark the PDF reports.

    python bench/reports.py [--scale 1] [--repeat 3]

On the synthetic register of bench/run.py (bench_scale_N, built if missing),
renders each kind of report for the first partnership: the board packs of the
latest meetings of a group with about 160 open actions (a pack of about 20
pages) and of the group with the most open actions (about 70 pages), that pack
again with only 530 open actions (about 40 pages; the actions beyond are closed
in a transaction rolled back after), that group's action
tracker, the annual governance report, the funding statement, the induction
pack, and the scrutiny review with the most recommendations; and the first
pack again with three PDF papers merged into it (bench/reports.py PAPER_PAGES). Each runs in a
fresh process, as a worker that has built it before would take it: the report is
built once (the database connection opened, the template compiled, WeasyPrint's
fonts loaded and its caches filled), then built again and measured. The first
build's time is reported beside: what a new worker takes for its first report of
a kind. As in the worker, what the report left in reference cycles is collected
after it is stored and marked ready; that time is reported beside too.

For each: pages, seconds in all, seconds in WeasyPrint's layout and PDF
writing, the share spent outside them (queries and templates), and the
process's peak resident memory (ru_maxrss: Python, Django, WeasyPrint and its
C libraries together) beside its resident memory just before the report.

Goals: a board pack of 20-40 pages in <= 4 s; a 100-page governance report in
<= 15 s and <= 400 MiB peak; the time outside layout <= 10% of a report's total.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def one(kind, pk, include_exempt, keep_open=None, papers=False):
    """Render one report in this process and print its figures as JSON. With
    keep_open, a board pack is rendered with all but that many of its group's
    earliest-due open actions closed; with papers, with PAPER_PAGES of PDF papers
    filed under its first items (in a scratch media folder): in a transaction that
    is rolled back."""
    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        if keep_open is not None:
            _keep_open(pk, keep_open)
        if papers:
            _file_papers(pk)
        _measure(kind, pk, include_exempt)
        transaction.set_rollback(True)


# The PDF papers of the pack measured with its papers merged: pages of each.
PAPER_PAGES = (2, 3, 4)


def _file_papers(meeting_pk):
    import tempfile

    from django.conf import settings
    from django.core.files.base import ContentFile

    from demo.papers import pdf_of
    from meetings.models import AgendaItem, Paper

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-papers-")
    items = AgendaItem.objects.filter(meeting_id=meeting_pk, exempt=False).order_by("position")
    for item, pages in zip(items, PAPER_PAGES, strict=False):
        text = [
            [f"Paper for item {item.position}", item.title, f"Page {n} of {pages}."]
            for n in range(1, pages + 1)
        ]
        Paper.objects.create(
            item=item,
            title=f"Report on {item.title}"[:300],
            file=ContentFile(pdf_of(text), name=f"item-{item.position}.pdf"),
        )


def _keep_open(meeting_pk, keep):
    from django.db.models import F

    from meetings.models import Action, Meeting

    group = Meeting.objects.get(pk=meeting_pk).group_id
    open_actions = Action.objects.filter(group=group).open().order_by("due", "pk")
    later = list(open_actions.values_list("pk", flat=True)[keep:])
    Action.objects.filter(pk__in=later).update(status="done", completed_on=F("due"))


def _measure(kind, pk, include_exempt):
    from reports.access import SUBJECTS
    from reports.documents import fewer_collections, render

    # A worker that has built this kind of report before: its database connection
    # open, the template compiled, WeasyPrint's fonts loaded and its caches filled.
    started = time.perf_counter()
    subject = SUBJECTS[kind].get(pk=pk)
    render(kind, subject, include_exempt=include_exempt)
    first_time = time.perf_counter() - started
    before = _rss_mib()
    # As the worker does: the report's leftovers are collected once it is stored.
    with fewer_collections():
        result = render(kind, subject, include_exempt=include_exempt)
        ready = time.perf_counter()
    collected = time.perf_counter() - ready
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        json.dumps(
            {
                "kind": kind,
                "subject": str(subject),
                "pages": result.pages,
                "bytes": len(result.pdf),
                "seconds": round(result.seconds_total, 3),
                "layout_seconds": round(result.seconds_layout, 3),
                "outside_layout": round(1 - result.seconds_layout / result.seconds_total, 3),
                "first_seconds": round(first_time, 3),
                "collected_seconds": round(collected, 3),
                "rss_before_mib": round(before),
                "peak_rss_mib": round(peak),
            }
        )
    )


TYPICAL_OPEN_ACTIONS = 160
FORTY_PAGE_OPEN_ACTIONS = 530


def _subjects():
    from django.db.models import Count, Q

    from meetings.models import Action, Meeting
    from partnerships.models import Group, Partnership
    from scrutiny.models import Review

    partnership = Partnership.objects.order_by("pk").first()
    groups = list(
        Group.objects.filter(partnership=partnership)
        .annotate(open=Count("actions", filter=Q(actions__in=Action.objects.open())))
        .order_by("-open", "pk")
    )
    group = groups[0]
    # A board with a usual tracker: about 160 open actions make a pack of 20-40 pages.
    usual = min(groups, key=lambda g: (abs(g.open - TYPICAL_OPEN_ACTIONS), g.pk))
    meeting = Meeting.objects.filter(group=group).order_by("-date").first()
    usual_meeting = Meeting.objects.filter(group=usual).order_by("-date").first()
    review = Review.objects.annotate(n=Count("recommendations")).order_by("-n", "pk").first()
    return [
        ("board-pack", usual_meeting.pk, None),
        # The same pack with three PDF papers merged into it (PAPER_PAGES).
        ("board-pack+papers", usual_meeting.pk, None),
        # The register has no group whose pack runs to 30-50 pages: the longest
        # group's pack, with all but its 530 earliest-due open actions closed.
        ("board-pack", meeting.pk, FORTY_PAGE_OPEN_ACTIONS),
        ("board-pack", meeting.pk, None),
        ("tracker", group.pk, None),
        ("governance", partnership.pk, None),
        ("funding", partnership.pk, None),
        ("induction", partnership.pk, None),
        ("review", review.pk, None),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--one", nargs=2, metavar=("KIND", "PK"), help=argparse.SUPPRESS)
    parser.add_argument("--public", action="store_true", help="leave exempt items out")
    parser.add_argument("--keep-open", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--papers", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each report N times, each in a fresh process, and show the median run",
    )
    args = parser.parse_args()

    from bench.run import _configure

    _configure(args.scale)
    if args.one:
        one(args.one[0], int(args.one[1]), not args.public, args.keep_open, args.papers)
        return

    import django

    django.setup()
    from django.core.management import call_command

    from bench.generate import build

    call_command("migrate", verbosity=0)
    build(args.scale)
    rows = []
    for kind, pk, keep_open in _subjects():
        started = time.perf_counter()
        runs = sorted(
            (_run_one(args, kind, pk, keep_open) for _ in range(args.repeat)),
            key=lambda r: r["seconds"],
        )
        median = runs[len(runs) // 2]
        median["range"] = (runs[0]["seconds"], runs[-1]["seconds"])
        rows.append(median)
        print(f"{kind}: done in {time.perf_counter() - started:.1f} s (with start-up)", flush=True)
    print()
    print(
        "| report | pages | seconds | layout s | outside layout | s a page | peak MiB "
        "| MiB before | then collected s | first build s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['kind']}: {r['subject']} | {r['pages']} | {r['seconds']:.2f} | "
            f"{r['layout_seconds']:.2f} | {r['outside_layout']:.0%} | "
            f"{r['seconds'] / r['pages']:.3f} | {r['peak_rss_mib']} | {r['rss_before_mib']} | "
            f"{r['collected_seconds']:.2f} | {r['first_seconds']:.2f} |"
        )
    if args.repeat > 1:
        print()
        print(f"Median of {args.repeat} runs; the fastest and slowest:")
        for r in rows:
            print(f"- {r['kind']}, {r['pages']} pages: {r['range'][0]:.2f}-{r['range'][1]:.2f} s")
    packs = [(r["pages"], r["seconds"]) for r in rows if r["kind"].startswith("board-pack")]
    per_page, fixed = _line(packs)
    print()
    print(
        f"Board packs, the straight line nearest the {len(packs)}: {fixed:.2f} s "
        f"+ {per_page:.3f} s a page; 20 pages: {fixed + 20 * per_page:.1f} s, "
        f"40 pages: {fixed + 40 * per_page:.1f} s."
    )


def _line(points):
    """Least squares: the slope and intercept of the line nearest the points."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum(
        (x - mean_x) ** 2 for x, _ in points
    )
    return slope, mean_y - slope * mean_x


def _run_one(args, kind, pk, keep_open):
    kind, _, papers = kind.partition("+")
    out = subprocess.run(
        [sys.executable, __file__, "--scale", str(args.scale), "--one", kind, str(pk)]
        + (["--public"] if args.public else [])
        + (["--papers"] if papers else [])
        + (["--keep-open", str(keep_open)] if keep_open is not None else []),
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout
    row = json.loads(out.strip().splitlines()[-1])
    if papers:
        row["kind"] += f" with {len(PAPER_PAGES)} PDF papers ({sum(PAPER_PAGES)} pages) merged"
    return row


if __name__ == "__main__":
    main()
