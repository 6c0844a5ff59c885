"""A synthetic register at scale N: N counties of 5 partnerships, 60 groups,
600 people and 1,500 memberships each, with ten years of meetings at each
group's frequency (5 agenda items, one exempt; attendance of every member;
6 actions a meeting, 30% open), and each county's money: 4 funding streams,
a budget from each for each partnership and each of five financial years,
3 allocations a budget, 500 grants a year for three years with quarterly
monitoring returns (some late, some missing) and a needs-based formula;
each partnership's strategy (a past and a running plan of 6 priorities with
milestones and quarterly updates, 4 indicators with 12 quarters of values and
targets, grants tagged with the priority they serve) and its scrutiny (2
reviews of its own and a county-wide one, each with members, 5 findings and 6
recommendations in every state of response and follow-up). Some priorities
lack a lead, a delivery plan or a recent update, and some recommendations a
response, so that the health checks find things.
A county of another shape (the WIDE one: three partnerships of 2,000 groups each)
is built the same way. Built once per database; money, strategy and scrutiny are each added to a
register built without them."""

import random
import time

from django.db import connection, transaction

from accounts.models import User
from bench.generate.funding import build_funding
from bench.generate.register import COUNTY, build_meetings, build_register
from bench.generate.scrutiny import build_scrutiny
from bench.generate.strategy import build_strategy
from funding.models import Grant
from partnerships.models import Partnership
from scrutiny.models import Review
from strategy.models import Plan


def build(scale, shape=COUNTY):
    rng = random.Random(scale)
    loaded = False
    if not Partnership.objects.filter(name="County 1 Partnership 1").exists():
        started = time.perf_counter()
        for county in range(1, scale + 1):
            with transaction.atomic():
                build_register(county, rng, shape)
                build_meetings(county, rng, shape)
            if county % 10 == 0:
                _analyze()  # the next counties' reads are planned on the rows now there
                print(f"county {county} of {scale}: {time.perf_counter() - started:.0f} s")
        loaded = True
    # The money has its own seed, so it comes out the same whether or not the
    # register was built in the same run.
    money_rng = random.Random(f"funding {scale}")
    for county in range(1, scale + 1):
        if not Grant.objects.filter(identifier__startswith=f"360G-bench-{county}-").exists():
            with transaction.atomic():
                build_funding(county, money_rng)
            loaded = True
    # Strategy and scrutiny have their own seeds too, for the same reason.
    strategy_rng = random.Random(f"strategy {scale}")
    for county in range(1, scale + 1):
        if not Plan.objects.filter(partnership__name__startswith=f"County {county} ").exists():
            with transaction.atomic():
                build_strategy(county, strategy_rng)
            loaded = True
    scrutiny_rng = random.Random(f"scrutiny {scale}")
    for county in range(1, scale + 1):
        if not Review.objects.filter(title__startswith=f"County {county} ").exists():
            with transaction.atomic():
                build_scrutiny(county, scrutiny_rng)
            loaded = True
    if loaded:
        _analyze()
    return _users()


def _analyze():
    """A live database keeps its planner statistics up to date; a bulk load must
    ask for them."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _users():
    first = Partnership.objects.order_by("pk").first()
    users = {}
    for role in ("officer", "scrutiny", "admin"):
        user, created = User.objects.get_or_create(
            email=f"{role}@bench.test",
            defaults={"role": role, "is_staff": role == "admin", "is_superuser": role == "admin"},
        )
        if created and role == "officer":
            user.partnerships.set([first])
        users[role] = user
    return users
