"""Who may read the open data, when, and how it answers: a setting turns it all
on or off; no one signs in; files carry their type, name, cache and CORS headers."""

import pytest

from opendata.tests.conftest import all_distributions, url_of
from partnerships.tests.factories import UserFactory

PAGES = ["/open-data/", "/open-data/index.json"]
FILES = [url_of(d) for d in all_distributions()]


@pytest.mark.parametrize("url", PAGES + FILES)
def test_every_address_is_missing_while_the_setting_is_off(client, world, settings, url):
    settings.OPEN_DATA_ENABLED = False

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("url", PAGES + FILES)
def test_anyone_reads_every_address_without_signing_in(client, world, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response.content
    assert "login" not in response.get("Location", "")


@pytest.mark.parametrize(
    "url",
    [
        "/open-data/nothing.csv",
        "/open-data/groups.xlsx",
        "/open-data/groups.ics",
        "/open-data/grants-transparency.json",
        "/open-data/groups",
        "/open-data/groups.csv/",
        "/open-data/index.csv",
    ],
)
def test_an_address_with_no_file_is_not_found(client, world, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", PAGES + FILES[:1])
def test_it_refuses_to_change_anything(client, world, url):
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "content_type", "filename"),
    [
        ("/open-data/partnerships.csv", "text/csv; charset=utf-8", "partnerships.csv"),
        ("/open-data/partnerships.json", "application/json", None),
        ("/open-data/groups.csv", "text/csv; charset=utf-8", "groups.csv"),
        ("/open-data/groups.json", "application/json", None),
        ("/open-data/meetings.csv", "text/csv; charset=utf-8", "meetings.csv"),
        ("/open-data/meetings.json", "application/json", None),
        ("/open-data/meetings.ics", "text/calendar; charset=utf-8", None),
        ("/open-data/grants.json", "application/json", None),
        ("/open-data/grants.csv", "text/csv; charset=utf-8", "grants.csv"),
        (
            "/open-data/grants-transparency.csv",
            "text/csv; charset=utf-8",
            "grants-transparency.csv",
        ),
        ("/open-data/index.json", "application/json", None),
    ],
)
def test_each_file_says_what_it_is_and_may_be_cached_and_shared(
    client, world, url, content_type, filename
):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    if filename:
        assert response["Content-Disposition"] == (
            f'attachment; filename="northshire-council-{filename}"'
        )
    else:
        assert "Content-Disposition" not in response
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies


def test_the_page_points_to_its_machine_readable_index(client, world):
    response = client.get("/open-data/")

    assert response.status_code == 200
    assert response["Link"] == (
        '<http://testserver/open-data/index.json>; rel="alternate"; type="application/json"'
    )
    assert response["Cache-Control"] == "public, max-age=300"
    html = response.content.decode()
    assert 'href="http://testserver/open-data/index.json"' in html


def test_the_page_is_for_the_public_and_names_the_council(client, world):
    html = client.get("/open-data/").content.decode()

    assert "Northshire Council" in html
    assert '<h1 class="govuk-heading-xl">Open data</h1>' in html
    # The anonymous visitor gets no menu of screens they cannot open, and no sign-out.
    assert "govuk-service-navigation__list" not in html
    assert "Sign out" not in html
    assert "Signed in as" not in html
    # The council's and the service's names lead back here, not to the sign-in page.
    assert '<a href="/open-data/" class="app-header__council">Northshire Council</a>' in html
    assert (
        '<link rel="alternate" type="application/json" href="http://testserver/open-data/index.json"'
        in html
    )


def test_a_signed_in_reader_gets_a_copy_no_shared_cache_may_keep(client, world):
    client.force_login(UserFactory(email="officer@example.test", role="officer"))

    response = client.get("/open-data/")

    assert response.status_code == 200
    assert "Signed in as officer@example.test" in response.content.decode()
    assert response["Cache-Control"] == "private"
