"""A county's Community Safety Agreement, the district priorities serving it, its
dashboard; the strategic assessment cycle on the strategy pages."""

import datetime

import pytest
from django.core.management import call_command

from config.stale_edits import version
from partnerships.models import Partnership
from partnerships.tests.factories import PartnershipFactory
from strategy.county import agreement_standing
from strategy.models import Plan, Priority, PriorityUpdate, StrategicAssessment

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)


@pytest.fixture
def county():
    return PartnershipFactory(name="County board", kind=Partnership.Kind.COUNTY_STRATEGIC_GROUP)


@pytest.fixture
def agreement(county):
    plan = Plan.objects.create(
        partnership=county,
        kind=Plan.Kind.AGREEMENT,
        title="Community Safety Agreement",
        starts=START,
        ends=END,
    )
    for position, title in enumerate(["Reducing reoffending", "Domestic abuse", "Prevent"], 1):
        Priority.objects.create(plan=plan, position=position, title=title)
    return plan


def _district(county, name, *priorities, starts=START):
    district = PartnershipFactory(name=name, parent=county, reports_to=county)
    plan = Plan.objects.create(
        partnership=district,
        title=f"{name} plan",
        starts=starts,
        ends=starts + datetime.timedelta(days=364),
    )
    made = []
    for position, (title, serves, rag) in enumerate(priorities, 1):
        priority = Priority.objects.create(plan=plan, position=position, title=title)
        priority.serves.add(*serves)
        if rag:
            PriorityUpdate.objects.create(
                priority=priority, period_end=datetime.date(2026, 6, 30), rag=rag
            )
        made.append(priority)
    return district, made


def test_the_dashboard_shows_each_agreement_priority_against_the_districts(county, agreement):
    reoffending, abuse, prevent = agreement.priorities.order_by("position")
    north, (n1, n2) = _district(
        county,
        "North",
        ("Reoffending", [reoffending], "green"),
        ("Domestic abuse and VAWG", [abuse], "red"),
    )
    south, (s1, s2) = _district(
        county, "South", ("Domestic abuse", [abuse], None), ("Town centre", [], "amber")
    )
    quiet, _ = _district(county, "Quiet", ("Rural crime", [], "green"))
    PartnershipFactory(name="Not yet formed", parent=county)  # no plan of the period

    standing = agreement_standing(agreement)

    assert [d.partnership.name for d in standing["districts"]] == ["North", "Quiet", "South"]
    cells = {
        row.priority.title: [[(s.priority.title, s.rag) for s in cell] for cell in row.cells]
        for row in standing["rows"]
    }
    assert cells == {
        "Reducing reoffending": [[("Reoffending", "green")], [], []],
        "Domestic abuse": [[("Domestic abuse and VAWG", "red")], [], [("Domestic abuse", None)]],
        "Prevent": [[], [], []],
    }
    assert standing["unserved"] == [prevent]
    assert [d.partnership.name for d in standing["serving_none"]] == ["Not yet formed", "Quiet"]
    south_column = next(d for d in standing["districts"] if d.partnership == south)
    assert south_column.unlinked == [s2]


def test_the_dashboard_page_and_its_download(client, scrutiny_member, county, agreement):
    reoffending = agreement.priorities.get(position=1)
    _district(county, "North", ("Reoffending", [reoffending], "amber"))
    scrutiny_member.partnerships.add(county)
    client.force_login(scrutiny_member)
    url = f"/plans/{agreement.pk}/agreement/"
    html = client.get(url).content.decode()
    assert "Community Safety Agreement: county dashboard" in html
    assert "Reoffending" in html and "Amber" in html
    assert "No district serves it" in html  # Domestic abuse and Prevent
    csv = client.get(url, {"format": "csv", "table": "agreement"}).content.decode()
    assert "Reducing reoffending,North,Reoffending,Amber,2026-06-30" in csv
    assert "Prevent,None serves it" in csv
    # A plan that is not an agreement has no county dashboard.
    plain = Plan.objects.create(partnership=county, title="Plan", starts=START, ends=END)
    assert client.get(f"/plans/{plain.pk}/agreement/").status_code == 404


def test_a_district_priority_is_linked_to_the_agreement_above_it(
    client, officer, partnership, county, agreement
):
    partnership.parent = county
    partnership.save()
    plan = Plan.objects.create(partnership=partnership, title="Plan", starts=START, ends=END)
    client.force_login(officer)
    url = f"/plans/{plan.pk}/priorities/new/"
    form = client.get(url).content.decode()
    assert "Reducing reoffending" in form and "Community Safety Agreement" in form
    abuse = agreement.priorities.get(title="Domestic abuse")
    response = client.post(
        url, {"position": 1, "title": "Domestic abuse", "serves": [abuse.pk]}
    )
    assert response.status_code == 302
    assert list(plan.priorities.get().serves.all()) == [abuse]


def test_no_agreement_above_means_no_question(client, officer, partnership):
    plan = Plan.objects.create(partnership=partnership, title="Plan", starts=START, ends=END)
    client.force_login(officer)
    assert "agreement" not in client.get(f"/plans/{plan.pk}/priorities/new/").content.decode()


def test_a_priority_added_outside_the_assessment_needs_a_reason_and_shows(
    client, officer, partnership
):
    plan = Plan.objects.create(partnership=partnership, title="Plan", starts=START, ends=END)
    client.force_login(officer)
    url = f"/plans/{plan.pk}/priorities/new/"
    refused = client.post(url, {"position": 1, "title": "Rural crime", "outside_assessment": "on"})
    assert "Say why the priority was added outside the strategic assessment" in (
        refused.content.decode()
    )
    assert not plan.priorities.exists()
    client.post(
        url,
        {
            "position": 1,
            "title": "Rural crime",
            "outside_assessment": "on",
            "outside_reason": "Funding offered by the PCC.",
        },
    )
    priority = plan.priorities.get()
    page = client.get(f"/partnerships/{partnership.pk}/strategy/").content.decode()
    assert "Added outside the strategic assessment" in page
    detail = client.get(priority.get_absolute_url()).content.decode()
    assert "Funding offered by the PCC." in detail


def test_a_plan_is_linked_to_its_assessment_afterwards(client, officer, partnership):
    plan = Plan.objects.create(partnership=partnership, title="Plan", starts=START, ends=END)
    client.force_login(officer)
    page = client.get(f"/partnerships/{partnership.pk}/strategy/").content.decode()
    assert "Rests on no strategic assessment" in page
    assessment = StrategicAssessment.objects.create(
        partnership=partnership, title="Assessment 2026", date=datetime.date(2026, 1, 31)
    )
    response = client.post(
        f"/plans/{plan.pk}/edit/",
        {
            "kind": plan.kind,
            "title": plan.title,
            "starts_0": "1",
            "starts_1": "4",
            "starts_2": "2026",
            "ends_0": "31",
            "ends_1": "3",
            "ends_2": "2027",
            "assessment": assessment.pk,
            "seen_version": version(plan),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.assessment == assessment
    page = client.get(f"/partnerships/{partnership.pk}/strategy/").content.decode()
    assert "Rests on the strategic assessment Assessment 2026" in page
    assert "Plans resting on it: Plan" in page


def test_the_demo_county_dashboard_shows_the_agreements_five_priorities(settings, client):
    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    agreement = Plan.objects.get(
        partnership__name="Safer Communities Board", kind=Plan.Kind.AGREEMENT
    )
    standing = agreement_standing(agreement)
    assert [row.priority.title for row in standing["rows"]] == [
        "Reducing reoffending",
        "Domestic abuse",
        "Drug and alcohol misuse",
        "Anti-social behaviour",
        "Preventing violent extremism",
    ]
    assert {d.partnership.name for d in standing["districts"]} == {
        "Bromsgrove Community Safety Partnership",
        "Redditch Community Safety Partnership",
        "South Worcestershire Community Safety Partnership",
        "Wyre Forest Community Safety Partnership",
    }
    assert standing["unserved"] == []
    assert all(row.served for row in standing["rows"])
