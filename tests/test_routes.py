"""Every route of the URLconf, walked: who reaches it without signing in, and that no
state-changing request gets through without a CSRF token.

The routes come from the URLconf itself (tests/routes.py), so a route added later is
tested here the day it is added, or fails the first test until it is known.
"""

from urllib.parse import quote

import pytest
from django.core import signing
from django.test import Client
from rest_framework.views import APIView

from opendata import datasets
from tests.routes import (
    ACTION_MARKER,
    DHR_ACTION_MARKER,
    DHR_MARKER,
    FILLERS,
    ITEM_MARKER,
    UnknownRoute,
    by_name,
    case_id,
    cases,
    paths,
    routes,
    template_source_in,
    watch_writes,
)

# Each test runs in a savepoint inside the module's world (tests/routes.py).
pytestmark = pytest.mark.django_db


# Readable without signing in, each with the status an anonymous GET gets, and why.
PUBLIC = {
    "login": 200,
    "logout": 405,  # signing out is a POST; a GET changes nothing
    "password_reset": 200,
    "password_reset_done": 200,
    "password_reset_confirm": 200,  # with a bad token: the page that says the link expired
    "password_reset_complete": 200,
    "accounts:directory_login": 404,  # single sign-on is not set up in these tests
    "accounts:directory_callback": 404,
    "reminders:notify_delivery": 405,  # Notify POSTs its delivery reports, with a token
    "healthz": 200,
    "readyz": 200,  # no broker in these tests: the worker and beat are not asked
    "metrics": 404,  # no METRICS_TOKEN here; with one, the token is the credential
    "accessibility": 200,
    "privacy": 200,
    "cookies": 200,
    # Signed links: the signature is the credential (bad signatures: see below).
    "meetings:owner_link": 200,
    "meetings:feed": 200,
    # Open data, when the council publishes it (404 at every address when it does not).
    "opendata:open_data": 200,
    "opendata:catalogue": 200,
    "opendata:download": 200,
    "opendata:record": 200,
    "opendata:record_feed": 200,
    "opendata:record_group": 200,
    "opendata:record_group_feed": 200,
    "opendata:record_calendar": 200,
    "opendata:record_meeting": 200,
    "opendata:record_paper": 200,  # a public item's paper (an exempt one's: see below)
    # The API's root only redirects to its documentation, which needs a sign-in;
    # any other address under the API is a JSON 404.
    "api:root": 302,
    "api:^.*/$": 404,
}
OPEN_DATA = {name for name in PUBLIC if name.startswith("opendata:")}

# Views that are csrf_exempt, and why that is safe: the read API's views (Django REST
# framework exempts every APIView; its SessionAuthentication checks the token itself,
# and these views answer 405 to anything but GET and HEAD before reading credentials).
API_RECORDS = (
    "organisation partnership group person membership meeting action priority indicator risk "
    "board-link agreement "
    "funding-stream budget allocation grant review recommendation past-review "
    "domestic-homicide-review"
).split()
CSRF_EXEMPT = {
    "api:schema",
    "api:health-finding-list",
    *(f"api:{basename}-list" for basename in API_RECORDS),
    *(f"api:{basename}-detail" for basename in API_RECORDS),
}

# Posted by a service outside, which brings a bearer token instead of a CSRF token.
WEBHOOKS = {"reminders:notify_delivery"}

ALL_CASES = cases()


def test_the_walk_finds_the_whole_urlconf():
    found = by_name()
    # The walk goes into every app's URLs and leaves out only Django admin's own.
    assert len(found) >= 150
    for name in ("home", "partnerships:group_detail", "meetings:owner_link", "api:grant-list"):
        assert name in found
    assert not any(r.pattern.startswith("admin/") for r in found.values())


def test_every_route_with_arguments_can_be_filled():
    unknown = [r.name for r in routes() if r.arguments and r.name not in FILLERS]
    assert not unknown, f"routes the tests cannot fill: {unknown}"
    stale = set(FILLERS) - set(by_name())
    assert not stale, f"fillers for routes that no longer exist: {stale}"


def test_a_route_it_cannot_fill_is_an_error_not_a_skip(world):
    route = by_name()["partnerships:group_detail"]
    stranger = type(route)("new:route", "new/<int:pk>/", None, ("pk",))
    with pytest.raises(UnknownRoute, match="new:route"):
        paths(stranger, world)


def test_the_public_list_names_real_routes():
    assert set(PUBLIC) <= set(by_name())
    assert CSRF_EXEMPT <= set(by_name())


def _is_api(name):
    return name.startswith("api:")


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_anonymous_get(client, world, settings, case):
    settings.OPEN_DATA_ENABLED = True
    name, variant = case
    path = paths(by_name()[name], world)[variant]
    response = client.get(path)
    if name in PUBLIC:
        assert response.status_code == PUBLIC[name], path
        if response.get("Content-Type", "").startswith("text/html"):
            assert not template_source_in(response.content.decode()), path
        if name == "api:root":
            assert response.url == "/api/v1/docs/"
        return
    if _is_api(name) and name != "api:docs":
        assert response.status_code in (401, 403), path
        return
    if response.status_code == 405:  # a POST-only view: the POST must ask for a sign-in
        with watch_writes() as writes:
            response = client.post(path)
        assert not writes, writes
    assert response.status_code == 302, f"{path} answered {response.status_code} to anonymous"
    assert response.url == f"/login/?next={quote(path)}"


@pytest.mark.parametrize("name", sorted(OPEN_DATA))
def test_open_data_is_not_there_while_it_is_not_published(client, world, settings, name):
    settings.OPEN_DATA_ENABLED = False
    (path,) = paths(by_name()[name], world).values()
    assert client.get(path).status_code == 404


def test_the_public_record_shows_no_exempt_item_paper_or_action(client, world, settings):
    settings.OPEN_DATA_ENABLED = True
    board, meeting = world.board, world.meeting
    pages = [
        "/open-data/meetings/",
        f"/open-data/meetings/groups/{board.pk}/",
        f"/open-data/meetings/{meeting.uid}/",
        "/open-data/meetings/papers.atom",
        f"/open-data/meetings/groups/{board.pk}/papers.atom",
        f"/open-data/meetings/groups/{board.pk}/meetings.ics",
    ]
    for path in pages:
        body = client.get(path).content.decode()
        assert ITEM_MARKER not in body and ACTION_MARKER not in body, path
        assert DHR_MARKER not in body and DHR_ACTION_MARKER not in body, path
    page = client.get(f"/open-data/meetings/{meeting.uid}/").content.decode()
    assert world.open_item.title in page and world.open_paper.title in page
    assert "1 item is exempt under Schedule 12A" in page
    assert client.get(f"/open-data/papers/{world.exempt_paper.pk}/").status_code == 404
    assert client.get(f"/open-data/papers/{world.open_paper.pk}/").status_code == 200
    # Until its agenda is published, a meeting shows no item and no paper.
    meeting.agenda_published_at = None
    meeting.save(update_fields=["agenda_published_at"])
    page = client.get(f"/open-data/meetings/{meeting.uid}/").content.decode()
    assert world.open_item.title not in page and "No agenda was published here" in page
    assert client.get(f"/open-data/papers/{world.open_paper.pk}/").status_code == 404


def test_no_open_data_file_holds_a_domestic_homicide_review(client, world, settings):
    settings.OPEN_DATA_ENABLED = True
    for dataset in datasets.DATASETS:
        for distribution in dataset.distributions:
            response = client.get(f"/open-data/{distribution.name}.{distribution.fmt}")
            assert response.status_code == 200, distribution.name
            body = b"".join(response) if getattr(response, "streaming", False) else response.content
            text = body.decode(errors="replace")
            assert DHR_MARKER not in text and DHR_ACTION_MARKER not in text, distribution.name


def test_a_bad_or_expired_signed_link_opens_nothing(client, world, settings):
    good = world.owner_token
    bad = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    assert client.get(f"/actions/update/{bad}/").status_code == 404
    assert client.get("/actions/update/not-signed-at-all/").status_code == 404
    # A link signed for another purpose (a calendar feed's token) is not an owner link.
    assert client.get(f"/actions/update/{world.feed_token}/").status_code == 404
    settings.ACTION_LINK_DAYS = -1
    assert client.get(f"/actions/update/{good}/").status_code == 410
    assert client.get(f"/calendar/{world.feed_token[:-2]}xx.ics").status_code == 404
    forged = signing.dumps(["group", world.board.pk], salt="another-salt", compress=True)
    assert client.get(f"/calendar/{forged}.ics").status_code == 404


def test_the_owner_link_shows_the_owners_actions_and_no_exempt_item(client, world):
    response = client.get(f"/actions/update/{world.owner_token}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert ACTION_MARKER in body  # their own action, raised on the exempt item
    assert ITEM_MARKER not in body
    assert world.open_action.description not in body  # someone else's


def test_the_owner_link_updates_no_action_but_the_owners(client, world):
    with watch_writes() as writes:
        response = client.post(
            f"/actions/update/{world.owner_token}/",
            {"action": world.open_action.pk, f"a{world.open_action.pk}-status": "done"},
        )
    assert response.status_code == 404
    assert not writes


def test_the_admin_site_is_for_staff_only(client, world):
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/").url.startswith("/admin/login/")
    client.force_login(world.users["officer_a"])
    for path in ("/admin/", "/admin/meetings/agendaitem/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/admin/login/")
    client.force_login(world.users["admin"])
    assert client.get("/admin/").status_code == 200


def test_no_view_is_csrf_exempt_but_the_read_api_and_the_webhooks():
    exempt = {r.name for r in routes() if getattr(r.callback, "csrf_exempt", False)}
    assert exempt == CSRF_EXEMPT | WEBHOOKS
    for name in CSRF_EXEMPT:
        view = by_name()[name].callback
        assert issubclass(view.cls, APIView)
        assert "SessionAuthentication" in str(view.cls().get_authenticators())


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_a_post_without_a_csrf_token_is_refused(world, settings, case):
    settings.OPEN_DATA_ENABLED = True
    name, variant = case
    path = paths(by_name()[name], world)[variant]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    with watch_writes() as writes:
        response = client.post(path, {"kind": "board-pack", "subject": world.meeting.pk})
    if name in CSRF_EXEMPT:
        assert response.status_code == 405, path  # the read API takes no POST at all
    elif name in WEBHOOKS:
        assert response.status_code in (401, 404), path  # no token (none set here: 404)
    else:
        assert response.status_code == 403, f"{path} answered {response.status_code}"
        assert b"CSRF" in response.content or response.templates[0].name == "403.html"
    assert not writes, writes
