import datetime
import time

import pytest
from django.core import signing
from django.urls import reverse

from config import stale_edits
from meetings.links import LINK_SALT, action_link
from meetings.models import Action
from meetings.tests.factories import ActionFactory
from partnerships.tests.factories import PersonFactory, UserFactory


@pytest.fixture
def owner(db):
    return PersonFactory(name="Olu Owner", email="olu@example.test")


def test_the_signed_link_lets_the_owner_update_only_their_actions(client, owner, board):
    mine = ActionFactory(group=board, owner=owner, description="Map the hotspots")
    theirs = ActionFactory(group=board, description="Someone else's")
    url = action_link(owner)
    html = client.get(url).content.decode()
    assert "Map the hotspots" in html and "Someone else" not in html
    prefix = f"a{mine.pk}"
    response = client.post(
        url,
        {
            "action": mine.pk,
            f"{prefix}-status": "done",
            f"{prefix}-text": "Mapped and shared",
            f"{prefix}-{stale_edits.FIELD}": stale_edits.version(mine),
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "done" and mine.completed_on is not None
    assert mine.updates.get().by_person == owner
    response = client.post(
        url, {"action": theirs.pk, f"a{theirs.pk}-status": "done", f"a{theirs.pk}-text": "x"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_a_forged_or_expired_link_is_refused(client, owner, settings):
    assert client.get(reverse("meetings:owner_link", args=["forged"])).status_code == 404
    settings.ACTION_LINK_DAYS = -1
    assert client.get(action_link(owner)).status_code == 410


def test_an_update_needs_text(client, owner, board):
    action = ActionFactory(group=board, owner=owner)
    url = action_link(owner)
    html = client.post(
        url, {"action": action.pk, f"a{action.pk}-status": "in_progress"}
    ).content.decode()
    assert "There is a problem" in html
    assert not action.updates.exists()


def test_a_signed_in_owner_with_no_other_role_updates_their_action(client, owner, board):
    action = ActionFactory(group=board, owner=owner)
    other = ActionFactory(group=board)
    user = UserFactory(role="owner", person=owner)
    client.force_login(user)
    assert "Your actions" in client.get("/").content.decode()
    data = {
        "status": "in_progress",
        "text": "Started",
        stale_edits.FIELD: stale_edits.version(action),
    }
    response = client.post(action.get_absolute_url(), data)
    assert response.status_code == 302
    assert client.get(other.get_absolute_url()).status_code == 403
    assert client.post(other.get_absolute_url(), {"status": "done", "text": "x"}).status_code == 403


def test_overdue_and_due_soon_are_derived(board):
    today = datetime.date(2026, 11, 23)
    late = ActionFactory(group=board, due=datetime.date(2026, 11, 1))
    soon = ActionFactory(group=board, due=datetime.date(2026, 11, 30))
    ActionFactory(group=board, due=datetime.date(2026, 11, 1), status="done", completed_on=today)
    assert list(Action.objects.overdue(on=today)) == [late]
    assert list(Action.objects.due_soon(on=today)) == [soon]
    assert late.is_overdue(today) and not soon.is_overdue(today)


def test_bulk_update_from_a_spreadsheet_is_all_or_nothing(client, officer, board):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from config.stale_edits import version

    a = ActionFactory(group=board)
    b = ActionFactory(group=board)
    va, vb = version(a), version(b)
    client.force_login(officer)
    url = reverse("meetings:tracker_upload", args=[board.pk])
    bad = f"action id,status,update,due,version\n{a.pk},done,Finished,,{va}\n{b.pk},finished,,2026-13-01,{vb}\n999999,open,,,\n".encode()
    html = client.post(url, {"file": SimpleUploadedFile("tracker.csv", bad)}).content.decode()
    assert "3 problems found: nothing was saved" in html
    assert "row 3, column due: &#x27;2026-13-01&#x27; is not a date" in html
    assert "row 3, column status: &#x27;finished&#x27; is not one of" in html
    assert "row 4, column action id: action 999999 is not on this group" in html
    a.refresh_from_db()
    assert a.status == "open"
    good = f"action id,status,update,due,version\n{a.pk},done,Finished,,{va}\n{b.pk},,Chasing the police,2027-01-15,{vb}\n".encode()
    assert client.post(url, {"file": SimpleUploadedFile("tracker.csv", good)}).status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == "done" and a.completed_on is not None
    assert b.due == datetime.date(2027, 1, 15) and b.updates.get().text == "Chasing the police"


def test_the_link_token_names_the_person_and_when_it_was_given():
    token = action_link(PersonFactory.build(pk=7)).split("/")[-2]
    data = signing.loads(token, salt=LINK_SALT)
    assert data["p"] == 7 and abs(data["t"] / 1e6 - time.time()) < 5


def test_an_officer_reassigns_an_action_and_others_cannot(client, officer, other_officer, board):
    action = ActionFactory(group=board)
    new_owner = PersonFactory(name="New Owner")
    url = reverse("meetings:action_edit", args=[action.pk])
    data = {
        "description": "Reassigned",
        "owner": new_owner.pk,
        "due_0": "1",
        "due_1": "2",
        "due_2": "2027",
        stale_edits.FIELD: stale_edits.version(action),
    }
    client.force_login(other_officer)
    assert client.post(url, data).status_code == 403
    client.force_login(officer)
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.owner == new_owner and action.due == datetime.date(2027, 2, 1)
    assert action.history.count() == 2


def test_the_owner_stops_and_restarts_daily_reminders_from_the_link(client, owner):
    url = action_link(owner)
    assert "Stop daily reminder emails" in client.get(url).content.decode()
    response = client.post(url, {"reminders": "stop"}, follow=True)
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.digest_opt_out
    html = response.content.decode()
    assert "You will get no more daily reminder emails." in html
    assert "Send me daily reminder emails again" in html
    assert client.post(url, {"reminders": "start"}).status_code == 302
    owner.refresh_from_db()
    assert not owner.digest_opt_out


def test_the_tracker_upload_refuses_a_large_or_foreign_file(client, officer, board, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    action = ActionFactory(group=board)
    settings.MAX_UPLOAD_BYTES = 100
    client.force_login(officer)
    url = reverse("meetings:tracker_upload", args=[board.pk])
    rows = f"action id,status,update,due\n{action.pk},done,{'x' * 200},\n".encode()
    html = client.post(url, {"file": SimpleUploadedFile("tracker.csv", rows)}).content.decode()
    assert "The tracker must be smaller than 100\xa0bytes." in html
    html = client.post(url, {"file": SimpleUploadedFile("tracker.pdf", b"%PDF")}).content.decode()
    assert "The tracker must be a .csv or .xlsx file." in html
    action.refresh_from_db()
    assert action.status == "open"
