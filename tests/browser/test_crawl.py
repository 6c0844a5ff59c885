"""Every route of the product, as each role sees it.

From each role's home page the crawl follows every link on the site breadth-first,
at most VISITS_PER_ROUTE times per route, and runs axe on every HTML page. It fails
on an axe violation, a Content-Security-Policy violation, a link that leads to an
error (or to no route at all), and on a route that no role reached.
"""

import datetime
import time
from collections import Counter, deque
from urllib.parse import parse_qs, urldefrag, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from demo.agreements import load_agreements
from demo.dhr import load_dhr
from funding.models import Allocation, Grant
from meetings.links import action_link
from meetings.models import Action, Meeting
from partnerships.models import Group, Partnership
from reports.access import sees_exempt
from reports.models import Report
from reports.services import request_report
from scrutiny.models import Review
from strategy.models import Priority, Risk, RiskReview
from tests.browser.conftest import axe_violations, current_code, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "partnership-demo"
VISITS_PER_ROUTE = 1

# Routes whose response is a file, not a page: each is fetched (not rendered) when
# a link reaches it, and must answer 200 with something other than HTML.
DOWNLOADS = {
    "partnerships:register_export",
    "partnerships:register_template",
    "partnerships:group_tor",
    "partnerships:board_link_protocol",
    "agreements:agreement_document",
    "strategy:strategy_document",
    "meetings:tracker_download",
    "meetings:paper_download",
    "meetings:feed",
    "funding:evaluation_download",
    "funding:evidence_download",
    "funding:statement_download",
    "scrutiny:evidence_file",
    "reports:download",
    "opendata:catalogue",
    "opendata:download",
    "opendata:record_feed",
    "opendata:record_group_feed",
    "opendata:record_calendar",
    "opendata:record_paper",
}
# The download under a list or table: the same address with ?format=….
FORMATS = {"csv": "text/csv", "xlsx": "spreadsheetml"}

# Routes no link on a page reaches, each with the reason. Everything else in the
# URLconf must be reached by the crawl of at least one role.
UNREACHED = {
    "healthz": "plain-text probe for the load balancer",
    "readyz": "JSON probe for the load balancer and monitoring",
    "reminders:notify_delivery": "POST only: GOV.UK Notify's delivery reports",
    "metrics": "Prometheus text for the monitoring's scraper, behind a token",
    "logout": "POST only: the Sign out button",
    "meetings:publish_agenda": "POST only: a button on the meeting page",
    "meetings:minutes_approve": "POST only: a button on the meeting page",
    "meetings:minutes_circulate": "POST only: a button on the meeting page",
    "partnerships:group_archive": "POST only: a button on the group's edit page",
    "partnerships:organisation_archive": "POST only: a button on the organisation's edit page",
    "partnerships:person_archive": "POST only: a button on the person's edit page",
    "partnerships:person_erase": "POST only: a button on the person's personal data page",
    "funding:allocation_withdraw": "POST only: a button on the allocation's edit page",
    "funding:formula_new_version": "POST only: a button on the formula page",
    "reports:retry": "POST only: a button on a failed report's page",
    "reports:request": "POST only: the 'Download … (PDF)' buttons",
    "reports:status": "HTML fragment polled by the report page's script, not a page",
    "meetings:person_feed_link": "plain text: a calendar address, for a script to read",
    "meetings:feed": "a calendar address shown as text to copy, not a link",
    "partnerships:group_tor": "a download: the demo groups have no Terms of Reference file",
    "partnerships:board_link_protocol": "a download: the demo's links hold no protocol file",
    "agreements:agreement_document": "a download: the demo agreements have no document",
    "strategy:strategy_document": "a download: the demo plans have no document",
    "funding:evaluation_download": "a download: the demo grants have no evaluation file",
    "funding:evidence_download": "a download: the demo returns have no evidence file",
    "scrutiny:evidence_file": "a download: the demo evidence sessions have no file",
    "accounts:two_factor_verify": "the second step of signing in: see the forms test below",
    "accounts:directory_login": "single sign-on is not set up in the demo",
    "accounts:directory_callback": "where the council's directory sends people back to",
    "accounts:two_factor_start": "POST only: the set-up button on the account page",
    "accounts:reminders": "POST only: the reminder email buttons on the account page",
    "accounts:two_factor_setup": "reached only through the set-up button's POST",
    "accounts:backup_codes": "reached only through the new-backup-codes button's POST",
    "api:root": "redirects to the API documentation (visited directly)",
    "api:schema": "the OpenAPI schema, YAML for machines",
    "search": "a form in every page's header, not a link: see test_search.py",
    "meetings:action_revoke_links": "POST only: a button on the action page",
    "meetings:tracker_request_updates": "POST only: a button on the tracker",
    "meetings:item_move": "POST only: the Move up and Move down buttons of an agenda",
    "meetings:item_withdraw": "a link on agendas not yet published: the demo's are published",
    "meetings:declaration_remove": "POST only: a button beside each declaration",
    "partnerships:deputy_remove": "POST only: a button beside each deputy",
}


def _routes(resolver=None, namespace=""):
    """Every named route in the URLconf as 'namespace:name', less the Django admin
    and the JSON endpoints of the API."""
    resolver = resolver or get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner != "admin":
                names |= _routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return {
        n for n in names if not n.startswith("api:") or n in {"api:docs", "api:root", "api:schema"}
    }


def _route_of(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _followed(path):
    """Whether the crawl follows a same-origin link to this path."""
    if path.startswith(("/admin/", "/static/", "/media/")) or path == "/logout/":
        return False
    return not path.startswith("/api/") or path == "/api/v1/docs/"


class Crawl:
    """One role's breadth-first walk, with what it found wrong."""

    def __init__(self, page, base, role):
        self.page, self.base, self.role = page, base, role
        self.visits = Counter()
        self.seen = set()
        self.pages = set()
        self.routes = set()
        self.fetched = set()
        self.problems = []
        self.bad_responses = []
        page.on("response", self._on_response)

    def _on_response(self, response):
        if response.status >= 400 and response.url.startswith(self.base):
            self.bad_responses.append(f"{response.status} {response.url}")

    def problem(self, where, text):
        self.problems.append(f"[{self.role}] {where}: {text}")

    def run(self, starts):
        queue = deque()
        for url in starts:
            self._enqueue(queue, url, "start", force=True)
        while queue:
            url, route, fmt, found_on = queue.popleft()
            if route in DOWNLOADS or fmt:
                self._fetch(url, route, fmt, found_on)
            else:
                for link in self._visit(url, route, found_on):
                    self._enqueue(queue, link, url)
        self.page.remove_listener("response", self._on_response)
        return self

    def _enqueue(self, queue, url, found_on, force=False):
        url = urldefrag(url).url
        parts = urlsplit(url)
        if url in self.seen or f"{parts.scheme}://{parts.netloc}" != self.base:
            return
        self.seen.add(url)
        if not _followed(parts.path):
            return
        route = _route_of(parts.path)
        if route is None:
            self.problem(found_on, f"a link to {parts.path} matches no route")
            return
        fmt = parse_qs(parts.query).get("format", [""])[0]
        key = f"{route}?format={fmt}" if fmt else route
        if not force and self.visits[key] >= VISITS_PER_ROUTE:
            return
        self.visits[key] += 1
        queue.append((url, route, fmt, found_on))

    def _fetch(self, url, route, fmt, found_on):
        response = self.page.request.get(url)
        kind = response.headers.get("content-type", "")
        if response.status != 200:
            self.problem(found_on, f"{response.status} from the download {url}")
        elif "text/html" in kind or FORMATS.get(fmt, "") not in kind:
            self.problem(found_on, f"the download {url} is {kind}")
        elif not fmt:
            self.fetched.add(route)
        response.dispose()

    def _visit(self, url, route, found_on):
        csp_before = len(self.page.csp_violations)
        bad_before = len(self.bad_responses)
        response = self.page.goto(url)
        if response is None or response.status >= 400:
            self.problem(found_on, f"{response and response.status} from {url}")
            return []
        if "text/html" not in response.headers.get("content-type", ""):
            self.problem(url, f"answers {response.headers.get('content-type')}, not a page")
            return []
        self.pages.add(url)
        self.routes |= {route, _route_of(urlsplit(self.page.url).path)}
        for line in axe_violations(self.page):
            self.problem(url, line)
        for line in self.page.csp_violations[csp_before:]:
            self.problem(url, line)
        for line in self.bad_responses[bad_before:]:
            self.problem(url, f"the page loaded {line}")
        return self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")


@pytest.fixture
def demo(demo, settings):
    """The demo data, with the open-data pages on."""
    settings.OPEN_DATA_ENABLED = True


def _owner_link(base):
    action = Action.objects.open().filter(owner__isnull=False).order_by("pk").first()
    return action_link(action.owner, base=base)


def _reset_link(base):
    user = User.objects.get(email="officer@demo.test")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{base}/password-reset/{uid}/{default_token_generator.make_token(user)}/"


def _report(email):
    """A board pack the user asked for: the reports pages follow that form's POST."""
    user = User.objects.get(email=email)
    meeting = Meeting.objects.filter(group__partnership__in=user.partnerships.all()).first()
    kind = Report.Kind.BOARD_PACK
    request_report(kind, meeting, include_exempt=sees_exempt(user, kind, meeting), user=user)
    return reverse("reports:list")


def _risk():
    """A reviewed risk of the officer's partnership (the demo has none): the register
    links to its page, which links to its edit and review forms."""
    partnership = Partnership.objects.get(name="Swindon Community Safety Partnership")
    today = timezone.localdate()
    risk = Risk.objects.create(
        partnership=partnership,
        title="Loss of the drug treatment contract",
        category=Risk.Category.DELIVERY,
        cause="The provider's contract ends.",
        effect="Referrals stop.",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=3,
        residual_impact=5,
        review_due=today + datetime.timedelta(days=60),
    )
    risk.priorities.set(Priority.objects.filter(plan__partnership=partnership)[:1])
    risk.actions.set(Action.objects.filter(group__partnership=partnership).open()[:1])
    RiskReview.objects.create(
        risk=risk, reviewed_on=today - datetime.timedelta(days=30), likelihood=4, impact=5
    )


def test_every_route_for_every_role_is_accessible_and_linked(page, live_server, demo):
    base = live_server.url
    _risk()
    load_dhr()  # the demo's domestic homicide review (nothing if the demo loaded it)
    load_agreements()  # the demo's agreements registers, whether or not load_demo loads them
    officers_meeting = Meeting.objects.filter(
        group__partnership__name="Swindon Community Safety Partnership",
        status=Meeting.Status.SCHEDULED,
    ).latest("date")
    allocated_budget = Allocation.objects.order_by("pk").first().budget
    # Minutes approved (with a link to correct them), and a meeting with public papers.
    approved = Meeting.objects.filter(minutes_status=Meeting.Minutes.CIRCULATED).first()
    with_papers = (
        Meeting.objects.filter(items__papers__isnull=False, agenda_published_at__isnull=False)
        .order_by("-date")
        .first()
    )
    county = Partnership.objects.get(name="Safer Communities Board")
    monitored_grant = next(
        g for g in Grant.objects.filter(returns_every__gt=0).order_by("pk") if g.is_live
    )
    # Each role starts at its home page. Other starts: the pages no link leads to
    # (emailed links, pages that follow a form), and records in a state whose page
    # shows a link the first record of its kind may not (minutes still to draft or
    # approved, a budget with allocations, a live grant with monitoring returns, a
    # public meeting with papers).
    roles = {
        "visitor": [
            f"{base}/",
            _reset_link(base),
            f"{base}/password-reset/sent/",
            f"{base}/password-reset/complete/",
            f"{base}/open-data/",
            f"{base}/open-data/meetings/{with_papers.uid}/",
        ],
        "owner": [_owner_link(base)],
        "officer": [
            f"{base}/",
            f"{base}/api/v1/docs/",
            base + _report("officer@demo.test"),
            base + officers_meeting.get_absolute_url(),
            base + approved.get_absolute_url(),
        ],
        "scrutiny": [f"{base}/"],
        "chair": [f"{base}/"],
        "admin": [
            f"{base}/",
            base + allocated_budget.get_absolute_url(),
            base + monitored_grant.get_absolute_url(),
            # The scrutiny member's own review is being scoped: the links to change
            # evidence, key issues and recommendations are on a reported review's page.
            base + Review.objects.get(title__endswith="Partnership in Swindon").get_absolute_url(),
            # The county group's strategy: its Community Safety Agreement links to the
            # county dashboard.
            base + reverse("strategy:strategy", args=[county.pk]),
        ],
    }
    crawls, timings = [], {}
    for role, starts in roles.items():
        started = time.monotonic()
        page.context.clear_cookies()
        if role not in ("visitor", "owner"):
            sign_in(page, base, f"{role}@demo.test", PASSWORD)
            assert page.url == f"{base}/", f"{role} could not sign in"
        crawls.append(Crawl(page, base, role).run(starts))
        timings[role] = round(time.monotonic() - started, 1)

    pages = sum(len(c.pages) for c in crawls)
    visited = set().union(*(c.routes for c in crawls))
    fetched = set().union(*(c.fetched for c in crawls))
    print(f"\n{pages} pages of {len(visited)} routes, {len(fetched)} downloads; seconds: {timings}")
    problems = [p for c in crawls for p in c.problems]
    assert problems == []

    missing = _routes() - visited - fetched - set(UNREACHED)
    assert missing == set(), "routes no link reached: add a link, or say why in UNREACHED"
    assert set(UNREACHED) - _routes() == set(), "UNREACHED names a route that does not exist"
    assert set(UNREACHED) & (visited | fetched) == set(), "reached after all: drop from UNREACHED"


def test_the_main_forms_show_their_errors_accessibly(page, live_server, demo):
    base = live_server.url
    board = Group.objects.get(
        partnership__name="Swindon Community Safety Partnership",
        name="Community Safety Partnership Board",
    )
    failures = {}

    def submit():
        """Send the page's form (not the Sign out one) as it is."""
        with page.expect_navigation():
            page.locator(
                "main form:not([action$='/logout/']):not([role=search]) [type=submit]"
            ).first.click()

    def check(name):
        violations = axe_violations(page) + page.csp_violations
        if violations:
            failures[name] = violations

    page.goto(f"{base}/login/")
    submit()
    assert page.locator(".govuk-error-summary").is_visible()
    check("login")
    # The administrator's second step of signing in: a code, here left out first.
    page.get_by_label("Email address").fill("admin@demo.test")
    page.get_by_label("Password").fill(PASSWORD)
    submit()
    assert "/login/code/" in page.url
    check("code")
    submit()
    assert page.locator(".govuk-error-summary").is_visible()
    check("code-error")
    page.get_by_label("Code", exact=True).fill(current_code("admin@demo.test"))
    submit()
    assert page.url == f"{base}/"

    forms = [
        reverse("partnerships:partnership_create"),
        reverse("partnerships:organisation_create"),
        reverse("partnerships:person_create"),
        reverse("partnerships:membership_add", args=[board.pk]),
        reverse("meetings:meeting_create", args=[board.pk]),
        reverse("meetings:action_create", args=[board.pk]),
        reverse("funding:grant_create"),
        reverse("scrutiny:review_create"),
    ]
    for path in forms:
        page.goto(base + path)
        submit()
        assert page.locator(".govuk-error-summary").is_visible(), path
        assert page.locator(".govuk-error-message").count() > 0, path
        check(path)
    assert failures == {}
