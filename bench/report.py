"""Write bench/RESULTS.md from the bench/results-N.json and bench/load-N.json files
present. The text from the heading KEPT onwards is written by hand and kept as it is."""

import datetime
import json
import os
import subprocess  # nosec B404 - git, fixed arguments
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEPT = "## Hardening"

GOALS = """Goals (2-core machine, PostgreSQL, scale 10): list pages median <= 15 ms,
95th percentile <= 30 ms, <= 8 queries; dashboards median <= 25 ms, 95th
percentile <= 50 ms, <= 12 queries; the same query count at every scale; every
page faster than its Django admin peer. The findings list, the dashboards and the
partnership page: median <= 25 ms, p95 <= 50 ms, <= 12 queries at every scale.
Recomputing one partnership's findings <= 300 ms at scale 10; the nightly run of
every partnership at scale 100 <= 3 minutes."""


def main():
    results = sorted(
        (json.loads(p.read_text()) for p in HERE.glob("results-*.json")),
        key=lambda r: (r.get("wide", False), r["scale"]),
    )
    loads = sorted(
        (json.loads(p.read_text()) for p in HERE.glob("load-*.json")),
        key=lambda r: (r["scale"], tuple(r.get("pause", (1, 3)))),
    )
    target = HERE / "RESULTS.md"
    old = target.read_text() if target.exists() else ""
    kept = old[old.index(KEPT) :] if KEPT in old else ""
    lines = [
        "# Benchmark results",
        "",
        'Made by `make bench SCALE="1 10 100"` (`python bench/run.py --scale N` for each) and',
        "`make bench-wide` (`python bench/run.py --wide`: one county whose three partnerships",
        "hold 2,000 groups each, 60,000 people in 120,000 seats); server time measured",
        "in-process through the whole middleware stack, after a warm-up. *Floor*: a bare view",
        "running the page's essential query. *Admin*: the Django admin changelist of the same",
        "model. Ratios are the page's median over theirs.",
        "",
        GOALS,
        "",
        _measured(),
        "",
    ]
    for r in results:
        register = (
            "Wide register: three partnerships of 2,000 groups"
            if r.get("wide")
            else f"Scale {r['scale']}"
        )
        lines += [
            f"## {register} ({r['database']}, {r['requests']} requests a page)",
            "",
            "| page | queries | median ms | p95 ms | floor ms | admin ms | × floor | × admin |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for p in r["pages"]:
            lines.append(
                f"| {p['page']} | {p['queries']} | {p['median_ms']:.1f} | {p['p95_ms']:.1f} | "
                f"{p['floor']['median_ms']:.1f} | {p['admin_peer']['median_ms']:.1f} | "
                f"{p['vs_floor']:.2f} | {p['vs_admin']:.2f} |"
            )
        lines.append("")
        if recomputed := r.get("findings_recompute"):
            lines += [_recomputed(recomputed), ""]
    for r in loads:
        total = r["total"]
        lines += [
            f"## Load: {r['users']} people for {r['seconds']} s at scale {r['scale']}, "
            f"pausing {_seconds(r.get('pause', (1, 3)))}",
            "",
            f"`make bench-load SCALE={r['scale']}` (`python bench/load.py`): gunicorn with "
            f"{r['gunicorn_workers']} workers on loopback, DEBUG off, PostgreSQL on the same host; "
            "locust signs each person in through the login form (all within the first "
            f"{r.get('ramp_seconds', 20)} s, left out of the figures), then each pauses "
            f"{_seconds(r.get('pause', (1, 3)))} between pages for {r['seconds']} s. "
            "Three officers to each scrutiny member.",
            "",
            f"**{total['requests']} requests, {total['failures']} failed, "
            f"{total['per_second']} a second; median {total['median_ms']:.0f} ms, "
            f"95th percentile {total['p95_ms']:.0f} ms.**",
            "",
            "| page | requests | failures | median ms | p95 ms |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, page in r["pages"].items():
            lines.append(
                f"| {name} | {page['requests']} | {page['failures']} | "
                f"{page['median_ms']:.0f} | {page['p95_ms']:.0f} |"
            )
        lines.append("")
    if (HERE / "cluster.json").exists():
        lines += _cluster(json.loads((HERE / "cluster.json").read_text()))
    target.write_text("\n".join(lines) + ("\n" + kept if kept else ""))


def _cluster(r):
    total, web = r["load"], r["web"]
    built = ", ".join(f"{n} built {c}" for n, c in sorted(r["packs_built_by"].items()))
    sizes = [p["pages"] for p in r["packs"]]
    return [
        "## Two web servers and two workers",
        "",
        "`make bench-cluster` (`python bench/cluster.py`): two gunicorn instances (DEBUG off, "
        "two processes each) and two Celery workers (one process each) on one PostgreSQL, "
        "one Redis and one S3-compatible object store, all on this machine. "
        f"{r['users']} people sign in on the first web server and ask for each page from "
        f"either, at random, for {r['seconds']} s.",
        "",
        f"**{total['requests']} requests, {total['failures']} failed, {total['per_second']} a "
        f"second; median {total['median_ms']:.0f} ms, 95th percentile {total['p95_ms']:.0f} ms.** "
        f"The first web server answered {web['web-1']['requests']} requests "
        f"({web['web-1']['errors']} errors), the second {web['web-2']['requests']} "
        f"({web['web-2']['errors']} errors).",
        "",
        f"{len(r['packs'])} board packs ({min(sizes)} to {max(sizes)} pages) were asked for on "
        f"the first web server and built in {r['build_seconds']} s by the workers ({built}); each "
        "was downloaded through the second web server, byte for byte the copy in the object "
        "store.",
        "",
    ]


def _recomputed(kept):
    line = (
        f"Findings: the nightly run of every partnership ({kept['partnerships']}) took "
        f"{kept['nightly_s']:.1f} s"
    )
    if "first_s" in kept:
        line += (
            f" (the first run on the register as built, which opened "
            f"{kept['first_opened']:,} findings, {kept['first_s']:.1f} s)"
        )
    if "drawing_all_s" in kept:
        line += f"; their dashboards were drawn in {kept['drawing_all_s']:.1f} s"
    line += f"; one partnership recomputed in {kept['one_partnership_ms']:.0f} ms"
    if "one_partnership_queries" in kept:
        line += f" ({kept['one_partnership_queries']} queries)"
    if "one_drawing_ms" in kept:
        line += f", its two dashboards drawn in {kept['one_drawing_ms']:.0f} ms"
    return line + "."


def _seconds(pause):
    low, high = (f"{x:g}" for x in pause)
    return f"{low} to {high} s"


def _measured():
    commit = subprocess.run(  # nosec B603 B607 - fixed command
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=HERE,
        check=False,
    ).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Written on {datetime.date.today().isoformat()} at commit {commit or 'unknown'} on a "
        f"{os.cpu_count()}-core machine with PostgreSQL on the same host (load average {load} "
        "when written; another process on the machine can move a p95 by half)."
    )


if __name__ == "__main__":
    main()
