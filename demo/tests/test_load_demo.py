import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.models import User
from partnerships.models import Group, Partnership

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "partnerships", "meetings", "strategy"}
    }


def test_it_loads_the_same_rows_when_run_twice(settings):
    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    first = _counts()
    call_command("load_demo", quiet_accounts=True)
    assert _counts() == first
    assert first["partnerships.Partnership"] >= 9
    assert first["partnerships.Group"] >= 16


def test_it_creates_the_four_demo_accounts_with_their_links(settings):
    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    officer = User.objects.get(email="officer@demo.test")
    assert officer.role == "officer" and officer.check_password("partnership-demo")
    assert officer.partnerships.filter(name="Swindon Community Safety Partnership").exists()
    chair = User.objects.get(email="chair@demo.test")
    assert Group.objects.chaired_by(chair.person_id).exists()
    assert User.objects.get(email="admin@demo.test").is_superuser


def test_it_shows_the_seeds_facts(settings):
    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    assert swindon.missing_statutory_kinds() == []
    assert Group.objects.filter(partnership=swindon, tor_approved__isnull=True).exists()
    worcs = Partnership.objects.get(name="Safer Communities Board")
    assert Partnership.objects.filter(reports_to=worcs).count() >= 2


def test_it_keeps_the_findings_and_a_year_of_their_weekly_counts(settings):
    from django.utils import timezone

    from scrutiny.findings import trend
    from scrutiny.models import FindingCount, HealthFinding

    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")
    kept = HealthFinding.objects.open().filter(partnership=swindon, exempt=False)
    weeks = trend(swindon, on=timezone.localdate())
    assert len(weeks) == 53
    assert weeks[-1][1] == kept.count(), "the last week counts what the checks find now"
    assert weeks[0][1] > weeks[-1][1], "Swindon's findings go down over the year"
    counts = FindingCount.objects.count()
    call_command("load_demo", quiet_accounts=True)
    assert FindingCount.objects.count() == counts


def test_it_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo")
    assert not User.objects.filter(email__endswith="@demo.test").exists()


def test_it_loads_a_year_of_meetings_with_the_seeds_failings(settings):
    from meetings.models import Action, Attendance, Meeting

    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    meetings = Meeting.objects.filter(
        group__name__in=["Wiltshire CSP Executive Board", "Community Safety Partnership Board"]
    )
    assert meetings.filter(status="cancelled").count() == 2
    assert Attendance.objects.filter(status="substituted").exists()
    assert Attendance.objects.filter(status="apologies").exists()
    late = [m for m in meetings.filter(status="held") if m.minutes_late()]
    assert len(late) == 2  # one set of minutes circulated late for each board
    assert Action.objects.overdue().exists() and Action.objects.filter(status="done").exists()


def test_it_loads_the_strategies_with_flags_to_fix(settings):
    from strategy.models import Indicator, Priority

    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    wiltshire = Priority.objects.filter(
        plan__partnership__name="Wiltshire Community Safety Partnership"
    )
    assert wiltshire.count() == 5 and not wiltshire.filter(lead_person__isnull=True).exists()
    current = Priority.objects.for_strategy_page().filter(
        plan__title="Community Safety Plan 2026-29"
    )
    on = __import__("datetime").date(2026, 11, 23)
    assert [p.flags(on=on) for p in current] == [
        [],
        ["No accountable lead", "No update in the last quarter"],
        ["No delivery plan", "No update in the last quarter"],
    ]
    assert Indicator.objects.get(name="Violence with injury").values.filter(area="").count() == 12
