"""Benchmark the main pages on a synthetic register.

    python bench/run.py --scale N [--requests 20] [--only NAME ...]
    python bench/run.py --wide


Scale 1 is one county: 5 partnerships, 60 groups, 600 people, 1,500 memberships,
500 grants a year for three years, and each partnership's plans, indicators and
scrutiny reviews; N multiplies every count. --wide measures instead one county
whose three partnerships hold 2,000 groups each (60,000 people in 120,000
seats, two years of meetings). The register is built once in its own database
(bench_scale_N or bench_wide beside DATABASE_URL's PostgreSQL, or
bench/bench-N.sqlite3) and reused. For each page it reports the number of
queries and the median and 95th percentile server time (in-process, through the
whole middleware stack), beside two references measured the same way: the floor
(a bare view running the page's essential query) and the Django admin changelist
of the same model.
Results go to stdout and bench/results-N.json (results-wide.json).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _configure(scale, wide=False):
    name = "wide" if wide else str(scale)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Measured as in production: DEBUG off (no query log, cached templates).
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        base = url.rsplit("/", 1)[0]
        database = "bench_wide" if wide else f"bench_scale_{scale}"
        _ensure_pg_database(url, database)
        os.environ["DATABASE_URL"] = f"{base}/{database}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / f'bench-{name}.sqlite3'}"


def _ensure_pg_database(url, name):
    import psycopg2

    admin = url.rsplit("/", 1)[0] + "/postgres"
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def _percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _measure(client, url, requests):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)  # read now: the next request clears the log
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "url": url,
        "queries": queries,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(_percentile(times, 95), 2),
    }


def _recompute_findings():
    """The kept findings brought up to date (on a register just built, the first run
    opens every finding), then the nightly run timed on its own, as it runs each
    night once they are kept; every dashboard drawn, as its first readers do; then
    one partnership's recompute and drawing timed on their own (the median of three)
    and the queries of its recompute counted (the same at every scale)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from partnerships.models import Partnership
    from scrutiny.dashboard import dashboard_body
    from scrutiny.findings import recompute, recompute_all
    from scrutiny.models import DrawnDashboard

    def keep_drawn(partnership):  # both drawings, as the first readers of each kind make them
        DrawnDashboard.objects.outrun([partnership.pk])
        for exempt in (False, True):
            dashboard_body(partnership, on=timezone.localdate(), include_exempt=exempt)

    started = time.perf_counter()
    opened = recompute_all().get("opened", 0)
    first = time.perf_counter() - started
    started = time.perf_counter()
    recompute_all()
    nightly = time.perf_counter() - started
    started = time.perf_counter()
    for partnership in Partnership.objects.active().order_by("pk"):
        keep_drawn(partnership)
    drawing = time.perf_counter() - started
    partnerships = Partnership.objects.active().count()
    biggest = Partnership.objects.active().order_by("pk").first()
    one, drawn = [], []
    for _ in range(3):
        started = time.perf_counter()
        recompute(biggest)
        one.append(time.perf_counter() - started)
        started = time.perf_counter()
        keep_drawn(biggest)
        drawn.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        recompute(biggest)
    result = {
        "partnerships": partnerships,
        "first_s": round(first, 1),
        "first_opened": opened,
        "nightly_s": round(nightly, 1),
        "drawing_all_s": round(drawing, 1),
        "one_partnership_ms": round(statistics.median(one) * 1000, 1),
        "one_partnership_queries": len(queries.captured_queries),
        "one_drawing_ms": round(statistics.median(drawn) * 1000, 1),
    }
    print(
        f"findings: every partnership ({partnerships}) recomputed in {nightly:.1f} s "
        f"(the first run, which opened {opened} findings, in {first:.1f} s) and its "
        f"dashboards drawn in {drawing:.1f} s; one partnership recomputed in "
        f"{result['one_partnership_ms']:.0f} ms ({len(queries.captured_queries)} queries), "
        f"its dashboards drawn in {result['one_drawing_ms']:.0f} ms"
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="measure only the pages whose name contains NAME (repeatable); "
        "the results are printed but not written",
    )
    parser.add_argument(
        "--wide", action="store_true", help="one county of three 2,000-group partnerships"
    )
    args = parser.parse_args()
    if args.scale < 1:
        parser.error("--scale must be 1 or more")
    if args.wide:
        args.scale = 1
    _configure(args.scale, wide=args.wide)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from bench.generate import build
    from bench.generate.register import COUNTY, WIDE
    from partnerships.models import Group, Partnership

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    users = build(args.scale, WIDE if args.wide else COUNTY)
    print(f"data ready in {time.perf_counter() - start:.0f} s")
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    recomputes = _recompute_findings()
    # The findings just opened are new rows to the planner: a live database's
    # autovacuum would have counted them by the time anyone reads them.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    partnership = Partnership.objects.order_by("pk").first()
    group = Group.objects.filter(partnership=partnership).order_by("-pk").first()
    from django.db.models import Count

    from funding.models import AllocationFormula, Budget, Grant
    from meetings.models import Action, Meeting

    p, g = partnership.pk, group.pk
    busiest = (
        Group.objects.filter(partnership=partnership)
        .annotate(n=Count("meetings"))
        .order_by("-n")
        .first()
    )
    meeting = Meeting.objects.filter(group=busiest).order_by("-date").first()
    owner_id = (
        Action.objects.filter(group__partnership=partnership)
        .values_list("owner_id", flat=True)
        .first()
    )
    grant = (
        Grant.objects.filter(partnership=partnership, status=Grant.Status.ACTIVE)
        .annotate(n=Count("returns"))
        .order_by("-n", "pk")
        .first()
    )
    budget = (
        Budget.objects.filter(holder=partnership)
        .annotate(n=Count("grants"))
        .order_by("-n", "pk")
        .first()
    )
    formula = AllocationFormula.objects.filter(holder=partnership).order_by("pk").first()
    pages = [
        # (page, user, product URL, floor URL, admin peer URL)
        ("home (officer)", "officer", "/", "/floor/home/", "/admin/partnerships/group/"),
        (
            "partnership list",
            "officer",
            "/partnerships/",
            "/floor/partnerships/",
            "/admin/partnerships/partnership/",
        ),
        (
            "partnership page",
            "officer",
            f"/partnerships/{p}/",
            f"/floor/partnerships/{p}/",
            "/admin/partnerships/group/",
        ),
        (
            "group page",
            "officer",
            f"/groups/{g}/",
            f"/floor/groups/{g}/",
            "/admin/partnerships/membership/",
        ),
        ("group list", "officer", "/groups/", "/floor/groups/", "/admin/partnerships/group/"),
        (
            "organisation list",
            "officer",
            "/organisations/",
            "/floor/organisations/",
            "/admin/partnerships/organisation/",
        ),
        ("people list", "officer", "/people/", "/floor/people/", "/admin/partnerships/person/"),
        (
            "structure chart",
            "officer",
            f"/partnerships/{p}/structure/",
            f"/floor/partnerships/{p}/",
            "/admin/partnerships/group/",
        ),
        (
            "ToR register",
            "officer",
            f"/partnerships/{p}/terms-of-reference/",
            f"/floor/partnerships/{p}/",
            "/admin/partnerships/group/",
        ),
        (
            "membership load",
            "officer",
            f"/partnerships/{p}/load/",
            f"/floor/load/{p}/",
            "/admin/partnerships/membership/",
        ),
        (
            "group meetings",
            "officer",
            f"/groups/{busiest.pk}/meetings/",
            f"/floor/meetings/{busiest.pk}/",
            "/admin/meetings/meeting/",
        ),
        (
            "meeting page",
            "officer",
            f"/meetings/{meeting.pk}/",
            f"/floor/meeting/{meeting.pk}/",
            "/admin/meetings/meeting/",
        ),
        (
            "action tracker",
            "officer",
            f"/groups/{busiest.pk}/actions/",
            f"/floor/actions/{busiest.pk}/",
            "/admin/meetings/action/",
        ),
        (
            "person's actions",
            "officer",
            f"/people/{owner_id}/actions/",
            f"/floor/person-actions/{owner_id}/",
            "/admin/meetings/action/",
        ),
        ("funding", "officer", "/funding/", "/floor/funding/", "/admin/funding/budget/"),
        (
            "grant list",
            "officer",
            "/funding/grants/",
            "/floor/grants/",
            "/admin/funding/grant/",
        ),
        (
            "grant page",
            "officer",
            f"/funding/grants/{grant.pk}/",
            f"/floor/grants/{grant.pk}/",
            "/admin/funding/grant/",
        ),
        (
            "budget page",
            "officer",
            f"/funding/budgets/{budget.pk}/",
            f"/floor/budgets/{budget.pk}/",
            "/admin/funding/allocation/",
        ),
        (
            "formula page",
            "officer",
            f"/funding/formulas/{formula.pk}/",
            f"/floor/formulas/{formula.pk}/",
            "/admin/funding/allocationformula/",
        ),
        (
            "funding statement",
            "officer",
            f"/partnerships/{p}/funding/",
            f"/floor/statement/{p}/",
            "/admin/funding/budget/",
        ),
        (
            "scrutiny dashboard",
            "scrutiny",
            f"/partnerships/{p}/dashboard/",
            f"/floor/dashboard/{p}/",
            "/admin/scrutiny/recommendation/",
        ),
        (
            "dashboard (officer)",
            "officer",
            f"/partnerships/{p}/dashboard/",
            f"/floor/dashboard/{p}/",
            "/admin/scrutiny/recommendation/",
        ),
        ("health findings", "scrutiny", "/health/", "/floor/health/", "/admin/meetings/action/"),
        (
            "search (officer)",
            "officer",
            "/search/?q=community+safety",
            "/floor/search/?q=community+safety",
            "/admin/meetings/action/?q=community+safety",
        ),
    ]
    if args.only:
        wanted = [name.lower() for name in args.only]
        pages = [page for page in pages if any(w in page[0].lower() for w in wanted)]
        if not pages:
            parser.error("--only matches no page")
    results = []
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        ROOT_URLCONF="bench.urls",
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
        OTP_REQUIRED_FOR_ADMINS=False,  # the admin peers are measured signed in, no code
        STORAGES={**settings.STORAGES, "staticfiles": static},
    ):
        clients = {}
        for role, user in users.items():
            clients[role] = Client()
            clients[role].force_login(user)
        for name, role, url, floor, peer in pages:
            page = _measure(clients[role], url, args.requests)
            floor_m = _measure(clients[role], floor, args.requests)
            peer_m = _measure(clients["admin"], peer, args.requests)
            results.append(
                {
                    "page": name,
                    **page,
                    "floor": floor_m,
                    "admin_peer": peer_m,
                    "vs_floor": round(page["median_ms"] / max(floor_m["median_ms"], 0.01), 2),
                    "vs_admin": round(page["median_ms"] / max(peer_m["median_ms"], 0.01), 2),
                }
            )

    register = "wide" if args.wide else f"scale {args.scale}"
    print(f"{register} on {engine}, {args.requests} requests per page after warm-up")
    print(
        f"{'page':<20} {'queries':>7} {'median':>8} {'p95':>8} {'floor':>8} {'admin':>8} {'x floor':>8} {'x admin':>8}"
    )
    for r in results:
        print(
            f"{r['page']:<20} {r['queries']:>7} {r['median_ms']:>6.1f}ms {r['p95_ms']:>6.1f}ms "
            f"{r['floor']['median_ms']:>6.1f}ms {r['admin_peer']['median_ms']:>6.1f}ms "
            f"{r['vs_floor']:>8.2f} {r['vs_admin']:>8.2f}"
        )
    if args.only:
        return
    out = ROOT / "bench" / f"results-{'wide' if args.wide else args.scale}.json"
    out.write_text(
        json.dumps(
            {
                "scale": args.scale,
                "wide": args.wide,
                "database": engine,
                "requests": args.requests,
                "findings_recompute": recomputes,
                "pages": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written to {out.relative_to(ROOT)}")
    from bench.report import main as write_report

    write_report()
    print("bench/RESULTS.md updated")


if __name__ == "__main__":
    main()
