"""Two web servers and two Celery workers on one PostgreSQL, Redis and object store,
all on this machine: the proof that the product runs on several servers.

    python bench/cluster.py [--users 30] [--seconds 60]      (make bench-cluster)

DATABASE_URL must name PostgreSQL and REDIS_URL a Redis; the object store is an
S3-compatible server started on loopback for the run (standing for the council's).
The register is bench/run.py's scale 1. Two gunicorn instances (DEBUG off, two
processes each) and two workers (one process each, on a queue of their own) share
them. Then:

1. locust's people (bench/locustfile.py) sign in on the first web server and ask
   for each page from either, at random: the session, the cache and the files are
   shared, or pages fail;
2. board packs are asked for on the first web server, built by the workers (each
   must build at least one), stored in the object store, and downloaded through the
   second web server, byte for byte what the store holds.

The run fails (exit 1) on any failed request or pack. Figures go to stdout,
bench/cluster.json and bench/RESULTS.md.
"""

import argparse
import json
import os
import re
import subprocess  # nosec B404 - fixed commands, no shell
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
BUCKET = "csp-cluster"
PACKS = 6

from bench.load import RAMP_SECONDS, _free_port, _plan, _read_stats, _wait_for  # noqa: E402


def _need_services():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL server: the servers share one database.")
    if not os.environ.get("REDIS_URL"):
        sys.exit("REDIS_URL must name a Redis: the servers share its cache, broker and locks.")


def _web(port, log, env):
    return subprocess.Popen(  # nosec B603 - fixed command, no shell
        [
            str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--timeout", "60", "--log-level", "warning",
            "--access-logfile", str(log),
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip


def _worker(name, queue, log, env):
    return subprocess.Popen(  # nosec B603 - fixed command, no shell
        [
            str(BIN / "celery"), "-A", "config", "worker", "-n", f"{name}@%h", "-Q", queue,
            "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
        ],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait_for_workers(app, names, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answered = {name for reply in app.control.ping(timeout=1) for name in reply}
        if all(any(a.startswith(f"{n}@") for a in answered) for n in names):
            return
    sys.exit(f"the workers {names} did not answer within {seconds} s")


def _served(log):
    """Requests in a gunicorn access log, and those answered with an error."""
    statuses = [
        int(m.group(1)) for m in re.finditer(r'" (\d{3}) ', log.read_text(errors="replace"))
    ]
    return len(statuses), sum(1 for s in statuses if s >= 400)


def _browser(base, account, password):
    """A requests session signed in at `base`."""
    import requests

    class Browser(requests.Session):
        def request(self, *args, **kwargs):
            response = super().request(*args, **kwargs)
            # Production cookies are Secure; loopback is plain HTTP, so they are sent
            # anyway, as locustfile does.
            for cookie in self.cookies:
                cookie.secure = False
            return response

        def submit(self, url, data, what):
            """POST a form as the browser would, with its CSRF token: the redirect."""
            token = self.cookies["csrftoken"]
            response = self.post(
                url, {**data, "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=30
            )
            if response.status_code != 302:
                sys.exit(f"{what} answered {response.status_code}")
            return response.headers["Location"]

    browser = Browser()
    browser.get(f"{base}/login/", timeout=30)
    browser.submit(
        f"{base}/login/",
        {"username": account, "password": password},
        f"signing in as {account} at {base}",
    )
    return browser


def _packs(plan, first, second, store, seconds=300):
    """Board packs asked for on the first web server, downloaded through the second."""
    from pypdf import PdfReader

    from meetings.models import Meeting
    from reports.models import Report

    browser = _browser(first, plan["accounts"]["officer"], plan["password"])
    meetings = list(
        Meeting.objects.filter(group__partnership__users__email=plan["accounts"]["officer"])
        .order_by("-date")
        .values_list("pk", flat=True)[:PACKS]
    )
    Report.objects.filter(meeting__in=meetings).delete()  # built afresh each run
    asked = time.perf_counter()
    pages = []
    for pk in meetings:
        pages.append(
            browser.submit(
                f"{first}/reports/request/",
                {"kind": "board-pack", "subject": pk},
                f"asking for the pack of meeting {pk}",
            )
        )
    reports = [int(re.search(r"/reports/(\d+)/", page).group(1)) for page in pages]
    deadline = time.monotonic() + seconds
    waiting = set(reports)
    while waiting and time.monotonic() < deadline:
        for pk in list(waiting):
            status = browser.get(f"{second}/reports/{pk}/status/", timeout=30).json()["status"]
            if status == "failed":
                sys.exit(f"report {pk} failed to build")
            if status == "ready":
                waiting.discard(pk)
        time.sleep(0.5)
    if waiting:
        sys.exit(f"reports {sorted(waiting)} were not built within {seconds} s")
    built = time.perf_counter() - asked
    downloads = []
    for pk in reports:
        response = browser.get(f"{second}/reports/{pk}/download/", timeout=60)
        key = Report.objects.get(pk=pk).file.name
        held = store.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        if response.status_code != 200 or response.content != held:
            sys.exit(f"report {pk} downloaded through the second server differs from the store")
        downloads.append(
            {"report": pk, "bytes": len(held), "pages": len(PdfReader(_bytes(held)).pages)}
        )
    return {
        "asked_on": first,
        "downloaded_from": second,
        "build_seconds": round(built, 1),
        "packs": downloads,
    }


def _bytes(data):
    import io

    return io.BytesIO(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    _need_services()
    from config.tests import object_store

    with object_store.object_store() as endpoint, tempfile.TemporaryDirectory() as tmp:
        store = object_store.client(endpoint)
        store.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": object_store.REGION}
        )
        queue = f"cluster-{os.getpid()}"
        os.environ.update(
            STORAGE_BUCKET=BUCKET,
            STORAGE_ENDPOINT_URL=endpoint,
            STORAGE_REGION=object_store.REGION,
            STORAGE_ACCESS_KEY_ID=object_store.KEY_ID,
            STORAGE_SECRET_KEY=object_store.SECRET,
            CELERY_QUEUE=queue,
        )
        plan = _plan(1)  # DEBUG off, the scale-1 database, this process set up
        ports = _free_port(), _free_port()
        hosts = [f"http://127.0.0.1:{port}" for port in ports]
        env = {
            **os.environ,
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOAD_PLAN": json.dumps({**plan, "hosts": hosts}),
        }
        logs = {
            name: Path(tmp) / f"{name}.log" for name in ("web-1", "web-2", "cluster-1", "cluster-2")
        }
        processes = [
            _web(ports[0], logs["web-1"], env),
            _web(ports[1], logs["web-2"], env),
            _worker("cluster-1", queue, logs["cluster-1"], env),
            _worker("cluster-2", queue, logs["cluster-2"], env),
        ]
        try:
            from config.celery import app

            for port, process in zip(ports, processes, strict=False):
                _wait_for(port, process)
            _wait_for_workers(app, ["cluster-1", "cluster-2"])
            prefix = f"{tmp}/load"
            subprocess.run(  # nosec B603 - fixed command, no shell
                [
                    str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                    "--users", str(args.users), "--spawn-rate", str(args.users / RAMP_SECONDS),
                    "--run-time", f"{args.seconds + RAMP_SECONDS}s", "--reset-stats",
                    "--host", hosts[0], "--csv", prefix, "--only-summary",
                    "--loglevel", "WARNING", "--stop-timeout", "10",
                ],
                cwd=ROOT, env=env, check=False,
            )  # fmt: skip
            total = _read_stats(prefix)["Aggregated"]
            # What each web server answered of the browsing (the packs' polling aside).
            web = {}
            for name in ("web-1", "web-2"):
                requests_served, errors = _served(logs[name])
                web[name] = {"requests": requests_served, "errors": errors}
            packs = _packs(plan, hosts[0], hosts[1], store)
            stats = app.control.inspect(timeout=5).stats() or {}
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
        after = [_served(logs[name]) for name in ("web-1", "web-2")]
        built = {
            name.split("@")[0]: reply.get("total", {}).get("reports.build", 0)
            for name, reply in stats.items()
            if name.startswith("cluster-")
        }
    result = {
        "users": args.users,
        "seconds": args.seconds,
        "load": total,
        "web": web,
        "packs_built_by": built,
        **packs,
    }
    (ROOT / "bench" / "cluster.json").write_text(json.dumps(result, indent=1) + "\n")
    from bench.report import main as write_report

    write_report()
    print(json.dumps(result, indent=1))
    failed = (
        total["failures"]
        or any(w["errors"] or not w["requests"] for w in web.values())
        or any(errors for _, errors in after)
        or len(built) != 2
        or not all(built.values())
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
