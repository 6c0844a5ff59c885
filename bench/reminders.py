"""Benchmark the daily reminder job.

    DEBUG=true python bench/reminders.py [--owners 1000] [--actions 10]

Builds, in a scratch database (bench_reminders_scratch beside DATABASE_URL's
PostgreSQL, or an in-memory SQLite database), 10 groups with a chair each and
1,000 owners with 10 open actions each (10,000 in all), due from 20 days ago to
7 days ahead: every action goes in a digest, and those more than 14 days
overdue in an escalation. Then times send_reminders() with Django's dummy
email backend, so the mail server is left out (building and rendering each
message is in), runs it again for the same day, when everything is already
sent, and once more from scratch with the locmem backend, which also turns
each message into MIME as an SMTP backend would. The URLs and templates are loaded before the clock starts, as in
a worker that has run before. The scratch database is dropped at the end.

Goal: <= 1 s per 10,000 actions, a constant number of queries per chunk.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ON = datetime.date(2026, 11, 23)


def _configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Measured as in production: DEBUG off (no query log, cached templates).
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    import django

    django.setup()
    from django.conf import settings

    settings.SITE_URL = "https://governance.example.test"
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):  # SQLite's scratch database is in memory
        database["TEST"]["NAME"] = "bench_reminders_scratch"


def _build(owners, per_owner):
    from meetings.models import Action
    from partnerships.models import Group, Membership, Partnership, Person

    partnership = Partnership.objects.create(
        name="Benchshire CSP", kind="community_safety_partnership"
    )
    groups = Group.objects.bulk_create(
        Group(partnership=partnership, name=f"Group {n}", kind="sub_group") for n in range(10)
    )
    chairs = Person.objects.bulk_create(
        Person(name=f"Chair {n}", email=f"chair{n}@example.test") for n in range(10)
    )
    Membership.objects.bulk_create(
        Membership(person=p, group=g, role="chair") for p, g in zip(chairs, groups, strict=True)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Owner {n}", email=f"owner{n}@example.test") for n in range(owners)
    )
    Action.objects.bulk_create(
        (
            Action(
                group=groups[(i + n) % len(groups)],
                owner=person,
                description=f"Action {n} of {person.name}: agree the plan and report back",
                due=ON + datetime.timedelta(days=n * 27 // max(per_owner - 1, 1) - 20),
                created_on=ON - datetime.timedelta(days=60),
            )
            for i, person in enumerate(people)
            for n in range(per_owner)
        ),
        batch_size=2000,
    )


def _warm_up():
    """What a worker process does once, not per run: load the URLs and the templates."""
    from django.template.loader import get_template
    from django.urls import reverse

    reverse("home")
    for kind in ("digest", "escalation"):
        for part in ("subject.txt", "body.txt", "body.html"):
            get_template(f"emails/reminder-{kind}-{part}")


def _time(label, chunk, backend):
    from django.conf import settings
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders.services import send_reminders

    settings.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        outcome = send_reminders(ON, chunk=chunk)
        seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s, {len(queries.captured_queries)} queries; {outcome}")
    return seconds, outcome.digests + outcome.escalations


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--actions", type=int, default=10, help="open actions an owner")
    parser.add_argument("--chunk", type=int, default=1000)
    args = parser.parse_args()
    _configure()

    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    databases = setup_databases(verbosity=0, interactive=False)
    try:
        _build(args.owners, args.actions)
        actions = args.owners * args.actions
        print(
            f"reminders on {connection.vendor}: {actions:,} open actions, {args.owners:,} owners, "
            f"chunks of {args.chunk:,}"
        )
        _warm_up()
        seconds, emails = _time("first run", args.chunk, "dummy")
        print(f"  {emails:,} emails; {seconds / actions * 10_000:.2f} s per 10,000 actions")
        _time("same day again", args.chunk, "dummy")
        from reminders.models import Reminder

        Reminder.objects.all().delete()
        _time("first run again, each message serialised (locmem)", args.chunk, "locmem")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
