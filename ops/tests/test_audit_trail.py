"""The audit trail: who changed what and when, across every kind of record with a
history, filtered, a page at a time and as CSV; and who downloaded which
confidential copy. Administrators only."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Paper
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from ops import trail
from ops.models import ConfidentialDownload
from partnerships.tests.factories import (
    GroupFactory,
    OrganisationFactory,
    PartnershipMemberFactory,
)

pytestmark = pytest.mark.django_db


def _saved_by(user, instance, **changes):
    for field, value in changes.items():
        setattr(instance, field, value)
    instance._history_user = user
    instance.save()
    return instance


@pytest.fixture
def changed(officer, other_officer, partnership):
    group = _saved_by(officer, GroupFactory.build(partnership=partnership, name="Youth panel"))
    _saved_by(officer, group, purpose="Diversion from youth violence", quorum=3)
    organisation = _saved_by(other_officer, OrganisationFactory.build(name="Northshire Fire"))
    return group, organisation


def test_an_administrator_sees_who_changed_what_newest_first(client, admin_user, officer, changed):
    group, organisation = changed
    versions = admin_user.history.count()
    client.force_login(admin_user)
    assert admin_user.history.count() == versions, "a sign-in is not a change"
    page = client.get(reverse("audit"))
    rows = page.context["changes"]
    assert [(r.kind, r.record, r.action) for r in rows[:3]] == [
        ("Organisation", "Northshire Fire", "Created"),
        ("Group", "Youth panel", "Changed"),
        ("Group", "Youth panel", "Created"),
    ]
    assert rows[1].who == officer and set(rows[1].fields) == {"purpose", "quorum"}
    html = page.content.decode()
    assert "officer@example.test" in html and "Changed: " in html
    assert f'href="{group.get_absolute_url()}"' in html


def test_the_filters_narrow_the_trail_and_bad_ones_are_named(
    client, admin_user, other_officer, changed
):
    client.force_login(admin_user)
    by_kind = client.get(reverse("audit"), {"kind": "partnerships.Organisation"}).context["changes"]
    assert {r.kind for r in by_kind} == {"Organisation"}
    by_who = client.get(reverse("audit"), {"who": "OTHER@example.test"}).context["changes"]
    assert [r.record for r in by_who] == ["Northshire Fire"]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert client.get(reverse("audit"), {"since": tomorrow}).context["changes"] == []

    wrong = client.get(reverse("audit"), {"who": "nobody@example.test", "since": "5/12/2026"})
    html = wrong.content.decode()
    assert "No account has the email address nobody@example.test." in html
    assert (
        "Enter the start date as YYYY-MM-DD, such as 2026-04-01." in html
        and "There is a problem" in html
    )
    assert wrong.context["changes"] == []
    backwards = client.get(reverse("audit"), {"since": "2026-12-05", "until": "2026-12-01"})
    assert "The end date must be the same as or after the start date." in backwards.content.decode()


def test_older_changes_come_a_page_at_a_time_and_download_as_csv(
    client, admin_user, officer, partnership
):
    for n in range(trail.PAGE + 5):
        _saved_by(officer, GroupFactory.build(partnership=partnership, name=f"Panel {n:02}"))
    client.force_login(admin_user)
    first = client.get(reverse("audit"), {"kind": "partnerships.Group"})
    assert len(first.context["changes"]) == trail.PAGE
    older = client.get(reverse("audit") + first.context["older"])
    assert [r.record for r in older.context["changes"]][-1] == "Panel 00"
    assert len(older.context["changes"]) == 5 and older.context["older"] is None

    download = client.get(reverse("audit"), {"kind": "partnerships.Group", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == trail.PAGE + 5
    assert rows[0]["who"] == "officer@example.test" and rows[0]["action"] == "Created"


def test_the_page_asks_the_same_number_of_queries_however_many_changes_it_shows(
    client, admin_user, officer, partnership
):
    client.force_login(admin_user)
    client.get(reverse("audit"))  # the session's once-a-minute refresh, out of the way

    def queries(changes):
        # A member's name is its organisation's and its partnership's: read with it.
        for _ in range(changes):
            member = PartnershipMemberFactory.build(
                partnership=partnership, organisation=OrganisationFactory()
            )
            _saved_by(officer, member)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("audit"), {"kind": "partnerships.PartnershipMember"})
        assert " in Northshire" in page.content.decode()
        return len(captured)

    few = queries(3)
    assert queries(trail.PAGE) == few


def test_nobody_else_sees_the_trail(client, officer, scrutiny_member, chair):
    for user in (officer, scrutiny_member, chair):
        client.force_login(user)
        assert client.get(reverse("audit")).status_code == 403
        assert client.get(reverse("confidential_downloads")).status_code == 403
        assert "Audit trail" not in client.get("/").content.decode()


def test_a_confidential_papers_download_is_listed_with_who_and_when(
    client, admin_user, officer, board
):
    item = AgendaItemFactory(
        meeting=MeetingFactory(group=board), title="Contract", exempt=True, exempt_paragraph=3
    )
    public = AgendaItemFactory(meeting=item.meeting, title="Plan")
    from django.core.files.base import ContentFile

    secret = Paper.objects.create(
        item=item, title="Tender scores", file=ContentFile(b"%PDF-1.4\n", name="t.pdf")
    )
    open_paper = Paper.objects.create(
        item=public, title="Plan", file=ContentFile(b"%PDF-1.4\n", name="p.pdf")
    )
    client.force_login(officer)
    for paper in (secret, open_paper):
        b"".join(client.get(reverse("meetings:paper_download", args=[paper.pk])).streaming_content)
    [download] = ConfidentialDownload.objects.all()
    assert download.kind == "paper" and download.object_id == secret.pk

    client.force_login(admin_user)
    html = client.get(reverse("confidential_downloads")).content.decode()
    assert "Tender scores" in html and "officer@example.test" in html
    assert "Plan" not in html.split("<table")[1]
    csv_rows = client.get(reverse("confidential_downloads"), {"format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "Tender scores" in csv_rows and "officer@example.test" in csv_rows


def test_changes_saved_at_one_moment_are_each_shown_once_across_pages(
    client, admin_user, officer, partnership
):
    """A nightly run saves many records at one time: no page boundary loses any."""
    from partnerships.models import Group, Organisation

    for n in range(20):
        _saved_by(officer, GroupFactory.build(partnership=partnership, name=f"Panel {n:02}"))
        _saved_by(officer, OrganisationFactory.build(name=f"Charity {n:02}"))
    moment = Group.history.order_by("history_date").first().history_date
    Group.history.update(history_date=moment)
    Organisation.history.update(history_date=moment)
    client.force_login(admin_user)
    seen, url = [], reverse("audit")
    while url:
        page = client.get(url)
        seen += [(c.kind, c.record) for c in page.context["changes"]]
        url = reverse("audit") + page.context["older"] if page.context["older"] else None
    versions = [s for s in seen if s[0] in ("Group", "Organisation")]
    assert len(versions) == 40 and len(set(versions)) == 40


def test_a_made_up_link_to_older_changes_is_named(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("audit"), {"before": "yesterday|1|nothing"}).content.decode()
    assert "That link to older changes is not one this page made" in html


def test_a_record_deleted_since_is_named_but_not_linked(client, admin_user, officer, partnership):
    group = _saved_by(
        officer, GroupFactory.build(partnership=partnership, name="Short-lived panel")
    )
    url = group.get_absolute_url()
    group._history_user = officer
    group.delete()
    client.force_login(admin_user)
    page = client.get(reverse("audit"), {"kind": "partnerships.Group"})
    assert [(c.action, c.record, c.url) for c in page.context["changes"]] == [
        ("Deleted", "Short-lived panel", ""),
        ("Created", "Short-lived panel", ""),
    ]
    assert f'href="{url}"' not in page.content.decode()
