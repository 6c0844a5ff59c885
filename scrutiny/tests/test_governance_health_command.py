"""The governance_health command: the findings as text or JSON, for one
partnership or all, as on a given day."""

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from meetings.models import AgendaItem
from scrutiny.models import HealthCheck
from scrutiny.tests.test_health import CASES, action_overdue, build, tor_missing

NAME = "Northshire Community Safety Partnership"


@pytest.fixture
def healthy(db):
    return build(NAME)


def run(*args):
    out = StringIO()
    call_command("governance_health", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_findings_as_json(healthy):
    action_overdue(healthy)
    tor_missing(healthy)

    findings = json.loads(run("--format", "json", "--on", "2026-06-15", "--partnership", NAME))

    assert [f["check"] for f in findings] == ["tor_missing", "action_overdue"]
    assert all(
        set(f) == {"check", "severity", "subject_type", "subject", "detail", "url"}
        for f in findings
    )
    assert findings[0] == {
        "check": "tor_missing",
        "severity": "high",
        "subject_type": "group",
        "subject": "Task group 3",
        "detail": f"Task group 3 ({NAME}) has no approved Terms of Reference.",
        "url": healthy.task_groups[2].get_absolute_url(),
    }


def test_it_prints_an_empty_list_for_a_healthy_partnership(healthy):
    assert json.loads(run("--format", "json", "--on", "2026-06-15", "--partnership", NAME)) == []


def test_it_finds_the_partnership_whatever_the_case(healthy):
    action_overdue(healthy)

    findings = json.loads(
        run("--format", "json", "--on", "2026-06-15", "--partnership", f"  {NAME.upper()} ")
    )

    assert [f["check"] for f in findings] == ["action_overdue"]


def test_it_reports_on_the_day_asked(healthy):
    action_overdue(healthy)  # due 5 June 2026

    assert json.loads(run("--format", "json", "--on", "2026-06-05", "--partnership", NAME)) == []


def test_it_includes_actions_on_exempt_items(healthy):
    item = AgendaItem.objects.create(
        meeting=healthy.board_meetings[-1],
        position=9,
        title="Domestic homicide review",
        exempt=True,
        exempt_paragraph=1,
    )
    healthy.late.item = item
    healthy.late.save()
    action_overdue(healthy)

    findings = json.loads(run("--format", "json", "--on", "2026-06-15"))

    assert [f["check"] for f in findings] == ["action_overdue"]


def test_it_prints_the_findings_as_text_with_a_count_by_severity(healthy):
    for defect, _fix in CASES.values():
        defect(healthy)

    lines = run("--on", "2026-06-15", "--partnership", NAME).splitlines()

    # One finding a check, each of its check's severity.
    severities = Counter(HealthCheck.objects.get(name=check).severity for check in CASES)
    assert lines[-1] == (
        f"{len(CASES)} findings: {severities['high']} high, {severities['medium']} medium, "
        f"{severities['low']} low."
    )
    assert len(lines) == 3 * len(CASES) + 1
    probation = healthy.orgs["probation"].name
    assert lines[0].split() == ["HIGH", "authority_absent", *f"{probation} on Board".split()]
    assert lines[1].strip().startswith(f"{probation} was not represented")
    assert lines[2].strip() == reverse("meetings:group_meetings", args=[healthy.board.pk])


def test_it_prints_only_the_count_when_all_is_well(healthy):
    assert run("--on", "2026-06-15") == "0 findings: 0 high, 0 medium, 0 low.\n"


def test_it_refuses_an_unknown_partnership(healthy):
    with pytest.raises(CommandError, match="No partnership is called 'Atlantis CSP'"):
        run("--partnership", "Atlantis CSP")


@pytest.mark.parametrize("day", ["15/06/2026", "2026-02-30", "yesterday"])
def test_it_refuses_a_day_that_is_not_a_date(healthy, day):
    with pytest.raises(CommandError, match="is not a date: write it as YYYY-MM-DD"):
        run("--on", day)


def test_it_refuses_an_unknown_format(healthy):
    with pytest.raises(CommandError, match="invalid choice: 'csv'"):
        run("--format", "csv")
