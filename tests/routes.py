"""Every route of the URLconf, made concrete against one seeded world of records.

`routes()` walks `get_resolver().url_patterns` (Django admin's own pages and
static files left out). `paths(route, world)` fills a route's arguments from
`FILLERS` and returns its concrete paths, one per variant (an open and an
exempt agenda item, say). A route with arguments that `FILLERS` does not know
is an error, never a skip: a route added later cannot escape the tests that
walk them all.

`seeded_world()` backs a module-scoped fixture: it seeds the records once for a
test module inside a transaction that is rolled back when the module is done,
and each test runs in a savepoint inside it.
"""

import datetime
import functools
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.tests.factories import records_of
from dhr.models import Review as HomicideReview
from funding.models import AllocationFormula
from funding.tests.factories import (
    AllocationFormulaFactory,
    FormulaAreaFactory,
    FormulaIndicatorFactory,
)
from meetings.calendar import feed_token
from meetings.links import action_token
from meetings.models import Decision, Declaration, Paper
from opendata import datasets
from partnerships.models import BoardLink, Deputy, PartnershipMember
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
)
from reports.models import Report
from scrutiny import findings
from scrutiny.models import HealthFinding, PastReview
from scrutiny.tests.factories import ReviewQuestionFactory
from strategy.models import Plan, Priority, StrategicAssessment

# Planted in the exempt (Schedule 12A) records: the item's title, its decision and
# paper; and the description of the action raised on it.
ITEM_MARKER = "Qz7ExemptItemMarker"
ACTION_MARKER = "Kx3ExemptActionMarker"
# Planted in partnership A's domestic homicide review: its case reference and its
# recommendation; and the description of the recommendation's action in the board's
# tracker (hidden as the exempt item's action is).
DHR_MARKER = "Vw5HomicideReviewMarker"
DHR_ACTION_MARKER = "Jm8HomicideActionMarker"

PERSONAS = ("officer_a", "officer_b", "chair", "scrutiny", "owner", "admin")


class UnknownRoute(Exception):
    """A route whose arguments the tests do not know how to fill."""


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "namespace:<pattern>" for an unnamed pattern
    pattern: str  # the full pattern, for messages
    callback: object
    arguments: tuple  # the arguments the path needs (not those the pattern supplies)

    def __str__(self):
        return self.name


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django admin's own pages: covered by one check of their own
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            if entry.callback.__module__.startswith("django.contrib.staticfiles"):
                continue
            pattern = prefix + str(entry.pattern)
            name = entry.name or str(entry.pattern)
            regex = entry.pattern.regex
            arguments = tuple(sorted(set(regex.groupindex) - set(entry.default_args))) or tuple(
                range(regex.groups - len(regex.groupindex))
            )
            yield Route(
                name=f"{namespace}:{name}" if namespace else name,
                pattern=pattern,
                callback=entry.callback,
                arguments=arguments,
            )


def routes():
    """Every route of the URLconf, in its order."""
    found = list(_walk(get_resolver().url_patterns))
    names = [r.name for r in found]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise UnknownRoute(f"two routes share a name, so one would escape: {sorted(duplicates)}")
    return found


def by_name():
    return {r.name: r for r in routes()}


# How each route with arguments is filled: route name -> world -> {variant: kwargs}.
# An unnamed route gives its path itself under the key "path".


def _one(**kwargs):
    return lambda w: {"": kwargs_of(w, kwargs)}


def kwargs_of(w, spec):
    return {key: _resolve(w, value) for key, value in spec.items()}


def _resolve(w, value):
    """'a.pk' style references into the world; anything else as it is."""
    if isinstance(value, str) and value.startswith("@"):
        obj = w
        for part in value[1:].split("."):
            obj = getattr(obj, part)
        return obj
    return value


def _both(**variants):
    return lambda w: {name: kwargs_of(w, spec) for name, spec in variants.items()}


R = {"pk": "@review.pk"}

FILLERS = {
    # accounts
    "password_reset_confirm": _one(uidb64="@reset_uid", token="@reset_token"),
    # partnerships
    "partnerships:partnership_detail": _one(pk="@a.pk"),
    "partnerships:partnership_edit": _one(pk="@a.pk"),
    "partnerships:partnership_member_add": _one(pk="@a.pk"),
    "partnerships:partnership_member_remove": _one(pk="@a.pk", member_pk="@a_member.pk"),
    "partnerships:structure": _one(pk="@a.pk"),
    "partnerships:board_link_create": _one(pk="@a.pk"),
    "partnerships:board_link_edit": _one(pk="@board_link.pk"),
    "partnerships:board_link_remove": _one(pk="@board_link.pk"),
    "partnerships:board_link_protocol": _one(pk="@board_link.pk"),
    # agreements
    "agreements:agreement_register": _one(pk="@a.pk"),
    "agreements:agreement_create": _one(pk="@a.pk"),
    "agreements:agreement_detail": _one(pk="@sharing_agreement.pk"),
    "agreements:agreement_edit": _one(pk="@sharing_agreement.pk"),
    "agreements:agreement_document": _one(pk="@sharing_agreement.pk"),
    "agreements:party_add": _one(pk="@sharing_agreement.pk"),
    "agreements:party_edit": _one(pk="@party.pk"),
    "agreements:party_sign": _one(pk="@party.pk"),
    "partnerships:tor_register": _one(pk="@a.pk"),
    "partnerships:load": _one(pk="@a.pk"),
    "partnerships:group_create": _one(pk="@a.pk"),
    "partnerships:group_detail": _one(pk="@board.pk"),
    "partnerships:group_edit": _one(pk="@board.pk"),
    "partnerships:group_archive": _one(pk="@board.pk"),
    "partnerships:group_tor": _one(pk="@board.pk"),
    "partnerships:membership_add": _one(pk="@board.pk"),
    "partnerships:membership_edit": _one(pk="@membership.pk"),
    "partnerships:seat_deputies": _one(pk="@membership.pk"),
    "partnerships:deputy_remove": _one(pk="@deputy.pk"),
    "partnerships:organisation_detail": _one(pk="@organisation.pk"),
    "partnerships:organisation_edit": _one(pk="@organisation.pk"),
    "partnerships:organisation_archive": _one(pk="@organisation.pk"),
    "partnerships:person_detail": _one(pk="@member.pk"),
    "partnerships:person_edit": _one(pk="@member.pk"),
    "partnerships:person_archive": _one(pk="@member.pk"),
    "partnerships:person_data": _one(pk="@member.pk"),
    "partnerships:person_erase": _one(pk="@member.pk"),
    # strategy
    "strategy:strategy": _one(pk="@a.pk"),
    "strategy:indicator_values_upload": _one(pk="@a.pk"),
    "strategy:assessment_create": _one(pk="@a.pk"),
    "strategy:plan_create": _one(pk="@a.pk"),
    "strategy:indicator_create": _one(pk="@a.pk"),
    "strategy:priority_create": _one(pk="@plan.pk"),
    "strategy:agreement_dashboard": _one(pk="@agreement.pk"),
    "strategy:plan_edit": _one(pk="@plan.pk"),
    "strategy:assessment_edit": _one(pk="@assessment.pk"),
    "strategy:priority_edit": _one(pk="@priority.pk"),
    "strategy:milestone_create": _one(pk="@priority.pk"),
    "strategy:target_create": _one(pk="@indicator.pk"),
    "strategy:strategy_document": _both(
        plan={"kind": "plan", "pk": "@plan.pk"},
        assessment={"kind": "assessment", "pk": "@assessment.pk"},
    ),
    "strategy:priority_detail": _one(pk="@priority.pk"),
    "strategy:indicator_detail": _one(pk="@indicator.pk"),
    "strategy:risk_register": _one(pk="@a.pk"),
    "strategy:risk_create": _one(pk="@a.pk"),
    "strategy:risk_detail": _one(pk="@risk.pk"),
    "strategy:risk_edit": _one(pk="@risk.pk"),
    "strategy:risk_review_create": _one(pk="@risk.pk"),
    # domestic homicide reviews
    "dhr:register": _one(pk="@a.pk"),
    "dhr:review_create": _one(pk="@a.pk"),
    "dhr:review_detail": _one(pk="@dhr_review.pk"),
    "dhr:review_edit": _one(pk="@dhr_review.pk"),
    "dhr:recommendation_create": _one(pk="@dhr_review.pk"),
    # meetings
    "meetings:group_meetings": _one(pk="@board.pk"),
    "meetings:meeting_create": _one(pk="@board.pk"),
    "meetings:tracker": _one(pk="@board.pk"),
    "meetings:action_create": _one(pk="@board.pk"),
    "meetings:tracker_upload": _one(pk="@board.pk"),
    "meetings:tracker_request_updates": _one(pk="@board.pk"),
    "meetings:action_send_link": _both(
        open={"pk": "@open_action.pk"}, exempt={"pk": "@exempt_action.pk"}
    ),
    "meetings:action_revoke_links": _both(
        open={"pk": "@open_action.pk"}, exempt={"pk": "@exempt_action.pk"}
    ),
    "meetings:tracker_download": _one(pk="@board.pk"),
    "meetings:meeting_detail": _one(pk="@meeting.pk"),
    "meetings:meeting_edit": _one(pk="@meeting.pk"),
    "meetings:meeting_cancel": _one(pk="@meeting.pk"),
    "meetings:publish_agenda": _one(pk="@meeting.pk"),
    "meetings:item_add": _one(pk="@meeting.pk"),
    "meetings:attendance": _one(pk="@meeting.pk"),
    "meetings:guest_add": _one(pk="@meeting.pk"),
    "meetings:minutes_edit": _one(pk="@meeting.pk"),
    "meetings:minutes_correct": _one(pk="@meeting.pk"),
    "meetings:declaration_add": _one(pk="@meeting.pk"),
    "meetings:declaration_remove": _one(pk="@declaration.pk"),
    "meetings:item_move": _both(
        open={"pk": "@open_item.pk", "direction": "down"},
        exempt={"pk": "@exempt_item.pk", "direction": "up"},
    ),
    "meetings:item_withdraw": _both(open={"pk": "@open_item.pk"}, exempt={"pk": "@exempt_item.pk"}),
    "meetings:minutes_approve": _one(pk="@meeting.pk"),
    "meetings:minutes_circulate": _one(pk="@meeting.pk"),
    "meetings:item_edit": _both(open={"pk": "@open_item.pk"}, exempt={"pk": "@exempt_item.pk"}),
    "meetings:action_edit": _both(
        open={"pk": "@open_action.pk"}, exempt={"pk": "@exempt_action.pk"}
    ),
    "meetings:decision_add": _both(open={"pk": "@open_item.pk"}, exempt={"pk": "@exempt_item.pk"}),
    "meetings:paper_download": _both(
        open={"pk": "@open_paper.pk"}, exempt={"pk": "@exempt_paper.pk"}
    ),
    "meetings:action_detail": _both(
        open={"pk": "@open_action.pk"}, exempt={"pk": "@exempt_action.pk"}
    ),
    "meetings:owner_link": _one(token="@owner_token"),
    "meetings:person_actions": _both(member={"pk": "@member.pk"}, owner={"pk": "@owner.pk"}),
    "meetings:person_feed_link": _both(member={"pk": "@member.pk"}, owner={"pk": "@owner.pk"}),
    "meetings:feed": _one(token="@feed_token"),
    # funding
    "funding:stream_edit": _one(pk="@stream.pk"),
    "funding:budget_detail": _one(pk="@budget.pk"),
    "funding:budget_edit": _one(pk="@budget.pk"),
    "funding:allocation_create": _one(pk="@budget.pk"),
    "funding:allocation_edit": _one(pk="@allocation.pk"),
    "funding:allocation_withdraw": _one(pk="@allocation.pk"),
    "funding:formula_create": _one(pk="@a.pk"),
    "funding:formula_detail": _one(pk="@formula.pk"),
    "funding:formula_indicator_add": _one(pk="@formula.pk"),
    "funding:formula_area_add": _one(pk="@formula.pk"),
    "funding:formula_values": _one(pk="@formula.pk"),
    "funding:formula_confirm": _one(pk="@formula.pk"),
    "funding:formula_new_version": _one(pk="@formula.pk"),
    "funding:grant_detail": _one(pk="@grant.pk"),
    "funding:grant_edit": _one(pk="@grant.pk"),
    "funding:return_create": _one(pk="@grant.pk"),
    "funding:grant_evaluation": _one(pk="@grant.pk"),
    "funding:evaluation_download": _one(pk="@grant.pk"),
    "funding:evidence_download": _one(pk="@grant.pk", return_pk="@monitoring_return.pk"),
    "funding:statement": _one(pk="@a.pk"),
    "funding:statement_download": _one(pk="@a.pk", fmt="csv"),
    # scrutiny
    "scrutiny:dashboard": _one(pk="@a.pk"),
    "scrutiny:review_detail": _one(**R),
    "scrutiny:review_edit": _one(**R),
    "scrutiny:member_add": _one(**R),
    "scrutiny:member_edit": _one(**R, member_pk="@review_member.pk"),
    "scrutiny:member_remove": _one(**R, member_pk="@review_member.pk"),
    "scrutiny:scope": _one(**R),
    "scrutiny:question_add": _one(**R),
    "scrutiny:question_edit": _one(**R, question_pk="@question.pk"),
    "scrutiny:question_remove": _one(**R, question_pk="@question.pk"),
    "scrutiny:evidence_add": _one(**R),
    "scrutiny:evidence_edit": _one(**R, session_pk="@session.pk"),
    "scrutiny:evidence_file": _one(**R, session_pk="@session.pk"),
    "scrutiny:witness_add": _one(**R, session_pk="@session.pk"),
    "scrutiny:witness_remove": _one(**R, session_pk="@session.pk", witness_pk="@witness.pk"),
    "scrutiny:finding_add": _one(**R),
    "scrutiny:finding_edit": _one(**R, finding_pk="@finding.pk"),
    "scrutiny:finding_withdraw": _one(**R, finding_pk="@finding.pk"),
    "scrutiny:recommendation_add": _one(**R),
    "scrutiny:recommendation_edit": _one(**R, recommendation_pk="@recommendation.pk"),
    "scrutiny:recommendation_withdraw": _one(**R, recommendation_pk="@recommendation.pk"),
    "scrutiny:recommendation_respond": _one(**R, recommendation_pk="@recommendation.pk"),
    "scrutiny:action_create": _one(**R, recommendation_pk="@recommendation.pk"),
    "scrutiny:health_finding": _both(
        public={"pk": "@health_finding.pk"}, exempt={"pk": "@exempt_health_finding.pk"}
    ),
    "scrutiny:health_finding_answer": _both(
        public={"pk": "@health_finding.pk"}, exempt={"pk": "@exempt_health_finding.pk"}
    ),
    # reports: the copy with exempt items and the copy without
    "reports:detail": _both(exempt={"pk": "@exempt_report.pk"}, public={"pk": "@public_report.pk"}),
    "reports:status": _both(exempt={"pk": "@exempt_report.pk"}, public={"pk": "@public_report.pk"}),
    "reports:download": _both(
        exempt={"pk": "@exempt_report.pk"}, public={"pk": "@public_report.pk"}
    ),
    "reports:retry": _both(exempt={"pk": "@exempt_report.pk"}, public={"pk": "@public_report.pk"}),
    # open data
    "opendata:download": _one(name="@open_data.name", fmt="@open_data.fmt"),
    "opendata:record_group": _one(pk="@board.pk"),
    "opendata:record_group_feed": _one(pk="@board.pk"),
    "opendata:record_calendar": _one(pk="@board.pk"),
    "opendata:record_meeting": _one(uid="@meeting.uid"),
    "opendata:record_paper": _one(pk="@open_paper.pk"),
    # the read API
    "api:organisation-detail": _one(pk="@organisation.pk"),
    "api:partnership-detail": _one(pk="@a.pk"),
    "api:group-detail": _one(pk="@board.pk"),
    "api:person-detail": _one(pk="@member.pk"),
    "api:membership-detail": _one(pk="@membership.pk"),
    "api:meeting-detail": _one(pk="@meeting.pk"),
    "api:action-detail": _both(open={"pk": "@open_action.pk"}, exempt={"pk": "@exempt_action.pk"}),
    "api:priority-detail": _one(pk="@priority.pk"),
    "api:indicator-detail": _one(pk="@indicator.pk"),
    "api:risk-detail": _one(pk="@risk.pk"),
    "api:domestic-homicide-review-detail": _one(pk="@dhr_review.pk"),
    "api:board-link-detail": _one(pk="@board_link.pk"),
    "api:agreement-detail": _one(pk="@sharing_agreement.pk"),
    "api:past-review-detail": _one(pk="@past_review.pk"),
    "api:funding-stream-detail": _one(pk="@stream.pk"),
    "api:budget-detail": _one(pk="@budget.pk"),
    "api:allocation-detail": _one(pk="@allocation.pk"),
    "api:grant-detail": _one(pk="@grant.pk"),
    "api:review-detail": _one(pk="@review.pk"),
    "api:recommendation-detail": _one(pk="@recommendation.pk"),
    # The API's answer to any other address under it.
    "api:^.*/$": lambda w: {"": {"path": "/api/v1/no-such-records/"}},
}


def paths(route, w):
    """{variant: path} for a route in the world `w`; UnknownRoute when it cannot be filled."""
    filler = FILLERS.get(route.name)
    if filler is None:
        if route.arguments:
            raise UnknownRoute(
                f"{route.name} ({route.pattern}) takes {route.arguments}: add it to "
                "FILLERS in tests/routes.py and to the tables of the route tests"
            )
        return {"": reverse(route.name)}
    filled = {}
    for variant, kwargs in filler(w).items():
        filled[variant] = kwargs["path"] if "path" in kwargs else reverse(route.name, kwargs=kwargs)
    return filled


def cases(select=None):
    """(route, variant) pairs for parametrisation, without a database: the variants
    come from the filler's keys, which do not depend on the records."""
    out = []
    for route in routes():
        if select and not select(route):
            continue
        filler = FILLERS.get(route.name)
        variants = list(filler(_KEYS).keys()) if filler else [""]
        out.extend((route.name, variant) for variant in variants)
    return out


class _AnyAttribute:
    """Stands in for the world when only the variants' names are wanted."""

    def __getattr__(self, name):
        return self


_KEYS = _AnyAttribute()


def case_id(case):
    name, variant = case
    return f"{name}[{variant}]" if variant else name


# Changes to the database -------------------------------------------------------------

# A request may write its session and django-axes its log: neither is a record.
UNRECORDED_TABLES = ("django_session", "axes_")


def _recorded(table):
    return not table.startswith(UNRECORDED_TABLES)


@functools.cache
def _count_sql():
    tables = sorted(
        t for t in connection.introspection.django_table_names(only_existing=True) if _recorded(t)
    )
    quote = connection.ops.quote_name
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)


def row_counts():
    """The number of rows of every table of records (history tables included), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_count_sql())
        return cursor.fetchone()


@contextmanager
def watch_writes():
    """Yields a list that, after the block, holds every INSERT, UPDATE or DELETE the
    block sent to a table of records; and fails if the row counts changed."""
    writes = []
    before = row_counts()
    with CaptureQueriesContext(connection) as captured:
        yield writes
    for query in captured.captured_queries:
        sql = query["sql"].lstrip()
        if sql[:6].upper() in ("INSERT", "UPDATE", "DELETE") and not any(
            table in sql for table in UNRECORDED_TABLES
        ):
            writes.append(sql[:160])
    if row_counts() != before:
        writes.append("the number of rows changed")


# The world ---------------------------------------------------------------------------


TEMPLATE_SOURCE = ("{#", "#}", "{%", "%}", "{{", "}}")


class _PageText(HTMLParser):
    """The text a reader sees: every text node and every attribute a screen
    reader may read, outside scripts and styles."""

    SPOKEN = {"alt", "title", "aria-label", "placeholder", "value"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name in self.SPOKEN and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def template_source_in(html):
    """The lines of a page's text that hold template syntax: a comment or a tag
    that was shown instead of being read by the template engine."""
    reader = _PageText()
    reader.feed(html)
    reader.close()
    return [
        " ".join(part.split())[:120]
        for part in reader.parts
        if any(mark in part for mark in TEMPLATE_SOURCE)
    ]


def _file(name, text):
    return ContentFile(text.encode(), name=name)


def build_world():
    """Partnership A with records of every kind (an open and an exempt agenda item,
    an action raised on each, a review, funding records...), partnership B, and a
    signed-in persona of each kind."""
    today = timezone.localdate()
    a = PartnershipFactory(name="Partnership A")
    board = GroupFactory(partnership=a, name="Board of A", kind="board")
    board.tor_file.save("tor.pdf", _file("tor.pdf", "Terms"), save=True)
    w = records_of(a, board)
    b = PartnershipFactory(name="Partnership B")
    GroupFactory(partnership=b, name="Board of B", kind="board")

    # The agenda is published: its public items are in the public record.
    w.meeting.agenda_published_at = timezone.now()
    w.meeting.save(update_fields=["agenda_published_at"])

    # The exempt records carry the markers.
    w.exempt_item.title = f"{ITEM_MARKER} case review of a named family"
    w.exempt_item.save(update_fields=["title"])
    Decision.objects.filter(item=w.exempt_item).update(text=f"{ITEM_MARKER} rehousing agreed")
    w.exempt_action.description = f"{ACTION_MARKER} rehouse the family"
    w.exempt_action.save(update_fields=["description"])
    w.priority.actions.add(w.exempt_action)
    w.risk.actions.add(w.exempt_action)
    w.open_paper = Paper.objects.create(
        item=w.open_item, title="Performance paper", file=_file("open.pdf", "Open paper")
    )
    w.exempt_paper = Paper.objects.create(
        item=w.exempt_item, title=f"{ITEM_MARKER} paper", file=_file("exempt.pdf", "Exempt")
    )

    # A's domestic homicide review carries its markers; so does its recommendation's
    # action, in the board's tracker, owned by a member of the board.
    w.dhr_review = HomicideReview.objects.create(
        partnership=a,
        case_reference=f"{DHR_MARKER} 2026/01",
        notified_on=today - datetime.timedelta(days=20),
        decision=HomicideReview.Decision.REVIEW,
        decided_on=today - datetime.timedelta(days=10),
        independent_chair=f"{DHR_MARKER} chair",
    )
    w.dhr_review.panel.add(OrganisationFactory(name="Panel organisation"))
    w.dhr_recommendation = w.dhr_review.add_recommendation(
        text=f"{DHR_MARKER} train the practices",
        addressed_to=None,
        action=f"{DHR_ACTION_MARKER} commission training",
        group=board,
        owner=w.member,
        due=today + datetime.timedelta(days=90),
        by=None,
    )

    w.deputy = Deputy.objects.create(seat=w.membership, person=PersonFactory(name="Dee Puty"))
    w.declaration = Declaration.objects.create(
        item=w.open_item,
        person=w.membership.person,
        kind=Declaration.Kind.REGISTRABLE,
        did=Declaration.Did.NO_VOTE,
        interest="Trustee of the applicant",
    )

    # Personas.
    chair_person = PersonFactory(name="Pat Chair")
    MembershipFactory(person=chair_person, group=board, role="chair")
    w.users = {
        "officer_a": UserFactory(email="officer-a@example.test", role="officer", partnerships=[a]),
        "officer_b": UserFactory(email="officer-b@example.test", role="officer", partnerships=[b]),
        "chair": UserFactory(email="chair@example.test", role="chair", person=chair_person),
        "scrutiny": UserFactory(email="cllr@example.test", role="scrutiny", partnerships=[a]),
        "owner": w.owner_user,
        "admin": UserFactory(
            email="admin@example.test", role="admin", is_staff=True, is_superuser=True
        ),
    }

    # Records the routes need beyond those `records_of` makes.
    w.a, w.b = a, b
    w.a_member = PartnershipMember.objects.filter(partnership=a).first()
    # A link from A to B, with its protocol; the sharing agreement's document, and
    # its party that has not signed.
    w.board_link = BoardLink.objects.create(
        from_partnership=a, to_partnership=b, kind=BoardLink.Kind.INFORMATION_SHARING
    )
    w.board_link.protocol_file.save("protocol.pdf", _file("protocol.pdf", "Protocol"), save=True)
    w.sharing_agreement.document.save("isa.pdf", _file("isa.pdf", "Agreement"), save=True)
    w.past_review = PastReview.objects.first()  # the library, installed on migrate
    w.party = w.sharing_agreement.parties.filter(signed_on__isnull=True).first()
    w.plan.document.save("plan.pdf", _file("plan.pdf", "Plan"), save=True)
    w.assessment = StrategicAssessment.objects.create(
        partnership=a, title="Strategic assessment", date=today
    )
    w.assessment.document.save("sa.pdf", _file("sa.pdf", "Assessment"), save=True)
    w.agreement = Plan.objects.create(
        partnership=a,
        kind=Plan.Kind.AGREEMENT,
        title="Community Safety Agreement",
        starts=w.plan.starts,
        ends=w.plan.ends,
    )
    w.priority.serves.add(Priority.objects.create(plan=w.agreement, title="Reducing reoffending"))
    w.grant.evaluation_file.save("evaluation.pdf", _file("e.pdf", "Evaluation"), save=True)
    w.monitoring_return = w.grant.returns.first()
    w.monitoring_return.evidence.save("evidence.pdf", _file("r.pdf", "Evidence"), save=True)
    w.formula = AllocationFormulaFactory(holder=a, status=AllocationFormula.Status.DRAFT)
    FormulaIndicatorFactory(formula=w.formula)
    FormulaAreaFactory(formula=w.formula)
    # The review is the scrutiny member's own: they may change it.
    w.review.created_by = w.users["scrutiny"]
    w.review.save(update_fields=["created_by"])
    w.review_member = w.review.members.first()
    w.question = ReviewQuestionFactory(review=w.review)
    w.session = w.review.evidence.first()
    w.session.file.save("session.pdf", _file("s.pdf", "Session"), save=True)
    w.witness = w.session.witnesses.first()
    w.finding = w.review.findings.first()
    w.exempt_report, w.public_report = (
        Report.objects.create(
            kind=Report.Kind.BOARD_PACK,
            meeting=w.meeting,
            include_exempt=include_exempt,
            title=f"Board pack {include_exempt}",
            status=Report.Status.READY,
            requested_by=w.users["admin"],
            file=_file("pack.pdf", "%PDF-1.4 pack"),
        )
        for include_exempt in (True, False)
    )
    # The kept health findings: one the board's chair may answer, and one only the
    # action on the exempt item raises.
    findings.recompute(a)
    findings.recompute(b)
    w.health_finding = HealthFinding.objects.open().get(
        partnership=a, check_name="tor_missing", group=board
    )
    w.exempt_health_finding = (
        HealthFinding.objects.open().filter(partnership=a, exempt=True, check_name="action_overdue").get()
    )
    w.owner_token = action_token(w.owner.pk)
    w.feed_token = feed_token("group", board.pk)
    w.reset_uid = urlsafe_base64_encode(force_bytes(w.users["officer_a"].pk))
    w.reset_token = "not-a-valid-token"  # the page that says the link has expired
    w.open_data = datasets.DATASETS[0].distributions[0]
    return w


def seeded_world(django_db_blocker, tmp_path_factory):
    """Seeds the world for a module-scoped fixture, and rolls it back after the module:

        @pytest.fixture(scope="module")
        def world(django_db_setup, django_db_blocker, tmp_path_factory):
            yield from seeded_world(django_db_blocker, tmp_path_factory)

    Each test (marked django_db) runs in a savepoint inside it."""
    media = tmp_path_factory.mktemp("media")
    quick = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise serves only static files, which these tests leave out, and it scans the
    # static folders each time a test client starts: a second a test, for nothing.
    middleware = [m for m in settings.MIDDLEWARE if not m.startswith("whitenoise.")]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=quick, MIDDLEWARE=middleware),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
