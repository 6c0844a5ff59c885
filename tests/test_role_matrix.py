"""Who gets what: each persona against every route, on the records of partnership A.

The personas: an officer of partnership A, an officer of partnership B, the chair of
A's board (a person who holds the chair there), a scrutiny member with A in scope,
an action owner who signs in, and an administrator. The expectations come from the
product's rules (partnerships/rules.py, meetings/rules.py, funding/rules.py,
scrutiny/rules.py, reports/access.py, api/access.py) and are written out below,
route by route: a route missing from these tables fails the test that checks them.
"""

import pytest
from django.test import Client

from tests.routes import (
    ACTION_MARKER,
    DHR_ACTION_MARKER,
    DHR_MARKER,
    ITEM_MARKER,
    PERSONAS,
    by_name,
    case_id,
    cases,
    paths,
    template_source_in,
    watch_writes,
)

pytestmark = pytest.mark.django_db


OA, OB, CH, SC, OW, AD = PERSONAS
ALL = frozenset(PERSONAS)
NOBODY = frozenset()
# Read the register, meetings, strategy, money and reviews (is_reader).
READERS = frozenset({OA, OB, CH, SC, AD})
# Change partnership A's records: its officers and administrators.
KEEPERS = frozenset({OA, AD})
# Change the shared register and the funding streams: any officer, and administrators.
OFFICERS = frozenset({OA, OB, AD})
# See A's exempt (Schedule 12A) items: its officers, its board's members, administrators.
EXEMPT = frozenset({OA, CH, AD})
# The review is the scrutiny member's own.
REVIEWERS = frozenset({SC, AD})
# Change the link from A to B: the officers of either board, and administrators.
LINKERS = frozenset({OA, OB, AD})
# Respond to a recommendation addressed to A: its officers and administrators.
RESPONDERS = KEEPERS
# A's domestic homicide reviews: its officers and its board's chair see them (never an
# administrator or a scrutiny member); its officers keep them.
DHR_READERS = frozenset({OA, CH})
DHR_KEEPERS = frozenset({OA})

# Who gets the page (200, or a redirect that is not to the sign-in page) for a GET.
# Anyone else must be refused: 403, 404, 405 or a redirect to sign in. A key
# "name[variant]" is for one variant of a route.
GET = {
    "home": ALL,
    "search": ALL,  # each finds what they may see
    "healthz": ALL,
    "readyz": ALL,
    "audit": frozenset({AD}),
    "confidential_downloads": frozenset({AD}),
    "metrics": NOBODY,  # a bearer token, not a sign-in (none set here: 404)
    "accessibility": ALL,
    "privacy": ALL,
    "cookies": ALL,
    "login": ALL,  # a signed-in user is sent on to their home page
    "logout": NOBODY,  # POST only
    "password_reset": ALL,
    "password_reset_done": ALL,
    "password_reset_confirm": ALL,
    "password_reset_complete": ALL,
    "accounts:two_factor_verify": ALL,
    # Single sign-on is not set up here: 404 (accounts/tests/test_single_sign_on.py).
    "accounts:directory_login": NOBODY,
    "accounts:directory_callback": NOBODY,
    "accounts:account": ALL,
    "accounts:password_change": ALL,
    "accounts:two_factor_setup": ALL,
    "accounts:two_factor_start": NOBODY,  # POST only
    "accounts:reminders": NOBODY,  # POST only
    "reminders:notice_list": ALL,  # their own
    "reminders:notice_choices": ALL,  # their own
    "reminders:notify_delivery": NOBODY,  # POST only, from Notify with its token
    "accounts:backup_codes": ALL,
    "accounts:two_factor_turn_off": ALL,
    # partnerships
    "partnerships:partnership_list": READERS,
    "partnerships:partnership_create": OFFICERS,
    "partnerships:partnership_detail": READERS,
    "partnerships:partnership_edit": KEEPERS,
    "partnerships:partnership_member_add": KEEPERS,
    "partnerships:partnership_member_remove": KEEPERS,
    "partnerships:structure": READERS,
    "partnerships:board_link_create": KEEPERS,
    "partnerships:board_link_edit": LINKERS,
    "partnerships:board_link_remove": LINKERS,  # asks first; the POST removes
    "partnerships:board_link_protocol": READERS,
    # agreements: governance documents, read by every reader
    "agreements:agreement_register": READERS,
    "agreements:agreement_create": KEEPERS,
    "agreements:agreement_detail": READERS,
    "agreements:agreement_edit": KEEPERS,
    "agreements:agreement_document": READERS,
    "agreements:party_add": KEEPERS,
    "agreements:party_edit": KEEPERS,
    "agreements:party_sign": KEEPERS,
    "partnerships:tor_register": READERS,
    "partnerships:load": READERS,
    "partnerships:group_create": KEEPERS,
    "partnerships:group_list": READERS,
    "partnerships:group_detail": READERS,
    "partnerships:group_edit": KEEPERS,
    "partnerships:group_archive": NOBODY,  # POST only
    "partnerships:group_tor": READERS,
    "partnerships:membership_add": KEEPERS,
    "partnerships:membership_edit": KEEPERS,
    "partnerships:seat_deputies": KEEPERS,
    "partnerships:deputy_remove": NOBODY,  # POST only
    "partnerships:organisation_list": READERS,
    "partnerships:organisation_create": OFFICERS,
    "partnerships:organisation_detail": READERS,
    "partnerships:organisation_edit": OFFICERS,
    "partnerships:organisation_archive": NOBODY,  # POST only
    "partnerships:register_import": OFFICERS,
    "partnerships:register_export": OFFICERS,  # it holds everyone's email address
    "partnerships:register_template": OFFICERS,  # as the import it is for
    "partnerships:person_list": READERS,
    "partnerships:person_create": OFFICERS,
    "partnerships:person_detail": READERS,
    "partnerships:person_edit": OFFICERS,
    "partnerships:person_archive": NOBODY,  # POST only
    "partnerships:person_data": frozenset({AD}),  # a request under UK GDPR
    "partnerships:person_erase": NOBODY,  # POST only
    # strategy
    "strategy:strategy": READERS,
    "strategy:agreement_dashboard": READERS,
    "strategy:plan_edit": KEEPERS,
    "strategy:assessment_edit": KEEPERS,
    "strategy:indicator_values_upload": KEEPERS,
    "strategy:assessment_create": KEEPERS,
    "strategy:plan_create": KEEPERS,
    "strategy:indicator_create": KEEPERS,
    "strategy:priority_create": KEEPERS,
    "strategy:priority_edit": KEEPERS,
    "strategy:milestone_create": KEEPERS,
    "strategy:target_create": KEEPERS,
    "strategy:strategy_document": READERS,
    "strategy:priority_detail": READERS,
    "strategy:indicator_detail": READERS,
    "strategy:risk_register": READERS,
    "strategy:risk_create": KEEPERS,
    "strategy:risk_detail": READERS,
    "strategy:risk_edit": KEEPERS,
    "strategy:risk_review_create": KEEPERS,
    # domestic homicide reviews
    "dhr:register": DHR_READERS,
    "dhr:review_create": DHR_KEEPERS,
    "dhr:review_detail": DHR_READERS,
    "dhr:review_edit": DHR_KEEPERS,
    "dhr:recommendation_create": DHR_KEEPERS,
    # meetings
    "meetings:group_meetings": READERS,
    "meetings:meeting_create": KEEPERS,
    "meetings:tracker": READERS,
    "meetings:action_create": KEEPERS,
    "meetings:tracker_upload": KEEPERS,
    "meetings:tracker_request_updates": NOBODY,  # POST only
    "meetings:action_send_link": KEEPERS,  # asks before it sends
    "meetings:action_revoke_links": NOBODY,  # POST only
    "meetings:tracker_download": READERS,
    "meetings:meeting_detail": READERS,
    "meetings:meeting_edit": KEEPERS,
    "meetings:meeting_cancel": KEEPERS,
    "meetings:publish_agenda": NOBODY,  # POST only
    "meetings:item_add": KEEPERS,
    "meetings:attendance": KEEPERS,
    "meetings:guest_add": KEEPERS,
    "meetings:minutes_edit": KEEPERS,
    "meetings:minutes_approve": NOBODY,  # POST only
    "meetings:minutes_correct": KEEPERS,
    "meetings:declaration_add": KEEPERS,
    "meetings:declaration_remove": NOBODY,  # POST only
    "meetings:item_move": NOBODY,  # POST only
    "meetings:item_withdraw": KEEPERS,  # asks before it withdraws
    "meetings:minutes_circulate": KEEPERS,
    "meetings:item_edit": KEEPERS,
    "meetings:action_edit": KEEPERS,
    "meetings:decision_add": KEEPERS,
    "meetings:paper_download[open]": READERS,
    "meetings:paper_download[exempt]": EXEMPT,
    "meetings:action_detail[open]": READERS,  # owned by a member who does not sign in
    "meetings:action_detail[exempt]": EXEMPT | {OW},  # the owner's own action
    "meetings:owner_link": ALL,  # the signed link is the credential
    "meetings:person_actions[member]": READERS,
    "meetings:person_actions[owner]": READERS | {OW},  # the owner's own list
    "meetings:person_feed_link[member]": READERS,
    "meetings:person_feed_link[owner]": READERS | {OW},
    "meetings:feed": ALL,  # a signed token; dates and places only
    # funding
    "funding:index": READERS,
    "funding:stream_create": OFFICERS,
    "funding:stream_edit": OFFICERS,
    "funding:portfolio_create": OFFICERS,
    "funding:budget_create": OFFICERS,  # for the partnerships they support
    "funding:budget_detail": READERS,
    "funding:budget_edit": KEEPERS,
    "funding:allocation_create": KEEPERS,
    "funding:allocation_edit": KEEPERS,
    "funding:allocation_withdraw": NOBODY,  # POST only
    "funding:formula_create": KEEPERS,
    "funding:formula_detail": READERS,
    "funding:formula_indicator_add": KEEPERS,
    "funding:formula_area_add": KEEPERS,
    "funding:formula_values": KEEPERS,
    "funding:formula_confirm": KEEPERS,
    "funding:formula_new_version": NOBODY,  # POST only
    "funding:grant_list": READERS,
    "funding:grant_create": OFFICERS,
    "funding:grant_detail": READERS,
    "funding:grant_edit": KEEPERS,
    "funding:return_create": KEEPERS,
    "funding:grant_evaluation": KEEPERS,
    "funding:evaluation_download": READERS,
    "funding:evidence_download": READERS,
    "funding:statement": READERS,
    "funding:statement_download": READERS,
    # scrutiny
    "scrutiny:dashboard": READERS,
    "scrutiny:health": READERS,
    # A kept health finding: the one only an action on an exempt item raises is seen by
    # those who see the partnership's exempt items (as its dashboard counts them).
    "scrutiny:health_finding[public]": READERS,
    "scrutiny:health_finding[exempt]": KEEPERS,
    # Answered by A's officers, administrators and the chair of the group concerned.
    "scrutiny:health_finding_answer[public]": KEEPERS | {CH},
    "scrutiny:health_finding_answer[exempt]": KEEPERS,
    "scrutiny:review_list": READERS,
    "scrutiny:library": READERS,  # the library of past reviews
    "scrutiny:review_create": frozenset({OA, OB, SC, AD}),
    "scrutiny:review_detail": READERS,
    "scrutiny:review_edit": REVIEWERS,
    "scrutiny:member_add": REVIEWERS,
    "scrutiny:member_edit": REVIEWERS,
    "scrutiny:member_remove": REVIEWERS,
    "scrutiny:scope": REVIEWERS,
    "scrutiny:question_add": REVIEWERS,
    "scrutiny:question_edit": REVIEWERS,
    "scrutiny:question_remove": REVIEWERS,
    "scrutiny:evidence_add": REVIEWERS,
    "scrutiny:evidence_edit": REVIEWERS,
    "scrutiny:evidence_file": READERS,
    "scrutiny:witness_add": REVIEWERS,
    "scrutiny:witness_remove": REVIEWERS,
    "scrutiny:finding_add": REVIEWERS,
    "scrutiny:finding_edit": REVIEWERS,
    "scrutiny:finding_withdraw": REVIEWERS,
    "scrutiny:recommendation_add": REVIEWERS,
    "scrutiny:recommendation_edit": REVIEWERS,
    "scrutiny:recommendation_withdraw": REVIEWERS,
    "scrutiny:recommendation_respond": RESPONDERS,
    "scrutiny:action_create": RESPONDERS,
    # reports: each reader has only the copy their entitlement to exempt items gives
    "reports:list": ALL,  # their own requests
    "reports:request": NOBODY,  # POST only
    "reports:detail[exempt]": EXEMPT,
    "reports:detail[public]": frozenset({OB, SC}),
    "reports:status[exempt]": EXEMPT,
    "reports:status[public]": frozenset({OB, SC}),
    "reports:download[exempt]": EXEMPT,
    "reports:download[public]": frozenset({OB, SC}),
    "reports:retry": NOBODY,  # POST only
    # open data (published in these tests)
    "opendata:open_data": ALL,
    "opendata:catalogue": ALL,
    "opendata:download": ALL,
    "opendata:record": ALL,
    "opendata:record_feed": ALL,
    "opendata:record_group": ALL,
    "opendata:record_group_feed": ALL,
    "opendata:record_calendar": ALL,
    "opendata:record_meeting": ALL,
    "opendata:record_paper": ALL,
    # the read API
    "api:root": ALL,  # a redirect to the documentation
    "api:schema": ALL,
    "api:docs": ALL,
    "api:action-list": ALL,  # an owner lists their own
    "api:action-detail[open]": READERS,
    "api:action-detail[exempt]": EXEMPT | {OW},
    "api:^.*/$": NOBODY,
    **{
        f"api:{basename}-{kind}": READERS
        for basename in (
            "organisation partnership group person membership meeting priority indicator risk "
            "board-link agreement "
            "funding-stream budget allocation grant review recommendation past-review"
        ).split()
        for kind in ("list", "detail")
    },
    "api:health-finding-list": READERS,
    # Anyone signed in may ask: the list holds only the reviews they may see.
    "api:domestic-homicide-review-list": ALL,
    "api:domestic-homicide-review-detail": DHR_READERS,
}

# Who may change something through a POST. Everyone else must be refused and the
# database left as it was. A POST to any other route changes nothing, whoever sends it.
CHANGE = {
    "accounts:two_factor_verify": ALL,
    "accounts:password_change": ALL,
    "accounts:two_factor_setup": ALL,
    "accounts:two_factor_start": ALL,
    "accounts:reminders": ALL,  # their own digest
    "reminders:notice_choices": ALL,  # their own
    "accounts:backup_codes": ALL,
    "accounts:two_factor_turn_off": ALL,
    "partnerships:partnership_create": OFFICERS,
    "partnerships:partnership_edit": KEEPERS,
    "partnerships:partnership_member_add": KEEPERS,
    "partnerships:partnership_member_remove": KEEPERS,
    "partnerships:board_link_create": KEEPERS,
    "partnerships:board_link_edit": LINKERS,
    "partnerships:board_link_remove": LINKERS,
    "agreements:agreement_create": KEEPERS,
    "agreements:agreement_edit": KEEPERS,
    "agreements:party_add": KEEPERS,
    "agreements:party_edit": KEEPERS,
    "agreements:party_sign": KEEPERS,
    "partnerships:group_create": KEEPERS,
    "partnerships:group_edit": KEEPERS,
    "partnerships:group_archive": KEEPERS,
    "partnerships:membership_add": KEEPERS,
    "partnerships:membership_edit": KEEPERS,
    "partnerships:seat_deputies": KEEPERS,
    "partnerships:deputy_remove": KEEPERS,
    "partnerships:organisation_create": OFFICERS,
    "partnerships:organisation_edit": OFFICERS,
    "partnerships:organisation_archive": OFFICERS,
    "partnerships:register_import": OFFICERS,
    "partnerships:person_create": OFFICERS,
    "partnerships:person_edit": OFFICERS,
    "partnerships:person_archive": OFFICERS,  # ending only the seats in their partnerships
    "partnerships:person_erase": frozenset({AD}),
    "strategy:indicator_values_upload": KEEPERS,
    "strategy:assessment_create": KEEPERS,
    "strategy:plan_create": KEEPERS,
    "strategy:indicator_create": KEEPERS,
    "strategy:priority_create": KEEPERS,
    "strategy:priority_edit": KEEPERS,
    "strategy:plan_edit": KEEPERS,
    "strategy:assessment_edit": KEEPERS,
    "strategy:priority_detail": KEEPERS,  # the quarter's update
    "strategy:milestone_create": KEEPERS,
    "strategy:target_create": KEEPERS,
    "strategy:risk_create": KEEPERS,
    "strategy:risk_edit": KEEPERS,
    "strategy:risk_review_create": KEEPERS,
    "dhr:review_create": DHR_KEEPERS,
    "dhr:review_edit": DHR_KEEPERS,
    "dhr:recommendation_create": DHR_KEEPERS,
    "meetings:meeting_create": KEEPERS,
    "meetings:action_create": KEEPERS,
    "meetings:tracker_request_updates": KEEPERS,
    "meetings:action_send_link": KEEPERS,
    "meetings:action_revoke_links": KEEPERS,
    "meetings:tracker_upload": KEEPERS,
    "meetings:meeting_edit": KEEPERS,
    "meetings:meeting_cancel": KEEPERS,
    "meetings:publish_agenda": KEEPERS,
    "meetings:item_add": KEEPERS,
    "meetings:attendance": KEEPERS,
    "meetings:guest_add": KEEPERS,
    "meetings:minutes_edit": KEEPERS,
    "meetings:minutes_approve": frozenset({CH}),  # the chair, not an administrator
    "meetings:minutes_correct": KEEPERS,
    "meetings:declaration_add": KEEPERS,
    "meetings:declaration_remove": KEEPERS,
    "meetings:item_move": KEEPERS,
    "meetings:item_withdraw": KEEPERS,
    "scrutiny:health_finding_answer[public]": KEEPERS | {CH},
    "scrutiny:health_finding_answer[exempt]": KEEPERS,
    "meetings:minutes_circulate": KEEPERS,
    "meetings:item_edit": KEEPERS,
    "meetings:action_edit": KEEPERS,
    "meetings:decision_add": KEEPERS,
    "meetings:action_detail[open]": KEEPERS,
    "meetings:action_detail[exempt]": KEEPERS | {OW},  # an update by its owner
    "meetings:owner_link": ALL,  # the signed link's person, whoever holds it
    "funding:stream_create": OFFICERS,
    "funding:stream_edit": OFFICERS,
    "funding:portfolio_create": OFFICERS,
    "funding:budget_create": OFFICERS,
    "funding:budget_edit": KEEPERS,
    "funding:allocation_create": KEEPERS,
    "funding:allocation_edit": KEEPERS,
    "funding:allocation_withdraw": KEEPERS,
    "funding:formula_create": KEEPERS,
    "funding:formula_indicator_add": KEEPERS,
    "funding:formula_area_add": KEEPERS,
    "funding:formula_values": KEEPERS,
    "funding:formula_confirm": KEEPERS,
    "funding:formula_new_version": KEEPERS,
    "funding:grant_create": OFFICERS,
    "funding:grant_edit": KEEPERS,
    "funding:return_create": KEEPERS,
    "funding:grant_evaluation": KEEPERS,
    "scrutiny:review_create": frozenset({OA, OB, SC, AD}),
    **{
        f"scrutiny:{name}": REVIEWERS
        for name in (
            "review_edit member_add member_edit member_remove scope question_add "
            "question_edit question_remove evidence_add evidence_edit witness_add "
            "witness_remove finding_add finding_edit finding_withdraw recommendation_add "
            "recommendation_edit recommendation_withdraw"
        ).split()
    },
    "scrutiny:recommendation_respond": RESPONDERS,
    "scrutiny:action_create": RESPONDERS,
    "reports:request": READERS,  # a board pack of A's meeting
    "reports:retry[exempt]": EXEMPT,
    "reports:retry[public]": frozenset({OB, SC}),
}

POST_DATA_FOR = {"reports:request": lambda w: {"kind": "board-pack", "subject": w.meeting.pk}}

ALL_CASES = cases()


def _expected(table, name, variant):
    return table.get(f"{name}[{variant}]", table.get(name))


def test_every_route_has_its_expectations():
    missing = [case_id(c) for c in ALL_CASES if _expected(GET, *c) is None]
    assert not missing, f"routes with no expected outcome in GET: {missing}"
    known = set(by_name())
    stale = {key.split("[")[0] for key in (*GET, *CHANGE)} - known
    assert not stale, f"expectations for routes that no longer exist: {stale}"


def _outcome(response):
    code = response.status_code
    if code == 302:
        return "login" if response.url.startswith("/login/") else "ok"
    if code == 200:
        return "ok"
    if code in (401, 403, 404, 405, 410):
        return "refused"
    return f"status {code}"


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _client(w, persona):
    client = Client()
    client.force_login(w.users[persona])
    return client


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_get(world, settings, case):
    settings.OPEN_DATA_ENABLED = True
    name, variant = case
    path = paths(by_name()[name], world)[variant]
    allowed = _expected(GET, name, variant)
    # The signed link is the owner's credential: whoever holds it sees the owner's actions.
    sees_action = ALL if name == "meetings:owner_link" else EXEMPT | {OW}
    wrong = []
    for persona in PERSONAS:
        response = _client(world, persona).get(path)
        got = _outcome(response)
        if persona in allowed and got != "ok":
            wrong.append(f"{persona}: expected the page, got {response.status_code}")
        elif persona not in allowed and got not in ("refused", "login"):
            wrong.append(f"{persona}: expected a refusal, got {response.status_code}")
        if response.status_code == 200:
            body = _body(response)
            if persona not in EXEMPT and ITEM_MARKER in body:
                wrong.append(f"{persona}: the exempt item is in the page")
            if persona not in sees_action and ACTION_MARKER in body:
                wrong.append(f"{persona}: the action on the exempt item is in the page")
            if persona not in DHR_READERS and DHR_MARKER in body:
                wrong.append(f"{persona}: the domestic homicide review is in the page")
            if persona not in sees_action and DHR_ACTION_MARKER in body:
                wrong.append(f"{persona}: the review's recommendation's action is in the page")
            if response.get("Content-Type", "").startswith("text/html"):
                shown = template_source_in(body)
                if shown:
                    wrong.append(f"{persona}: template source in the page's text: {shown}")
    assert not wrong, f"{path}: " + "; ".join(wrong)


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_post(world, settings, case):
    settings.OPEN_DATA_ENABLED = True
    name, variant = case
    path = paths(by_name()[name], world)[variant]
    data = POST_DATA_FOR.get(name, lambda w: {})(world)
    may_change = _expected(CHANGE, name, variant)
    wrong = []
    for persona in PERSONAS:
        if may_change is not None and persona in may_change:
            continue
        client = _client(world, persona)
        with watch_writes() as writes:
            response = client.post(path, data)
        if writes:
            wrong.append(f"{persona} changed the database: {writes[0]}")
        if may_change is not None and _outcome(response) not in ("refused", "login"):
            wrong.append(f"{persona}: expected a refusal, got {response.status_code}")
    assert not wrong, f"{path}: " + "; ".join(wrong)


def test_the_markers_are_there_for_those_entitled(world):
    """The markers are in the pages of those entitled to them, so their absence
    elsewhere proves something."""
    meeting = f"/meetings/{world.meeting.pk}/"
    for persona in (OA, CH, AD):
        body = _client(world, persona).get(meeting).content.decode()
        assert ITEM_MARKER in body, persona
        assert ACTION_MARKER in body, persona
    for persona in (OB, SC):
        response = _client(world, persona).get(meeting)
        assert response.status_code == 200
        assert ITEM_MARKER not in response.content.decode()
    own = _client(world, OW).get(f"/people/{world.owner.pk}/actions/").content.decode()
    assert ACTION_MARKER in own
    priority = f"/priorities/{world.priority.pk}/"
    assert ACTION_MARKER in _client(world, OA).get(priority).content.decode()
    assert ACTION_MARKER not in _client(world, SC).get(priority).content.decode()
    risk = f"/risks/{world.risk.pk}/"
    assert ACTION_MARKER in _client(world, OA).get(risk).content.decode()
    assert ACTION_MARKER not in _client(world, SC).get(risk).content.decode()


def test_the_homicide_review_markers_are_there_for_those_entitled(world):
    """The review's markers are in the pages of its readers, and its action's in the
    board's tracker for those who see the exempt items' actions, so their absence
    elsewhere proves something."""
    review = f"/domestic-homicide-reviews/{world.dhr_review.pk}/"
    register = f"/partnerships/{world.a.pk}/domestic-homicide-reviews/"
    api = f"/api/v1/domestic-homicide-reviews/{world.dhr_review.pk}/"
    for persona in (OA, CH):
        client = _client(world, persona)
        for path in (review, register, f"{register}?format=csv", api):
            response = client.get(path)
            assert response.status_code == 200, (persona, path)
            assert DHR_MARKER in _body(response), (persona, path)
        assert DHR_ACTION_MARKER in client.get(review).content.decode()
    tracker = f"/groups/{world.board.pk}/actions/"
    for persona in (OA, CH, AD):
        assert DHR_ACTION_MARKER in _client(world, persona).get(tracker).content.decode()
    for persona in (OB, SC):
        response = _client(world, persona).get(tracker)
        assert response.status_code == 200
        assert DHR_ACTION_MARKER not in response.content.decode()
