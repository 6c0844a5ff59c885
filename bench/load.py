"""Load test: people browsing the main pages of the synthetic register, served
by gunicorn on loopback, driven by locust for a fixed time.

    python bench/load.py --scale 10 [--users 50] [--seconds 60] [--workers 5]

The register is the one bench/run.py builds (and reuses) for the same scale.
gunicorn runs as in production (DEBUG off, cached templates, whitenoise), on
127.0.0.1 only. Everyone signs in during the first few seconds; the figures
count the browsing that follows (locust's --reset-stats). The run fails (exit 1)
on any failed request. Figures go to
stdout, bench/load-N.json and bench/RESULTS.md: requests, failures, requests a second, and the
median and 95th percentile response times of each kind of page and overall.
"""

import argparse
import csv
import json
import os
import socket
import subprocess  # nosec B404 - fixed commands, no shell
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
# People sign in over the first 20 s (a password check is meant to be slow);
# the figures count only the browsing once everyone is in.
RAMP_SECONDS = 20
PASSWORD = "bench-load-passphrase"  # noqa: S105 - synthetic accounts on loopback only


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _plan(scale):
    """Accounts and, for each kind of page, the paths a person may visit."""
    from bench.run import _configure

    _configure(scale)
    import django

    django.setup()
    from django.core.management import call_command

    from bench.generate import build
    from funding.models import Grant
    from meetings.models import Meeting
    from partnerships.models import Group, Partnership
    from scrutiny.models import Review

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # served as in production
    start = time.perf_counter()
    users = build(scale)
    print(f"data ready in {time.perf_counter() - start:.0f} s")
    for role in ("officer", "scrutiny"):
        users[role].set_password(PASSWORD)
        users[role].save(update_fields=["password"])
    partnership = Partnership.objects.order_by("pk").first()
    groups = list(Group.objects.filter(partnership=partnership).values_list("pk", flat=True)[:40])
    meetings = Meeting.objects.filter(group__partnership=partnership).order_by("-date")
    grants = Grant.objects.filter(partnership=partnership).order_by("-pk")
    reviews = Review.objects.filter(partnerships=partnership).values_list("pk", flat=True)[:10]
    p = partnership.pk
    pages = {
        "home": ["/"],
        "partnership list": ["/partnerships/"],
        "group list": ["/groups/"],
        "people list": ["/people/"],
        "organisation list": ["/organisations/"],
        "partnership page": [f"/partnerships/{p}/"],
        "group page": [f"/groups/{g}/" for g in groups],
        "group meetings": [f"/groups/{g}/meetings/" for g in groups],
        "meeting page": [f"/meetings/{m}/" for m in meetings.values_list("pk", flat=True)[:40]],
        "action tracker": [f"/groups/{g}/actions/" for g in groups],
        "funding": ["/funding/"],
        "grant list": ["/funding/grants/"],
        "grant page": [f"/funding/grants/{g}/" for g in grants.values_list("pk", flat=True)[:40]],
        "dashboard": [f"/partnerships/{p}/dashboard/"],
        "health findings": ["/health/"],
        "reviews": ["/scrutiny/reviews/", *(f"/scrutiny/reviews/{r}/" for r in reviews)],
        "funding statement": [f"/partnerships/{p}/funding/"],
    }
    accounts = {role: users[role].email for role in ("officer", "scrutiny")}
    return {"accounts": accounts, "password": PASSWORD, "pages": pages}


def _wait_for(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn stopped before it answered")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer on port {port} within {seconds} s")


def _read_stats(prefix):
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    stats = {}
    for row in rows:
        name = row["Name"]
        if row["Request Count"] == "0":
            continue  # a page nobody asked for in a short run has no times
        stats[name] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "median_ms": float(row["Median Response Time"]),
            "p95_ms": float(row["95%"]),
            "per_second": round(float(row["Requests/s"]), 1),
        }
    return stats


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument(
        "--pause",
        type=float,
        nargs=2,
        default=(1, 3),
        metavar=("MIN", "MAX"),
        help="seconds each person pauses between pages (default 1 3)",
    )
    args = parser.parse_args()
    plan = {**_plan(args.scale), "pause": args.pause}
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOAD_PLAN": json.dumps(plan),
    }
    spawn_rate = args.users / RAMP_SECONDS
    server = subprocess.Popen(  # nosec B603 - fixed command, no shell
        [
            str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        _wait_for(port, server)
        with tempfile.TemporaryDirectory() as tmp:
            prefix = f"{tmp}/load"
            started = time.perf_counter()
            subprocess.run(  # nosec B603 - fixed command, no shell
                [
                    str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                    "--users", str(args.users), "--spawn-rate", str(spawn_rate),
                    "--run-time", f"{args.seconds + RAMP_SECONDS}s", "--reset-stats",
                    "--host", f"http://127.0.0.1:{port}",
                    "--csv", prefix, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10",
                ],
                cwd=ROOT, env=env, check=False,
            )  # fmt: skip
            elapsed = time.perf_counter() - started
            stats = _read_stats(prefix)
            with open(f"{prefix}_exceptions.csv", newline="") as f:
                # Errors raised outside a request, such as a sign-in that failed: kept
                # whatever the figures leave out.
                exceptions = [row["Message"] for row in csv.DictReader(f)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = stats.pop("Aggregated")
    result = {
        "scale": args.scale,
        "users": args.users,
        "seconds": args.seconds,
        "gunicorn_workers": args.workers,
        "pause": list(args.pause),
        "ramp_seconds": RAMP_SECONDS,
        "wall_seconds": round(elapsed, 1),
        "total": total,
        "pages": dict(sorted(stats.items())),
    }
    name = f"load-{args.scale}" + ("" if tuple(args.pause) == (1, 3) else "-slow")
    (ROOT / "bench" / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    from bench.report import main as write_report

    write_report()
    print(
        f"\n{args.users} users for {args.seconds} s at scale {args.scale}, {args.workers} workers"
    )
    print("| page | requests | failures | median ms | p95 ms |\n|---|---:|---:|---:|---:|")
    for name, s in result["pages"].items():
        print(
            f"| {name} | {s['requests']} | {s['failures']} | {s['median_ms']:.0f} | {s['p95_ms']:.0f} |"
        )
    print(
        f"| **all** | {total['requests']} | {total['failures']} | {total['median_ms']:.0f} "
        f"| {total['p95_ms']:.0f} |\n{total['per_second']} requests a second"
    )
    if total["failures"] or exceptions:
        print(f"FAILED: {total['failures']} requests failed; errors: {exceptions}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
