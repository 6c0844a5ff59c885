"""The findings kept as records: a recompute opens, confirms and resolves them (never
deleting one), a committed change asks for one, and an answer leaves the counts
until its date or until the facts change."""

import datetime
import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem
from meetings.tests.factories import MeetingFactory
from partnerships.models import Group
from partnerships.tests.factories import (
    GroupFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
)
from scrutiny import events, findings, tasks
from scrutiny.finding_views import by_check, readable_findings
from scrutiny.models import FindingCount, HealthCheck, HealthFinding
from scrutiny.tests.health_world import DAY, build, days
from scrutiny.tests.test_health import CASES, action_overdue, tor_missing


@pytest.fixture
def healthy(db):
    d = build()
    queued = tasks.QUEUED.format(d.partnership.pk)
    cache.delete(queued)  # a mark another test left
    # The board the world links to was asked for when the link was saved: marked as
    # queued already, so that a test counts only the partnership's own recomputes.
    linked = tasks.QUEUED.format(d.linked_board.pk)
    cache.set(linked, 1)
    yield d
    cache.delete(queued)
    cache.delete(linked)


def recompute(d, on=DAY):
    """As the recompute at nine in the morning of `on` would."""
    now = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
    return findings.recompute(d.partnership, on=on, now=now)


def kept(d):
    return HealthFinding.objects.open().filter(partnership=d.partnership)


@pytest.mark.parametrize("check", CASES)
def test_one_defect_is_kept_as_one_finding_and_its_fix_resolves_it(healthy, check):
    defect, fix = CASES[check]
    assert recompute(healthy)["opened"] == 0, "the world starts healthy"
    subject, url = defect(healthy)
    assert recompute(healthy)["opened"] == 1
    row = kept(healthy).get()
    assert (row.check_name, row.subject, row.url) == (check, subject, url)
    assert row.severity == HealthCheck.objects.get(name=check).severity

    fix(healthy)
    assert recompute(healthy)["resolved"] == 1
    assert not kept(healthy).exists()
    row.refresh_from_db()
    assert row.resolved_at is not None, "a resolved finding is kept, not deleted"


def test_a_finding_still_true_is_confirmed_without_a_new_history_entry(healthy):
    tor_missing(healthy)
    recompute(healthy)
    row = kept(healthy).get()
    entries = row.history.count()
    assert recompute(healthy) == {"opened": 0, "confirmed": 1, "changed": 0, "resolved": 0}
    assert kept(healthy).get().pk == row.pk
    assert row.history.count() == entries == 1


def test_a_finding_that_comes_back_is_a_new_one(healthy):
    subject, _url = tor_missing(healthy)
    recompute(healthy)
    CASES["tor_missing"][1](healthy)
    recompute(healthy)
    tor_missing(healthy)
    recompute(healthy)
    rows = HealthFinding.objects.filter(partnership=healthy.partnership, subject=subject)
    assert rows.count() == 2 and rows.filter(resolved_at__isnull=True).count() == 1


def _accept(row, *, until, reason="Known: the group is being wound up."):
    row.answer, row.reason, row.review_on = HealthFinding.Answer.ACCEPTED, reason, until
    row.save()


def test_an_accepted_finding_leaves_the_counts_until_its_review_date(healthy):
    action_overdue(healthy)
    recompute(healthy)
    row = kept(healthy).get()
    _accept(row, until=DAY + days(30))
    assert not kept(healthy).counted(DAY).exists()
    assert list(kept(healthy).answered(DAY)) == [row]
    # The days pass: the detail's count of days moves on, the answer stands.
    recompute(healthy, on=DAY + days(29))
    row.refresh_from_db()
    assert row.answer == "accepted" and "39 days overdue" in row.detail
    overdue = kept(healthy).filter(check_name="action_overdue")
    assert not overdue.counted(DAY + days(29)).exists()
    # On its review date it counts again, answer and reason still shown.
    assert list(overdue.counted(DAY + days(30))) == [row]


def test_an_answer_lapses_when_the_facts_change(healthy, django_capture_on_commit_callbacks):
    action_overdue(healthy)
    recompute(healthy)
    row = kept(healthy).get()
    _accept(row, until=DAY + days(90))
    healthy.late.due = DAY - days(40)  # due earlier: another fact
    healthy.late.save()
    told = []

    def listen(sender, findings, **kwargs):
        told.extend(f.pk for f in findings)

    events.finding_reopened.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert recompute(healthy)["changed"] == 1
    finally:
        events.finding_reopened.disconnect(listen)
    assert told == [row.pk], "the officers are told the answer lapsed"
    row.refresh_from_db()
    assert (row.answer, row.reason, row.review_on) == ("", "", None)
    assert list(kept(healthy).counted(DAY)) == [row]
    assert row.history.filter(answer="accepted").exists(), "the lapsed answer stays in the history"


def test_a_finding_only_an_exempt_item_raises_is_marked_exempt(healthy):
    action_overdue(healthy)
    recompute(healthy)
    assert not kept(healthy).get().exempt
    meeting = MeetingFactory(group=healthy.board, date=DAY - days(20))
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Named case", exempt=True, exempt_paragraph=1
    )
    healthy.late.item = item
    healthy.late.save()
    recompute(healthy)
    row = kept(healthy).get(check_name="action_overdue")
    assert row.exempt
    assert not kept(healthy).visible_to_exempt(False).filter(check_name="action_overdue").exists()


def test_verify_finds_no_difference_after_a_recompute_and_each_one_before(healthy):
    recompute(healthy)
    out = StringIO()
    call_command("governance_health", "--verify", "--on", DAY.isoformat(), stdout=out)
    assert out.getvalue().endswith("0 differences between the kept findings and a run now.\n")
    tor_missing(healthy)  # inside the test's transaction: no recompute was asked for
    out = StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("governance_health", "--verify", "--on", DAY.isoformat(), stdout=out)
    assert stopped.value.code == 1
    assert "not kept: tor_missing Task group 3" in out.getvalue()


def test_the_command_prints_the_kept_findings(healthy):
    tor_missing(healthy)
    recompute(healthy)
    out = StringIO()
    call_command("governance_health", "--format", "json", stdout=out)
    assert [f["check"] for f in json.loads(out.getvalue())] == ["tor_missing"]


def test_a_committed_change_asks_once_for_its_partnerships_recompute(
    healthy, monkeypatch, django_capture_on_commit_callbacks
):
    runs = []
    real = findings.recompute
    monkeypatch.setattr(findings, "recompute", lambda p, **kw: runs.append(p.pk) or real(p, **kw))
    with django_capture_on_commit_callbacks(execute=True):
        for group in healthy.task_groups:
            group.tor_approved = None
            group.save()
    assert runs == [healthy.partnership.pk], "a burst of changes makes one recompute"
    assert kept(healthy).filter(check_name="tor_missing").count() == len(healthy.task_groups)


def test_a_recompute_already_queued_takes_the_later_changes(
    healthy, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        tasks.recompute_findings, "apply_async", lambda args, countdown: sent.append(args)
    )
    for _ in range(2):  # two transactions while the first recompute waits in the queue
        with django_capture_on_commit_callbacks(execute=True):
            tasks.changed([healthy.partnership.pk])
    assert sent == [[healthy.partnership.pk]]
    tasks.recompute_findings(healthy.partnership.pk)  # it starts: the next change asks again
    with django_capture_on_commit_callbacks(execute=True):
        tasks.changed([healthy.partnership.pk])
    assert sent == [[healthy.partnership.pk]] * 2


def test_a_change_of_a_checks_settings_asks_for_every_partnership(healthy, monkeypatch):
    asked = []
    monkeypatch.setattr(tasks, "changed", lambda ids: asked.append(set(ids)))
    check = HealthCheck.objects.get(name="tor_missing")
    check.severity = "low"
    check.save()
    assert asked and healthy.partnership.pk in asked[0]


# The pages ---------------------------------------------------------------------------


@pytest.fixture
def officer(healthy):
    return UserFactory(
        email="officer@example.test", role="officer", partnerships=[healthy.partnership]
    )


@pytest.fixture
def scrutiny_member(healthy):
    return UserFactory(
        email="cllr@example.test", role="scrutiny", partnerships=[healthy.partnership]
    )


@pytest.fixture
def chair(healthy):
    return UserFactory(
        email="chair@example.test", role="chair", person=PersonFactory(name="Pat Chair")
    )


@pytest.fixture
def found(healthy):
    tor_missing(healthy)
    recompute(healthy)
    return kept(healthy).get()


def _answer(client, row, **data):
    url = reverse("scrutiny:health_finding_answer", args=[row.pk])
    form = client.get(url)
    assert form.status_code == 200
    version = form.context["form"]["seen_version"].value()
    return client.post(url, {"seen_version": version, **data})


def test_an_officer_accepts_a_finding_with_a_reason_and_a_scrutiny_member_reads_it(
    client, found, healthy, officer, scrutiny_member
):
    client.force_login(officer)
    response = _answer(
        client,
        found,
        answer="accepted",
        reason="The task group closes in September.",
        review_on_0="1",
        review_on_1="10",
        review_on_2="2027",
    )
    assert response.status_code == 302, response.content.decode()
    found.refresh_from_db()
    assert (found.answer, found.review_on.isoformat(), found.answered_by) == (
        "accepted",
        "2027-10-01",
        officer,
    )
    assert found.history.latest().history_user == officer

    client.force_login(scrutiny_member)
    page = client.get(found.get_absolute_url()).content.decode()
    assert "The task group closes in September." in page and "Answer the finding" not in page
    assert officer.get_full_name() in page and officer.email not in page
    listed = client.get(reverse("scrutiny:health"), {"answered": "yes"}).content.decode()
    assert "The task group closes in September." in listed
    assert _answer_refused(client, found) == 403


def _answer_refused(client, row):
    return client.post(
        reverse("scrutiny:health_finding_answer", args=[row.pk]),
        {"answer": "not_applicable", "reason": "No."},
    ).status_code


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"answer": "accepted", "reason": ""}, "reason", "Say why"),
        ({"answer": "accepted", "reason": "Known."}, "review_on", "Enter the date"),
        (
            {
                "answer": "accepted",
                "reason": "Known.",
                "review_on_0": "1",
                "review_on_1": "1",
                "review_on_2": "2020",
            },
            "review_on",
            "must be after today",
        ),
        ({"answer": "not_applicable", "reason": "  "}, "reason", "Say why"),
    ],
)
def test_an_answer_without_what_it_needs_is_refused_and_changes_nothing(
    client, found, healthy, officer, data, field, message
):
    client.force_login(officer)
    response = _answer(client, found, **data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    found.refresh_from_db()
    assert found.answer == ""


def test_the_chair_of_the_group_answers_and_the_chair_of_another_does_not(
    client, found, healthy, chair
):
    client.force_login(chair)
    assert _answer_refused(client, found) == 403
    group = Group.objects.get(pk=found.group_id)
    chair.person.memberships.create(group=group, role="chair")
    response = _answer(client, found, answer="not_applicable", reason="It is a working group.")
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.answer == "not_applicable" and found.review_on is None


# Memory --------------------------------------------------------------------------------


def test_the_weekly_counts_keep_counted_answered_and_leave_exempt_findings_out(healthy):
    tor_missing(healthy)
    action_overdue(healthy)
    recompute(healthy)
    _accept(kept(healthy).get(check_name="action_overdue"), until=DAY + days(30))
    assert findings.snapshot(DAY) == 4  # two checks, for the partnership and for a group each
    week = findings.week_of(DAY)
    whole = {
        c.check_name: (c.counted, c.answered)
        for c in FindingCount.objects.filter(week=week, group__isnull=True)
    }
    assert whole == {"tor_missing": (1, 0), "action_overdue": (0, 1)}
    assert findings.trend(healthy.partnership, on=DAY) == [(week, 1, 1)]
    # Counted again the same week: replaced, not added.
    CASES["tor_missing"][1](healthy)
    recompute(healthy)
    findings.snapshot(DAY + days(2))
    assert findings.trend(healthy.partnership, on=DAY) == [(week, 0, 1)]
    # An exempt finding is not counted.
    healthy.late.item = AgendaItem.objects.create(
        meeting=MeetingFactory(group=healthy.board, date=DAY - days(20)),
        position=1,
        title="Named case",
        exempt=True,
        exempt_paragraph=1,
    )
    healthy.late.save()
    recompute(healthy)
    findings.snapshot(DAY)
    assert not FindingCount.objects.filter(check_name="action_overdue").exists()


def test_the_year_summary_reads_the_trend_the_worst_findings_and_the_answers(healthy):
    tor_missing(healthy)
    action_overdue(healthy)
    recompute(healthy)
    findings.snapshot(DAY - days(14))
    CASES["tor_missing"][1](healthy)
    recompute(healthy)
    findings.snapshot(DAY)
    _accept(kept(healthy).get(check_name="action_overdue"), until=DAY + days(30))
    summary = findings.year_summary(
        healthy.partnership, start=DAY - days(60), end=DAY, include_exempt=False
    )
    assert [counted for _w, counted, _a in summary["weeks"]] == [2, 1]
    assert summary["fewer"] == 1 and summary["resolved"] == [("tor_missing", 1)]
    assert summary["serious"] == []  # the one open finding is answered
    assert [f.check_name for f in summary["answered"]] == ["action_overdue"]


def test_the_list_filters_by_a_group_of_the_partnership_chosen(client, found, healthy, officer):
    other = PartnershipFactory(name="Elsewhere Community Safety Partnership")
    elsewhere = GroupFactory(partnership=other, name="Elsewhere Board")
    client.force_login(officer)
    url = reverse("scrutiny:health")
    chosen = {"partnership": healthy.partnership.pk}
    page = client.get(url, {**chosen, "group": found.group_id})
    assert page.status_code == 200 and found.subject in page.content.decode()
    page = client.get(url, {**chosen, "group": healthy.board.pk}).content.decode()
    assert "No finding matches these filters" in page
    refused = client.get(url, {**chosen, "group": elsewhere.pk}).content.decode()
    assert "Choose a current group of the partnership chosen." in refused
    assert "No finding matches these filters" in refused
    bad_date = client.get(url, {"since": "last week"}).content.decode()
    assert "Enter the date as YYYY-MM-DD" in bad_date


def test_a_groups_stale_tracker_counts_only_the_actions_every_reader_sees(healthy):
    from meetings.tests.factories import ActionFactory

    CASES["tracker_stale"][0](healthy)
    recompute(healthy)
    row = kept(healthy).get(check_name="tracker_stale")
    before = row.detail
    meeting = MeetingFactory(group=healthy.sub_group, date=DAY - days(100))
    secret = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Named case", exempt=True, exempt_paragraph=1
    )
    ActionFactory(
        group=healthy.sub_group, item=secret, due=DAY + days(30), created_on=DAY - days(100)
    )
    recompute(healthy)
    row = kept(healthy).get(check_name="tracker_stale")
    assert row.detail == before and not row.exempt, "the exempt action is not counted"


def test_a_finding_that_stops_being_exempt_is_a_new_one_and_keeps_its_answers(healthy):
    action_overdue(healthy)
    meeting = MeetingFactory(group=healthy.board, date=DAY - days(20))
    healthy.late.item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Named case", exempt=True, exempt_paragraph=1
    )
    healthy.late.save()
    recompute(healthy)
    secret = kept(healthy).get(check_name="action_overdue")
    assert secret.exempt and secret.key.endswith("#exempt")
    _accept(secret, until=DAY + days(30), reason="The named family's case is in court.")
    healthy.late.item = None
    healthy.late.save()
    recompute(healthy)
    public = kept(healthy).get(check_name="action_overdue")
    assert public.pk != secret.pk and not public.exempt and public.answer == ""
    assert not public.history.filter(reason__contains="named family").exists()


def test_a_user_who_reads_no_register_answers_no_finding(client, found, healthy):
    owner = UserFactory(email="owner@example.test", role="owner", person=PersonFactory())
    group = Group.objects.get(pk=found.group_id)
    owner.person.memberships.create(group=group, role="chair")
    client.force_login(owner)
    assert _answer_refused(client, found) == 403
    found.refresh_from_db()
    assert found.answer == ""


def test_a_broker_away_leaves_the_save_alone_and_the_next_change_asks_again(
    healthy, monkeypatch, django_capture_on_commit_callbacks
):
    def away(args, countdown):
        raise ConnectionError("the broker is away")

    monkeypatch.setattr(tasks.recompute_findings, "apply_async", away)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.changed([healthy.partnership.pk])  # no error reaches the person who saved
    assert cache.get(tasks.QUEUED.format(healthy.partnership.pk)) is None


def test_a_finding_is_confirmed_by_the_first_recompute_of_each_day(healthy):
    tor_missing(healthy)
    recompute(healthy)
    at_nine = kept(healthy).get().last_confirmed
    later = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(15)))
    findings.recompute(healthy.partnership, on=DAY, now=later)
    assert kept(healthy).get().last_confirmed == at_nine, "the same day writes nothing"
    tomorrow = later + datetime.timedelta(days=1)
    findings.recompute(healthy.partnership, on=DAY + days(1), now=tomorrow)
    assert kept(healthy).get().last_confirmed == tomorrow


def test_the_lists_counts_by_check_come_from_tallies_that_match_the_findings(
    client, healthy, officer, scrutiny_member
):
    """An exempt finding and an answered one: each reader's counts from the tallies are
    those of the findings they may read, and an answer is counted at once."""
    action_overdue(healthy)
    tor_missing(healthy)
    meeting = MeetingFactory(group=healthy.board, date=DAY - days(20))
    healthy.late.item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Named case", exempt=True, exempt_paragraph=1
    )
    healthy.late.save()
    recompute(healthy)
    assert kept(healthy).filter(exempt=True).exists()
    seen = {}
    for user in (officer, scrutiny_member):
        client.force_login(user)
        page = client.get(reverse("scrutiny:health"))
        expected = by_check(readable_findings(user), timezone.localdate())
        assert page.context["checks"] == expected and expected
        assert page.context["page"].paginator.count == readable_findings(user).count()
        seen[user.role] = {c["check_name"] for c in page.context["checks"]}
    assert "action_overdue" in seen["officer"] and "action_overdue" not in seen["scrutiny"]

    client.force_login(officer)
    _answer(
        client,
        kept(healthy).get(check_name="tor_missing"),
        answer="not_applicable",
        reason="The group is being wound up.",
    )
    checks = client.get(reverse("scrutiny:health")).context["checks"]
    assert [
        (c["check_name"], c["answered"]) for c in checks if c["check_name"] == "tor_missing"
    ] == [("tor_missing", 1)]


def test_the_facts_of_a_detail_leave_out_its_days_and_the_style_of_its_months():
    """A detail written as 5 Jun 2026 before dates were written in full is the same
    fact as 5 June 2026: the change of style lapses no answer; a changed date does."""
    facts = findings.facts
    assert facts("Due 5 June 2026, 10 days overdue.") == facts("Due 5 Jun 2026, 11 days overdue.")
    assert facts("Due 5 June 2026.") != facts("Due 6 June 2026.")
    assert facts("Last met in May 2026.") == "Last met in May 2026."
