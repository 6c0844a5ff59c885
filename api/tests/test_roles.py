"""The role matrix: each role reads through the API what it reads in the pages, and
nothing else. Exempt items and the actions raised on them reach only those entitled
to them; email addresses only officers and administrators."""

import pytest

from api.tests.conftest import ENDPOINTS, detail_url, list_url

READERS = ["officer", "other_officer", "scrutiny", "chair", "admin"]
ROLES = [*READERS, "owner", "inactive", "anonymous"]
# Entitled to the board's exempt items: the officer who supports its partnership, its
# chair (who sits on it) and administrators. Never scrutiny members; not an officer of
# another partnership.
SEES_EXEMPT = {"officer", "chair", "admin"}
SEES_EMAIL = {"officer", "other_officer", "admin"}
SECRETS = (
    "Case review of a named family",  # the exempt item
    "Rehousing agreed in confidence",  # its decision
    "Rehouse the family named",  # the action raised on it
)


def _expected(role, endpoint):
    if role in READERS:
        return 200
    if role == "owner":
        return 200 if endpoint == "actions" else 403
    return 401  # anonymous, or an account that is no longer active


def _client_for(client, personas, role):
    if personas[role] is not None:
        client.force_login(personas[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_it_answers_each_role_as_the_pages_do(client, personas, records, role):
    """Every endpoint's list, and the detail of one record, for one role: the status
    each answers with, against what the pages allow that role."""
    client = _client_for(client, personas, role)
    expected, answered = {}, {}
    for endpoint, name in ENDPOINTS.items():
        response = client.get(list_url(endpoint))
        answered[endpoint] = response.status_code
        expected[endpoint] = _expected(role, endpoint)
        if response.status_code != 200:
            assert response.json()["detail"]
            continue
        assert response.json()["count"] >= 1, endpoint
        if name is None:
            continue
        record = getattr(records, name)
        detail = client.get(detail_url(endpoint, record.pk))
        answered[f"{endpoint} {record.pk}"] = detail.status_code
        # The owner's list holds only their own action; the one tried is someone else's.
        expected[f"{endpoint} {record.pk}"] = 404 if role == "owner" else 200
        if detail.status_code == 200:
            assert detail.json()["id"] == record.pk
    assert answered == expected


@pytest.mark.parametrize("role", READERS)
def test_it_leaves_exempt_items_out_of_meetings_for_readers_not_entitled(
    client, personas, records, role
):
    client = _client_for(client, personas, role)
    meeting = client.get(detail_url("meetings", records.meeting.pk)).json()
    listed = client.get(list_url("meetings")).json()["results"][0]
    assert listed == meeting
    titles = [item["title"] for item in meeting["items"]]
    if role in SEES_EXEMPT:
        assert titles == ["Performance report", "Case review of a named family"]
        assert meeting["items"][1]["exempt"] is True
        assert meeting["items"][1]["exempt_paragraph"] == 1
        assert meeting["items"][1]["decisions"][0]["text"] == "Rehousing agreed in confidence."
    else:
        assert titles == ["Performance report"]


@pytest.mark.parametrize("role", [*READERS, "owner"])
def test_it_leaves_actions_on_exempt_items_out_for_readers_not_entitled(
    client, personas, records, role
):
    client = _client_for(client, personas, role)
    listed = {a["id"] for a in client.get(list_url("actions")).json()["results"]}
    exempt = client.get(detail_url("actions", records.exempt_action.pk))
    recommendation = client.get(detail_url("recommendations", records.recommendation.pk))
    if role == "owner":
        # An action owner reads their own actions, exempt or not, and nothing else.
        assert listed == {records.exempt_action.pk}
        assert exempt.status_code == 200
        assert recommendation.status_code == 403
    elif role in SEES_EXEMPT:
        assert listed == {records.open_action.pk, records.exempt_action.pk}
        assert exempt.status_code == 200
        assert exempt.json()["meeting"] == records.meeting.pk
        assert set(recommendation.json()["actions"]) == listed
    else:
        assert listed == {records.open_action.pk}
        assert exempt.status_code == 404
        assert recommendation.json()["actions"] == [records.open_action.pk]


@pytest.mark.parametrize("role", READERS)
def test_nothing_exempt_reaches_a_reader_not_entitled_through_any_endpoint(
    client, personas, records, role
):
    client = _client_for(client, personas, role)
    seen = []
    for endpoint, name in ENDPOINTS.items():
        seen.append(client.get(list_url(endpoint), {"page_size": 100}).content.decode())
        if name is not None:
            record = getattr(records, name)
            seen.append(client.get(detail_url(endpoint, record.pk)).content.decode())
    seen = "\n".join(seen)
    for secret in SECRETS:
        assert (secret in seen) == (role in SEES_EXEMPT), secret


@pytest.mark.parametrize("role", READERS)
def test_it_gives_email_addresses_only_to_officers_and_administrators(
    client, personas, records, role
):
    client = _client_for(client, personas, role)
    person = client.get(detail_url("people", records.member.pk)).json()
    listed = client.get(list_url("people")).json()["results"]
    if role in SEES_EMAIL:
        assert person["email"] == records.member.email
        assert all("email" in p for p in listed)
    else:
        assert "email" not in person
        assert all("email" not in p for p in listed)
        everything = "\n".join(
            client.get(list_url(endpoint), {"page_size": 100}).content.decode()
            for endpoint in ENDPOINTS
        )
        assert "@example.test" not in everything


def test_an_officer_searches_people_by_email_and_a_chair_does_not(client, officer, chair, records):
    client.force_login(officer)
    found = client.get(list_url("people"), {"q": records.member.email}).json()
    assert [p["id"] for p in found["results"]] == [records.member.pk]
    client.force_login(chair)
    found = client.get(list_url("people"), {"q": records.member.email}).json()
    assert found["count"] == 0


def _overdue_subjects(client, **params):
    response = client.get(list_url("health-findings"), {"check": "action_overdue", **params})
    assert response.status_code == 200, response.content
    return {f["subject"] for f in response.json()["results"]}


@pytest.mark.parametrize("role", READERS)
def test_health_findings_count_exempt_actions_only_for_those_the_page_lets(
    client, personas, records, role
):
    """As the health page: administrators and the officers of the partnership, with it
    chosen or not; never scrutiny members, chairs or other officers."""
    client = _client_for(client, personas, role)
    secret = records.exempt_action.description[:60]
    everywhere = _overdue_subjects(client)
    chosen = _overdue_subjects(client, partnership=records.partnership.pk)
    assert (secret in everywhere) == (role in {"admin", "officer"})
    assert (secret in chosen) == (role in {"admin", "officer"})


def test_the_owner_of_an_action_reads_no_register_meeting_or_money(client, records):
    client.force_login(records.owner_user)
    for endpoint in ENDPOINTS:
        if endpoint != "actions":
            assert client.get(list_url(endpoint)).status_code == 403, endpoint
    action = client.get(detail_url("actions", records.exempt_action.pk)).json()
    assert action["description"] == records.exempt_action.description
    assert action["owner"] == {"id": records.owner.pk, "name": records.owner.name}
