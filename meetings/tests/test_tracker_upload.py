"""Updating a tracker from a spreadsheet: each action's version goes out with the
download and comes back with the upload, so a row for an action changed since is
not applied; and a file too long to read is refused before it is parsed."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from config.stale_edits import version
from config.tests.workbooks import long_workbook, workbook
from meetings.models import Action, ActionUpdate
from meetings.tests.factories import ActionFactory
from partnerships.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _download(client, board):
    response = client.get(reverse("meetings:tracker_download", args=[board.pk]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _upload(client, board, rows, name="tracker.csv"):
    if name.endswith(".xlsx"):
        data = workbook(rows)
    else:
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        data = out.getvalue().encode()
    url = reverse("meetings:tracker_upload", args=[board.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def _changed_by_someone_else(action, **values):
    """Save a change to the action as another officer did, at 14:32 on 2 December 2026."""
    someone = UserFactory(first_name="Sam", last_name="Other", email="sam@example.test")
    for name, value in values.items():
        setattr(action, name, value)
    action._history_user = someone
    action.save()
    when = timezone.make_aware(datetime.datetime(2026, 12, 2, 14, 32))
    action.history.filter(history_id=version(action)).update(history_date=when)


def test_the_download_carries_each_actions_version(client, officer, board):
    action = ActionFactory(group=board, description="=Chase the police")
    client.force_login(officer)
    header, row = _download(client, board)
    assert header[-1] == "version (leave as it is)"
    assert row[0] == str(action.pk) and row[1] == "'=Chase the police"
    assert row[-1] == str(version(action)) != "0"


def test_the_downloaded_sheet_uploads_back_with_its_changes(client, officer, board):
    action = ActionFactory(group=board)
    client.force_login(officer)
    header, row = _download(client, board)
    row[3], row[4] = "in_progress", "Spoke to the inspector"
    response = _upload(client, board, [header, row])
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.updates.get().text == "Spoke to the inspector"


def test_a_row_for_an_action_changed_since_the_download_is_not_applied(client, officer, board):
    changed = ActionFactory(group=board, description="Map the hotspots")
    untouched = ActionFactory(group=board, description="Write to the council")
    client.force_login(officer)
    header, *rows = _download(client, board)
    _changed_by_someone_else(changed, status="paused")
    for row in rows:
        row[3], row[4] = "done", "Finished"
    response = _upload(client, board, [header, *rows])

    assert response.status_code == 200
    changed.refresh_from_db()
    untouched.refresh_from_db()
    assert changed.status == "paused", "the other officer's change stands"
    assert not changed.updates.exists()
    assert untouched.status == "done", "the other rows are applied"
    html = response.content.decode()
    assert "Tracker updated: 1 action changed. 1 row was not applied." in html
    assert (
        "Changed by someone else since you downloaded the sheet: Sam Other changed the status "
        "on 2 December 2026 at 14:32"
    ) in html
    assert "Map the hotspots" in html and "Write to the council" not in html


def test_a_row_with_no_version_is_not_applied(client, officer, board):
    action = ActionFactory(group=board)
    client.force_login(officer)
    header, row = _download(client, board)
    row[3], row[4], row[-1] = "done", "Finished", ""
    response = _upload(client, board, [header, row])
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == "open" and not ActionUpdate.objects.exists()
    assert "The row has no version" in response.content.decode()


def test_a_sheet_without_the_version_column_is_refused(client, officer, board):
    action = ActionFactory(group=board)
    client.force_login(officer)
    rows = [["action id", "status", "update", "due"], [action.pk, "done", "Finished", ""]]
    html = _upload(client, board, rows).content.decode()
    assert "1 problem found: nothing was saved" in html
    assert "column version: missing column: download the tracker again" in html
    action.refresh_from_db()
    assert action.status == "open"


def test_an_unchanged_row_is_left_alone_whatever_its_version(client, officer, board):
    action = ActionFactory(group=board)
    client.force_login(officer)
    header, row = _download(client, board)
    _changed_by_someone_else(action, description="Reworded")
    response = _upload(client, board, [header, row])
    assert response.status_code == 302  # nothing in the row would change the action


def test_a_workbook_uploads_as_well_as_csv(client, officer, board):
    action = ActionFactory(group=board)
    client.force_login(officer)
    header, row = _download(client, board)
    row[3], row[4], row[5] = "in_progress", "Started", "2027-01-15"
    response = _upload(client, board, [header, row], name="tracker.xlsx")
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.due) == ("in_progress", datetime.date(2027, 1, 15))


def test_it_refuses_a_workbook_of_200000_rows_and_changes_nothing(client, officer, board):
    action = ActionFactory(group=board)
    history = Action.history.count()
    client.force_login(officer)
    url = reverse("meetings:tracker_upload", args=[board.pk])
    upload = SimpleUploadedFile("tracker.xlsx", long_workbook())
    html = client.post(url, {"file": upload}).content.decode()
    assert "1 problem found: nothing was saved" in html
    assert "the file has more than 20,000 rows: at most 20,000 can be read at once" in html
    action.refresh_from_db()
    assert action.status == "open"
    assert Action.history.count() == history and not ActionUpdate.objects.exists()
