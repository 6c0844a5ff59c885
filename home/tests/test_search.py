"""The search box: it finds each kind of record by the words in it, marks them, and
shows each reader only what they may see."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import need
from home import search
from meetings.models import Decision
from meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from partnerships.tests.factories import PersonFactory


@pytest.fixture
def decided(board):
    meeting = MeetingFactory(group=board)
    item = AgendaItemFactory(meeting=meeting, title="Night-time economy")
    return Decision.objects.create(
        item=item, text="The board agreed to fund street pastors in the town centre."
    )


@pytest.fixture
def secret(board):
    item = AgendaItemFactory(
        meeting__group=board, title="Pastors named by the police", exempt=True, exempt_paragraph=3
    )
    Decision.objects.create(item=item, text="The pastors' informant is to be protected.")
    ActionFactory(group=board, item=item, description="Brief the pastors' informant")
    return item


def found(client, text, **params):
    response = client.get("/search/", {"q": text, **params})
    assert response.status_code == 200, response.content
    return response.content.decode()


def test_an_officer_finds_a_decision_by_a_word_in_it_with_the_word_marked(client, officer, decided):
    client.force_login(officer)
    html = found(client, "pastors")
    assert "Decision on “Night-time economy”" in html
    assert f"/meetings/{decided.item.meeting_id}/#item-{decided.item_id}" in html
    assert "<mark>pastors</mark>" in html.lower()


def test_a_scrutiny_member_never_sees_an_exempt_item_its_decision_or_action(
    client, scrutiny_member, decided, secret
):
    client.force_login(scrutiny_member)
    html = found(client, "pastors")
    assert "Night-time economy" in html  # the public decision
    for hidden in ("named by the police", "informant"):
        assert hidden not in html
    html = found(client, "informant", kind="decisions")
    assert "No decisions you may see match “informant”." in html


def test_the_officer_of_the_partnership_sees_its_exempt_items(client, officer, secret):
    client.force_login(officer)
    assert "Pastors named by the police" in found(client, "pastors")


def test_an_action_owner_finds_only_their_own_actions(client, outsider, board):
    outsider.person = PersonFactory()
    outsider.save()
    ActionFactory(group=board, owner=outsider.person, description="Count the street lights")
    ActionFactory(group=board, description="Count the street benches")
    client.force_login(outsider)
    html = found(client, "count street")
    assert "Count the street lights" in html
    assert "benches" not in html and board.name not in html.split("Actions")[0]


def test_words_in_the_text_are_escaped_not_run(client, officer, board):
    meeting = MeetingFactory(group=board)
    item = AgendaItemFactory(meeting=meeting)
    Decision.objects.create(item=item, text='Agreed <script>alert("x")</script> lighting')
    client.force_login(officer)
    html = found(client, "lighting")
    assert "<script>alert" not in html
    assert "<mark>lighting</mark>" in html


@pytest.mark.parametrize(
    ("text", "message"),
    [("x" * 201, "Search for 200 characters or fewer."), ("a", "Search for a word of two")],
)
def test_a_search_it_cannot_run_says_why(client, officer, text, message):
    client.force_login(officer)
    response = client.get("/search/", {"q": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "<title>Error: " in html


def test_one_kind_is_paged_and_an_unknown_kind_searches_them_all(client, officer, board):
    for n in range(55):
        ActionFactory(group=board, description=f"Chase the bins, round {n}")
    client.force_login(officer)
    html = found(client, "bins", kind="actions")
    assert "Showing 1 to 50 of 55" in html
    assert "All actions matching" not in html
    html = found(client, "bins", kind="nonsense")
    assert "All actions matching “bins”" in html


def test_nothing_found_is_said(client, officer):
    client.force_login(officer)
    assert "Nothing you may see matches “zebra”" in found(client, "zebra")


def test_the_search_runs_one_query_a_kind(client, officer, decided, django_assert_num_queries):
    client.force_login(officer)
    client.get("/search/", {"q": "pastors"})
    with CaptureQueriesContext(connection) as first:
        client.get("/search/", {"q": "pastors"})
    for n in range(5):
        ActionFactory(group=decided.item.meeting.group, description=f"Pastors {n}")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/search/", {"q": "pastors"})


def test_the_indexes_cover_what_is_searched():
    """Each kind's index is over the fields it searches, in the same order, or
    PostgreSQL would not use it."""
    migration = importlib.import_module("home.migrations.0001_search_indexes")
    assert [fields for _, fields, _ in migration.TABLES] == [k.fields for k in search.KINDS]


@pytest.mark.django_db
def test_postgresql_uses_the_full_text_index(officer, decided):
    need(connection.vendor == "postgresql", "PostgreSQL, whose full-text index this is")
    records, _ = search.search(officer, "pastors", search.BY_KEY["decisions"])
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = records.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "search_decision" in plan
