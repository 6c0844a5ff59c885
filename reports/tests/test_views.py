"""Asking for a report in the browser's way: a POST, then its page, then the file.
Tasks run inline here; the worker test runs them through Redis."""

import gc

import pytest
from django.urls import reverse

from config.tests.brokers import broker_at, free_port
from meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from ops.models import ConfidentialDownload, FailedJob
from reports import services
from reports.models import Report


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def committed(transactional_db):
    """Transactions really commit, so the build enqueued on commit runs (inline)."""


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(group=board)
    AgendaItemFactory(meeting=meeting, title="Night-time economy plan")
    AgendaItemFactory(
        meeting=meeting, title="Contract with the provider", exempt=True, exempt_paragraph=3
    )
    return meeting


def _ask(client, kind, subject, **extra):
    return client.post(reverse("reports:request"), {"kind": kind, "subject": subject.pk, **extra})


def test_it_builds_a_board_pack_and_serves_it(client, officer, meeting, committed):
    client.force_login(officer)
    response = _ask(client, "board-pack", meeting)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == report.get_absolute_url()
    assert report.status == Report.Status.READY
    assert report.include_exempt is True  # the officer supports the partnership
    assert report.pages >= 2
    page = client.get(report.get_absolute_url())
    assert "Download the PDF" in page.content.decode()
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    name = download["Content-Disposition"].split("filename=")[1].strip('"')
    assert name.endswith(".pdf") and "--" not in name and name.startswith("board-pack")


def test_a_scrutiny_member_gets_the_copy_without_exempt_items(
    client, officer, scrutiny_member, meeting, committed
):
    client.force_login(officer)
    _ask(client, "board-pack", meeting)
    officers_copy = Report.objects.get()
    client.force_login(scrutiny_member)
    _ask(client, "board-pack", meeting)
    members_copy = Report.objects.exclude(pk=officers_copy.pk).get()
    assert members_copy.include_exempt is False
    # The officer's copy does not exist for the scrutiny member.
    assert client.get(officers_copy.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:download", args=[officers_copy.pk])).status_code == 404
    assert client.get(reverse("reports:status", args=[officers_copy.pk])).status_code == 404
    assert client.get(members_copy.get_absolute_url()).status_code == 200


def test_a_download_of_a_confidential_copy_is_recorded_for_the_audit(
    client, officer, scrutiny_member, meeting, committed
):
    client.force_login(officer)
    _ask(client, "board-pack", meeting)
    officers_copy = Report.objects.get()
    b"".join(client.get(reverse("reports:download", args=[officers_copy.pk])).streaming_content)
    [download] = ConfidentialDownload.objects.all()
    assert (download.user, download.object_id, download.title) == (
        officer,
        officers_copy.pk,
        officers_copy.title,
    )
    client.force_login(scrutiny_member)
    _ask(client, "board-pack", meeting)
    members_copy = Report.objects.exclude(pk=officers_copy.pk).get()
    client.get(reverse("reports:download", args=[members_copy.pk]))
    assert ConfidentialDownload.objects.count() == 1, "a copy without Part 2 is not confidential"


def test_it_refuses_those_who_may_not_read_the_meeting(client, outsider, meeting):
    client.force_login(outsider)
    assert _ask(client, "board-pack", meeting).status_code == 403
    assert not Report.objects.exists()


def test_officers_of_other_partnerships_get_the_public_copy(client, other_officer, meeting):
    client.force_login(other_officer)
    _ask(client, "board-pack", meeting)
    assert Report.objects.get().include_exempt is False


def test_anonymous_people_are_sent_to_sign_in(client, meeting):
    response = _ask(client, "board-pack", meeting)
    assert response.status_code == 302
    assert "/login/" in response.url
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "novel", "subject": "1"},
        {"kind": "tracker", "subject": "999999"},
        {"kind": "tracker", "subject": "abc"},
        {"kind": "tracker"},
    ],
)
def test_bad_requests_change_nothing(client, officer, data):
    client.force_login(officer)
    assert client.post(reverse("reports:request"), data).status_code == 404
    assert not Report.objects.exists()


def test_a_bad_year_gets_a_clear_message(client, officer, partnership):
    client.force_login(officer)
    response = _ask(client, "funding", partnership, year="2011/13", back="/")
    assert response.status_code == 302
    assert not Report.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["'2011/13' is not a financial year: write it like 2011/12."]


def test_the_same_report_asked_twice_while_pending_is_built_once(
    django_capture_on_commit_callbacks, officer, board
):
    ActionFactory(group=board)
    with django_capture_on_commit_callbacks() as callbacks:
        first, created = services.request_report("tracker", board, user=officer)
        again, created_again = services.request_report("tracker", board, user=officer)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert len(callbacks) == 1  # one build enqueued
    callbacks[0]()
    first.refresh_from_db()
    assert first.status == Report.Status.READY
    # Built, it may be asked for afresh.
    _, created = services.request_report("tracker", board, user=officer)
    assert created


def test_when_the_job_queue_is_away_the_report_waits_and_the_person_is_told(
    client, officer, board, committed, caplog
):
    """The broker at a port where nothing listens: the request neither fails nor
    waits for it (it once waited 19 s and answered 500, leaving a report that no
    task would ever build)."""
    client.force_login(officer)
    with broker_at(f"redis://127.0.0.1:{free_port()}/0"):
        response = _ask(client, "tracker", board)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == report.get_absolute_url()
    assert report.status == Report.Status.PENDING
    assert f"reports.build({report.pk},) was not sent" in caplog.text
    page = client.get(report.get_absolute_url()).content.decode()
    assert "The report will start shortly" in page


def test_a_second_run_of_the_task_does_nothing(officer, board, committed):
    report, _ = services.request_report("tracker", board, user=officer)
    report.refresh_from_db()
    stored = report.file.name
    assert services.build(report.pk) is None
    report.refresh_from_db()
    assert (report.status, report.file.name, report.attempts) == ("ready", stored, 1)


def test_a_failed_report_shows_its_error_and_can_be_retried(
    client, officer, board, monkeypatch, committed
):
    def broken(*args, **kwargs):
        raise ValueError("the template is broken")

    monkeypatch.setattr("reports.documents.render", broken)
    client.force_login(officer)
    _ask(client, "tracker", board)
    failed = Report.objects.get()
    assert failed.status == Report.Status.FAILED
    assert failed.error == "ValueError: the template is broken"
    assert FailedJob.objects.get().error == "ValueError: the template is broken"
    page = client.get(failed.get_absolute_url()).content.decode()
    assert "the template is broken" in page
    assert "Try again" in page

    monkeypatch.undo()
    response = client.post(reverse("reports:retry", args=[failed.pk]))
    again = Report.objects.exclude(pk=failed.pk).get()
    assert response.url == again.get_absolute_url()
    assert again.status == Report.Status.READY


def test_the_list_shows_a_persons_own_reports(client, officer, chair, board, committed):
    client.force_login(officer)
    _ask(client, "tracker", board)
    page = client.get(reverse("reports:list")).content.decode()
    assert "Action tracker: Northshire CSP Board" in page
    client.force_login(chair)
    page = client.get(reverse("reports:list")).content.decode()
    assert "No reports yet." in page


def test_a_reports_leftovers_are_collected_once_it_is_ready(officer, board, monkeypatch):
    report, _ = services.request_report("tracker", board, user=officer)
    statuses, collect = [], gc.collect

    def collect_and_note(*args):
        statuses.append(Report.objects.get(pk=report.pk).status)
        return collect(*args)

    monkeypatch.setattr(gc, "collect", collect_and_note)
    services.build(report.pk)
    # one collection, after the reader could already download the report
    assert statuses == [Report.Status.READY]
