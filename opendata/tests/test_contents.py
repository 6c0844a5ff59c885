"""What each open-data file holds, and what it must never hold."""

import csv
import io
import json

import pytest
from icalendar import Calendar

from demo.funding import load_funding
from demo.meetings import load_meetings
from demo.register import load_register
from funding.tests.test_giving360 import _package_validator
from meetings.models import AgendaItem
from opendata.tests.conftest import SECRETS, all_distributions, url_of
from partnerships.models import Partnership, Person


def _json(client, name):
    response = client.get(f"/open-data/{name}.json")
    assert response.status_code == 200
    return json.loads(response.content)


def _csv(client, name):
    response = client.get(f"/open-data/{name}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("distribution", all_distributions(), ids=lambda d: d.filename)
def test_no_file_holds_a_person_an_exempt_item_or_an_unpublished_record(
    client, world, distribution
):
    text = client.get(url_of(distribution)).content.decode("utf-8-sig")

    # The page itself is checked too, with the same list.
    page = client.get("/open-data/").content.decode()
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into {distribution.filename}"
        assert secret not in page


def test_the_register_lists_active_partnerships_and_their_current_groups(client, world):
    partnerships = _json(client, "partnerships")["partnerships"]
    groups = {g["name"]: g for g in _json(client, "groups")["groups"]}

    assert [p["name"] for p in partnerships] == ["Northshire Community Safety Partnership"]
    assert partnerships[0] == {
        "id": world.north.pk,
        "name": "Northshire Community Safety Partnership",
        "kind": "Community safety partnership",
        "area": "Northshire",
        "statutory": False,
        "parent_id": None,
        "parent": None,
        "reports_to_id": None,
        "reports_to": None,
    }
    assert sorted(groups) == [
        "Night-time Economy Group",
        "Northshire CSP Board",
        "Northshire MARAC",
    ]
    assert groups["Northshire MARAC"] == {
        "id": world.marac.pk,
        "name": "Northshire MARAC",
        "kind": "Operational panel",
        "partnership_id": world.north.pk,
        "partnership": "Northshire Community Safety Partnership",
        "parent_id": world.board.pk,
        "parent": "Northshire CSP Board",
        "reports_to_id": world.board.pk,
        "reports_to": "Northshire CSP Board",
        "meets": "Quarterly",
        "meets_in_public": False,
        "statutory_function": False,
        "purpose": "",
    }
    assert groups["Northshire CSP Board"]["meets_in_public"] is True
    # Its parent is archived and the group it reports to belongs to a dissolved
    # partnership: neither is published, so neither is named.
    orphan = groups["Night-time Economy Group"]
    assert (orphan["parent_id"], orphan["parent"]) == (None, None)
    assert (orphan["reports_to_id"], orphan["reports_to"]) == (None, None)


def test_the_register_csv_holds_the_same_rows(client, world):
    rows = _csv(client, "groups")

    assert [r["name"] for r in rows] == [
        "Night-time Economy Group",
        "Northshire CSP Board",
        "Northshire MARAC",
    ]
    marac = rows[2]
    assert (marac["meets_in_public"], marac["parent"], marac["parent_id"]) == (
        "false",
        "Northshire CSP Board",
        str(world.board.pk),
    )
    assert rows[0]["parent"] == rows[0]["parent_id"] == ""


def test_meetings_are_the_public_ones_with_cancellations_marked(client, world):
    meetings = _json(client, "meetings")["meetings"]

    held, cancelled, upcoming = world.public_meetings
    assert [m["id"] for m in meetings] == [str(held.uid), str(cancelled.uid), str(upcoming.uid)]
    assert meetings[0] == {
        "id": str(held.uid),
        "date": "2026-03-05",
        "start_time": "10:00",
        "end_time": None,
        "status": "Held",
        "place": "Civic Offices",
        "online": False,
        "group_id": world.board.pk,
        "group": "Northshire CSP Board",
        "partnership_id": world.north.pk,
        "partnership": "Northshire Community Safety Partnership",
        "agenda_published": None,
    }
    assert meetings[1]["status"] == "Cancelled"
    assert (meetings[2]["status"], meetings[2]["online"], meetings[2]["place"]) == (
        "Scheduled",
        True,
        "",
    )
    hidden = {str(m.uid) for m in world.hidden_meetings}
    assert not hidden & {m["id"] for m in meetings}

    rows = _csv(client, "meetings")
    assert [(r["id"], r["status"]) for r in rows] == [
        (str(held.uid), "Held"),
        (str(cancelled.uid), "Cancelled"),
        (str(upcoming.uid), "Scheduled"),
    ]
    text = client.get("/open-data/meetings.csv").content.decode()
    assert "Northshire MARAC" not in text


def test_the_calendar_holds_the_public_meetings_and_marks_a_cancelled_one(client, world):
    calendar = Calendar.from_ical(client.get("/open-data/meetings.ics").content)

    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    held, cancelled, upcoming = world.public_meetings
    assert set(events) == {f"{m.uid}@partnership-governance" for m in world.public_meetings}
    gone = events[f"{cancelled.uid}@partnership-governance"]
    assert (str(gone["status"]), str(gone["summary"])) == (
        "CANCELLED",
        "Northshire CSP Board (cancelled)",
    )
    kept = events[f"{held.uid}@partnership-governance"]
    assert (str(kept["status"]), str(kept["location"])) == ("CONFIRMED", "Civic Offices")
    assert "location" not in events[f"{upcoming.uid}@partnership-governance"]


def test_a_meeting_with_no_agenda_yet_is_listed_and_one_wholly_exempt_is_not(client, world):
    held = world.public_meetings[0]
    AgendaItem.objects.filter(meeting=held, exempt=False).update(exempt=True, exempt_paragraph=1)
    upcoming = world.public_meetings[2]
    assert not upcoming.items.exists()

    ids = {m["id"] for m in _json(client, "meetings")["meetings"]}

    assert str(held.uid) not in ids
    assert str(upcoming.uid) in ids


def test_only_published_grants_are_open_data(client, world):
    package = _json(client, "grants")

    assert [g["id"] for g in package["grants"]] == ["360G-northshire-0001"]
    assert package["publisher"] == {"name": "Northshire Council"}
    assert [e.message for e in _package_validator().iter_errors(package)] == []
    assert [r["Identifier"] for r in _csv(client, "grants")] == ["360G-northshire-0001"]
    assert [r["Grant identifier"] for r in _csv(client, "grants-transparency")] == [
        "360G-northshire-0001"
    ]


def test_a_cell_a_spreadsheet_would_run_is_quoted(client, world):
    world.board.purpose = '=HYPERLINK("http://example.test")'
    world.board.save()

    rows = {r["name"]: r for r in _csv(client, "groups")}

    assert rows["Northshire CSP Board"]["purpose"] == '\'=HYPERLINK("http://example.test")'
    assert _json(client, "groups")["groups"][1]["purpose"].startswith("=HYPERLINK")


@pytest.mark.django_db
def test_the_demo_data_gives_no_personal_data_and_no_exempt_item_away(client):
    load_register()
    load_meetings()
    load_funding()
    files = {d.filename: client.get(url_of(d)) for d in all_distributions()}
    assert {name: r.status_code for name, r in files.items()} == dict.fromkeys(files, 200)
    text = "\n".join(r.content.decode("utf-8-sig") for r in files.values())
    text += client.get("/open-data/").content.decode()

    people = list(Person.objects.values_list("name", "email"))
    assert len(people) > 30
    for name, email in people:
        assert name not in text
        assert not email or email not in text
    exempt = list(AgendaItem.objects.filter(exempt=True).values_list("title", flat=True))
    assert exempt
    for title in exempt:
        assert title not in text
    inactive = set(
        Partnership.objects.exclude(status=Partnership.Status.ACTIVE).values_list("id", flat=True)
    )
    assert inactive
    for row in _json(client, "partnerships")["partnerships"]:
        assert {row["id"], row["parent_id"], row["reports_to_id"]}.isdisjoint(inactive)
    for row in _json(client, "groups")["groups"]:
        assert row["partnership_id"] not in inactive
    assert len(_json(client, "meetings")["meetings"]) == 10
    package = _json(client, "grants")
    assert [e.message for e in _package_validator().iter_errors(package)] == []
    assert len(package["grants"]) == 14
