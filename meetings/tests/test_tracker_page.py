"""The action tracker: filters (open actions to start with), sorting by any column, and
several actions changed in one save, refused whole if one changed meanwhile."""

import datetime
import re

from django.utils import timezone

from config import stale_edits
from meetings.models import Action
from meetings.tests.factories import ActionFactory
from partnerships.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def rows(html):
    """The descriptions of the tracker's rows, in order."""
    return re.findall(r'href="/actions/\d+/">([^<]+)</a>', html)


def tracker(client, board, **params):
    response = client.get(f"/groups/{board.pk}/actions/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_opens_on_open_actions_and_shows_closed_ones_a_click_away(client, officer, board):
    ActionFactory(group=board, description="Still to do")
    ActionFactory(group=board, description="Finished", status="done", completed_on=TODAY)
    ActionFactory(group=board, description="Given up", status="dropped")
    client.force_login(officer)
    assert rows(tracker(client, board)) == ["Still to do"]
    assert sorted(rows(tracker(client, board, status="closed"))) == ["Finished", "Given up"]
    assert len(rows(tracker(client, board, status=""))) == 3
    assert "?status=closed" in tracker(client, board, q="nothing like this")


def test_it_filters_by_overdue_due_dates_owner_and_organisation(client, officer, board):
    police = OrganisationFactory(name="Police")
    sam = PersonFactory(name="Sam", organisation=police)
    ActionFactory(group=board, description="Late", due=days(-3), owner=sam)
    ActionFactory(group=board, description="Soon", due=days(5))
    ActionFactory(group=board, description="Later", due=days(40))
    client.force_login(officer)
    assert rows(tracker(client, board, overdue="yes")) == ["Late"]
    assert sorted(rows(tracker(client, board, overdue="no"))) == ["Later", "Soon"]
    assert rows(
        tracker(client, board, due_from=days(0).isoformat(), due_to=days(10).isoformat())
    ) == ["Soon"]
    assert rows(tracker(client, board, owner=sam.pk)) == ["Late"]
    assert rows(tracker(client, board, organisation=police.pk)) == ["Late"]


def test_a_bad_filter_says_so_and_shows_no_rows(client, officer, board):
    ActionFactory(group=board, description="Anything")
    client.force_login(officer)
    html = tracker(client, board, due_from="31/02/2026")
    assert "There is a problem with the filters" in html
    assert "Due on or after (YYYY-MM-DD): Enter a valid date." in html
    assert rows(html) == []


def test_it_sorts_by_any_column_both_ways(client, officer, board):
    ActionFactory(group=board, description="B second", due=days(2), owner=PersonFactory(name="Zed"))
    ActionFactory(group=board, description="A first", due=days(9), owner=PersonFactory(name="Ann"))
    client.force_login(officer)
    assert rows(tracker(client, board, sort="due")) == ["B second", "A first"]
    assert rows(tracker(client, board, sort="-due")) == ["A first", "B second"]
    assert rows(tracker(client, board, sort="owner")) == ["A first", "B second"]
    assert rows(tracker(client, board, sort="action")) == ["A first", "B second"]
    assert rows(tracker(client, board, sort="-action")) == ["B second", "A first"]
    html = tracker(client, board, sort="owner")
    assert 'aria-sort="ascending"' in html
    assert rows(tracker(client, board, sort="nonsense")) == ["B second", "A first"]


def _post(client, board, actions, **data):
    body = {"selected": [a.pk for a in actions], **data}
    for action in actions:
        body[f"seen-{action.pk}"] = str(stale_edits.version(action))
    return client.post(f"/groups/{board.pk}/actions/", body)


def test_an_officer_changes_several_actions_in_one_save(client, officer, board):
    a, b, c = (ActionFactory(group=board) for _ in range(3))
    new_owner = MembershipFactory(group=board, person__name="New Owner").person
    client.force_login(officer)
    due = days(30)
    response = _post(
        client,
        board,
        [a, b],
        status="done",
        due_0=due.day,
        due_1=due.month,
        due_2=due.year,
        owner=new_owner.pk,
    )
    assert response.status_code == 302
    for action in (a, b):
        action.refresh_from_db()
        assert (action.status, action.due, action.owner) == ("done", due, new_owner)
        assert action.completed_on == TODAY
        assert action.history.first().history_user == officer
    c.refresh_from_db()
    assert c.status == "open"
    assert "2 actions changed." in client.get(response.url).content.decode()


def test_nothing_is_saved_when_one_changed_meanwhile(client, officer, board):
    a, b = ActionFactory(group=board), ActionFactory(group=board)
    client.force_login(officer)
    body = {"selected": [a.pk, b.pk], "status": "paused"}
    for action in (a, b):
        body[f"seen-{action.pk}"] = str(stale_edits.version(action))
    b.description = "Reworded by someone else"
    b.save()
    response = client.post(f"/groups/{board.pk}/actions/", body)
    assert response.status_code == 409
    assert f"Someone changed action {b.pk} since you opened this page" in response.content.decode()
    assert set(Action.objects.values_list("status", flat=True)) == {"open"}


def test_a_change_needs_actions_and_something_to_change(client, officer, board):
    a = ActionFactory(group=board)
    client.force_login(officer)
    html = _post(client, board, [], status="done").content.decode()
    assert "Select the actions to change" in html
    html = _post(client, board, [a]).content.decode()
    assert "Choose a new status, due date or owner for the actions" in html
    a.refresh_from_db()
    assert a.status == "open"


def test_only_who_may_change_the_group_changes_several(client, scrutiny_member, board):
    a = ActionFactory(group=board)
    client.force_login(scrutiny_member)
    assert 'name="selected"' not in tracker(client, board)
    assert _post(client, board, [a], status="done").status_code == 403
    a.refresh_from_db()
    assert a.status == "open"
