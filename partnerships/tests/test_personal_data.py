"""A person's data under UK GDPR: everything held, given out as JSON and CSV; erasure
refused, with the reasons, while a record of the council's names them; and the
nightly anonymising of people archived long ago, their history included."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.tests.factories import ActionFactory, AttendanceFactory, MeetingFactory
from partnerships.models import Person
from partnerships.personal_data import anonymise_archived, erasure_refused
from partnerships.tests.factories import MembershipFactory, PersonFactory, UserFactory
from reminders.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(board):
    ann = PersonFactory(name="Ann Lee", email="ann.lee@example.test", job_title="Inspector")
    MembershipFactory(person=ann, group=board)
    AttendanceFactory(person=ann, meeting=MeetingFactory(group=board))
    ActionFactory(owner=ann, group=board, description="Review the night-time economy plan")
    ann.name = "Ann Lee-Smith"
    ann.save()  # a second version in her history
    return ann


def test_everything_held_downloads_as_json_and_csv(client, admin_user, ann):
    UserFactory(email="ann.lee@example.test", person=ann, role="chair")
    client.force_login(admin_user)
    page = client.get(reverse("partnerships:person_data", args=[ann.pk])).content.decode()
    assert "Memberships (person)" in page and "Actions (owner)" in page
    data = json.loads(
        client.get(reverse("partnerships:person_data", args=[ann.pk]), {"format": "json"}).content
    )
    assert data["person"][0]["email"] == "ann.lee@example.test"
    assert [v["name"] for v in data["person history"]] == ["Ann Lee", "Ann Lee-Smith"]
    assert data["account"][0]["role"] == "chair" and "password" not in data["account"][0]
    sections = set(data)
    assert {"memberships (person)", "attendances (person)", "actions (owner)"} <= sections, sections
    assert data["actions (owner)"][0]["description"] == "Review the night-time economy plan"

    download = client.get(reverse("partnerships:person_data", args=[ann.pk]), {"format": "csv"})
    assert download["Content-Disposition"].startswith(
        f'attachment; filename="personal-data-{ann.pk}-'
    )
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert {"section": "person", "record": "1", "field": "job_title", "value": "Inspector"} in rows
    assert any(r["section"] == "actions (owner)" and r["field"] == "description" for r in rows)


def test_only_an_administrator_sees_or_erases_a_persons_data(client, officer, ann):
    client.force_login(officer)
    assert client.get(reverse("partnerships:person_data", args=[ann.pk])).status_code == 403
    assert (
        client.post(
            reverse("partnerships:person_erase", args=[ann.pk]), {"confirm": "yes"}
        ).status_code
        == 403
    )
    assert Person.objects.filter(pk=ann.pk).exists()
    assert "Personal data" not in client.get(ann.get_absolute_url()).content.decode()


def test_erasure_is_refused_with_the_reasons_while_records_name_them(client, admin_user, ann):
    assert erasure_refused(ann) == [
        "1 seats on groups: part of the council's record",
        "1 attendance at meetings: part of the council's record",
        "1 actions owned: part of the council's record",
    ]
    client.force_login(admin_user)
    page = client.get(reverse("partnerships:person_data", args=[ann.pk])).content.decode()
    assert "cannot be erased" in page and "1 attendance at meetings" in page
    response = client.post(
        reverse("partnerships:person_erase", args=[ann.pk]), {"confirm": "yes"}, follow=True
    )
    assert "cannot be erased" in response.content.decode()
    assert Person.objects.filter(pk=ann.pk).exists()


def test_a_person_no_record_needs_is_erased_with_their_history(client, admin_user):
    bob = PersonFactory(name="Bob Price", email="bob@example.test")
    bob.job_title = "Analyst"
    bob.save()
    Notice.objects.create(
        person=bob,
        kind=Notice.Kind.ACTION_ASSIGNED,
        key="1",
        subject="An action",
        body="…",
        url="/",
    )
    account = UserFactory(email="bob@example.test", person=bob)
    client.force_login(admin_user)
    unconfirmed = client.post(reverse("partnerships:person_erase", args=[bob.pk]), follow=True)
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert Person.objects.filter(pk=bob.pk).exists()

    response = client.post(reverse("partnerships:person_erase", args=[bob.pk]), {"confirm": "yes"})
    assert response.url == reverse("partnerships:person_list")
    assert not Person.objects.filter(pk=bob.pk).exists()
    assert not Person.history.filter(id=bob.pk).exists(), "no version of them is kept"
    assert not Notice.objects.filter(person_id=bob.pk).exists()
    account.refresh_from_db()
    assert account.person is None, "the account stays, unlinked"


def test_people_archived_long_ago_are_anonymised_with_their_history(ann):
    now = timezone.now()
    Person.objects.filter(pk=ann.pk).update(archived_at=now - datetime.timedelta(days=7 * 365))
    recent = PersonFactory(name="Cy Recent", archived_at=now - datetime.timedelta(days=365))
    in_use = PersonFactory(name="Di Active", archived_at=now - datetime.timedelta(days=7 * 365))
    UserFactory(email="di@example.test", person=in_use, is_active=True)

    assert anonymise_archived(now) == 1
    ann.refresh_from_db()
    assert (ann.name, ann.email, ann.job_title) == (f"Former member {ann.pk}", "", "")
    assert set(Person.history.filter(id=ann.pk).values_list("name", flat=True)) == {ann.name}
    assert not Person.history.filter(email="ann.lee@example.test").exists()
    assert ann.attendance.count() == 1, "the records of meetings stay, naming a former member"
    assert Person.objects.get(pk=recent.pk).name == "Cy Recent"
    assert Person.objects.get(pk=in_use.pk).name == "Di Active", "an active account's person stays"
    assert anonymise_archived(now) == 0, "nobody is anonymised twice"


def test_the_export_holds_nothing_about_others_and_no_secrets(client, admin_user, ann, partnership):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    account = UserFactory(email="ann.lee@example.test", person=ann, role="officer")
    TOTPDevice.objects.create(user=account, name="Authenticator app", confirmed=True)
    other = PersonFactory(name="Someone Else", email="else@example.test")
    other._history_user = account  # a change Ann's account made to someone else's entry
    other.job_title = "Analyst"
    other.save()
    client.force_login(admin_user)
    body = client.get(reverse("partnerships:person_data", args=[ann.pk]), {"format": "json"})
    text = body.content.decode()
    assert "else@example.test" not in text and "Someone Else" not in text
    data = json.loads(text)
    assert not [s for s in data if "device" in s or "token" in s], list(data)


def test_a_closed_account_is_anonymised_with_its_person(ann):
    account = UserFactory(
        email="ann.lee@example.test", person=ann, first_name="Ann", is_active=False
    )
    Person.objects.filter(pk=ann.pk).update(
        archived_at=timezone.now() - datetime.timedelta(days=7 * 365)
    )
    assert anonymise_archived() == 1
    account.refresh_from_db()
    assert account.email == f"former-account-{account.pk}@anonymised.invalid"
    assert account.first_name == ""
    assert not account.history.filter(email="ann.lee@example.test").exists()
